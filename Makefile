# zhunru — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: run test install dev lint format messages openapi clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	@# PDF rendering (WeasyPrint) needs Pango and a Chinese font from Debian, and HarfBuzz's subsetter: without
	@# it WeasyPrint subsets the CJK fonts with fontTools, 15 s more for the city's monthly report
	@if ! ldconfig -p | grep -q libpango-1.0 || ! ldconfig -p | grep -q libharfbuzz-subset || ! fc-list :lang=zh | grep -q .; then \
	  echo "Installing Pango, HarfBuzz subset and Noto CJK fonts for PDF documents…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils >/dev/null; \
	fi
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate a SQLite database under var/, load the demo district, print logins, serve
run: install
	$(BIN)/zhunru demo

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests…"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null

## make test: install everything (chromium included) and run the whole suite
test: install $(CHROMIUM)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	ZHUNRU_DATA_DIR=$$(mktemp -d) $(BIN)/zhunru makemigrations --check --dry-run
	ZHUNRU_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

## make messages: refresh and compile the English translation catalogue
messages: install
	cd zhunru && ../$(BIN)/zhunru makemessages -l en --no-obsolete && ../$(BIN)/zhunru compilemessages -l en

clean:
	rm -rf $(VENV) var .pytest_cache
