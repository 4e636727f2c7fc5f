"""No personal data or secrets in error pages or logs: a crash in production shows a plain Chinese page
(no traceback, settings or exception text), and a failed login or a bad import logs no password."""

from __future__ import annotations

import io
import logging

import pytest
from django.conf import settings as django_settings
from django.test import Client

from zhunru.areas import services as area_services
from zhunru.conftest import PASSWORD
from zhunru.core.models import AuditEvent
from zhunru.tests.security.boom_urls import SECRET_IN_EXCEPTION

WRONG_PASSWORD = "Wr0ng!Passw0rd-7731"


@pytest.fixture
def all_logs():
    """Every log record of every logger, at every level, formatted with its traceback."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


@pytest.mark.django_db
@pytest.mark.urls("zhunru.tests.security.boom_urls")
def test_a_crash_in_production_shows_no_traceback_or_secret(settings, all_logs):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client(raise_request_exception=False)
    response = client.post("/__boom__/", {"username": "someone", "password": WRONG_PASSWORD})
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错" in page
    for leak in (
        "Traceback",
        "RuntimeError",
        SECRET_IN_EXCEPTION,
        WRONG_PASSWORD,
        django_settings.SECRET_KEY,
        "SECRET_KEY",
        "DATABASES",
        "boom_urls",
    ):
        assert leak not in page, leak
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    logs = all_logs.getvalue()
    assert "Internal Server Error: /__boom__/" in logs  # the crash is logged for the administrator
    assert WRONG_PASSWORD not in logs  # but not what the user posted


@pytest.mark.django_db
def test_an_api_crash_answers_json_without_a_traceback(settings, monkeypatch, all_logs):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    from zhunru.api import catalog as api_catalog

    def explode(*args, **kwargs):
        raise RuntimeError(SECRET_IN_EXCEPTION)

    monkeypatch.setattr(api_catalog.selectors, "search_catalog", explode)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/catalog/matters")
    assert response.status_code == 500
    assert response.json() == {"error": "server_error", "message": "服务器内部错误，已记录，请稍后再试。"}
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "Internal Server Error: /api/v1/catalog/matters" in all_logs.getvalue()


@pytest.mark.django_db
def test_a_failed_login_logs_no_password(client, applicant, all_logs):
    response = client.post("/accounts/login/", {"username": applicant.username, "password": WRONG_PASSWORD})
    assert response.status_code == 400 and "密码" in response.content.decode()
    client.post("/accounts/login/", {"username": "nobody", "password": WRONG_PASSWORD})
    assert WRONG_PASSWORD not in all_logs.getvalue()
    events = AuditEvent.objects.filter(event_type__startswith="login.")
    assert events.exists()
    for event in events:
        assert WRONG_PASSWORD not in str(event.summary) and PASSWORD not in str(event.summary)


@pytest.mark.django_db
def test_a_bad_import_logs_no_secret_cells(sysadmin, all_logs):
    data = f"code,name,kind\n123,{WRONG_PASSWORD},department\n".encode()
    report = area_services.departments_import(actor=sysadmin, name="departments.csv", data=data)
    assert not report.ok
    assert WRONG_PASSWORD not in all_logs.getvalue()
