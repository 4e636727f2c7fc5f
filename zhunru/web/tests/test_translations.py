"""The English catalogue is complete and compiled; the language follows the switch (cookie) only."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LC = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
ENTRY_KEY = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt/msgid/msgid_plural/msgstr[n] (unescaped) and `flags`."""
    entries: list[dict] = []
    entry: dict = {"flags": set()}
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"flags": set()}, ""
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := ENTRY_KEY.match(line):
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        else:
            entry[key] += ast.literal_eval(line)
    return entries


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return [e for e in parse_po(LC / "django.po") if e["msgid"]]  # without the header


def translations(entry: dict) -> list[str]:
    return [value for key, value in sorted(entry.items()) if key.startswith("msgstr")]


def test_catalogue_is_complete(entries):
    assert len(entries) > 100
    empty = [e["msgid"] for e in entries if not all(translations(e))]
    assert empty == [], f"untranslated: {empty}"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert fuzzy == [], f"fuzzy: {fuzzy}"
    plurals = [e for e in entries if "msgid_plural" in e]
    assert plurals and all({"msgstr[0]", "msgstr[1]"} <= e.keys() for e in plurals)


def test_header_is_not_fuzzy():
    header = next(e for e in parse_po(LC / "django.po") if e["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    assert "Language: en" in header["msgstr"]


def test_translations_are_english_and_keep_placeholders(entries):
    for entry in entries:
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for text in translations(entry):
            assert sorted(PLACEHOLDER.findall(text)) == expected, (entry["msgid"], text)
            # Chinese only where quoted from the original (e.g. an example document number).
            assert text != entry["msgid"], text
            for chinese in CJK.findall(text):
                assert chinese in entry["msgid"], (entry["msgid"], text)


def test_compiled_catalogue_matches_po(entries):
    """The committed .mo was compiled from the current .po (`make messages`)."""
    with (LC / "django.mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in entries:
        ctx = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for n, key in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                got = (
                    mo.npgettext(ctx, entry["msgid"], entry["msgid_plural"], n)
                    if ctx
                    else mo.ngettext(entry["msgid"], entry["msgid_plural"], n)
                )
                assert got == entry[key]
        else:
            got = mo.pgettext(ctx, entry["msgid"]) if ctx else mo.gettext(entry["msgid"])
            assert got == entry["msgstr"], entry["msgid"]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_login_page_in_english_with_cookie(english):
    html = english.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html and "Username" in html and "Password" in html
    assert "登录" not in html and "用户名" not in html


@pytest.mark.django_db
def test_home_page_in_english_with_cookie(english, sysadmin):
    english.force_login(sysadmin)
    response = english.get(reverse("web:home"))
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    for text in ("Home", "User management", "Data import", "Working days", "Log out", "System administrator"):
        assert text in html
    for text in ("首页", "用户管理", "退出", "系统管理员"):
        assert text not in html


@pytest.mark.django_db
@pytest.mark.parametrize("accept", [None, "en", "en-US,en;q=0.9"])
def test_chinese_without_cookie_whatever_the_browser_asks(client, sysadmin, accept):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    login = client.get(reverse("accounts:login"), **headers).content.decode()
    assert '<html lang="zh-CN">' in login and "登录" in login and "Log in" not in login
    client.force_login(sysadmin)
    response = client.get(reverse("web:home"), **headers)
    html = response.content.decode()
    assert response["Content-Language"] == "zh-hans"
    assert "用户管理" in html and "退出" in html
    assert "User management" not in html and "Log out" not in html


@pytest.mark.django_db
def test_unknown_cookie_value_falls_back_to_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "登录" in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_switch_sets_the_cookie_and_back(client):
    login_url = reverse("accounts:login")
    response = client.post(reverse("set_language"), {"language": "en", "next": login_url})
    assert response.status_code == 302 and response["Location"] == login_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Log in" in client.get(login_url).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": login_url})
    assert "登录" in client.get(login_url).content.decode()


def test_an_english_request_leaves_no_english_behind(english):
    from django.utils import translation

    english.get(reverse("accounts:login"))
    assert translation.get_language() == settings.LANGUAGE_CODE  # a later message on this thread is Chinese
    assert str(translation.gettext("登录")) == "登录"


def test_every_string_in_the_code_has_an_english_translation(tmp_path):
    """makemessages over a copy of the package (without its catalogues): every msgid it finds is translated
    in the main catalogue or in an app's own (zhunru/<app>/locale/en)."""
    import shutil
    import subprocess
    import sys

    package = Path(settings.BASE_DIR)
    copy = tmp_path / "zhunru"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("locale", "tests", "__pycache__", "*.mo"))
    (copy / "locale").mkdir()
    django_admin = Path(sys.executable).with_name("django-admin")
    subprocess.run(
        [
            str(django_admin),
            "makemessages",
            "-l",
            "en",
            "--settings=zhunru.settings",
            f"--pythonpath={package.parent}",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = [e for e in parse_po(copy / "locale/en/LC_MESSAGES/django.po") if e["msgid"]]
    known = {
        (e.get("msgctxt"), e["msgid"])
        for po in package.glob("**/locale/en/LC_MESSAGES/django.po")
        for e in parse_po(po)
        if e["msgid"] and all(translations(e))
    }
    missing = [e["msgid"] for e in extracted if (e.get("msgctxt"), e["msgid"]) not in known]
    assert len(extracted) > 1000
    assert missing == [], f"no English for: {missing}"


APP_CATALOGUES = sorted(Path(settings.BASE_DIR).glob("*/locale/en/LC_MESSAGES"))


@pytest.mark.parametrize("lc", APP_CATALOGUES, ids=lambda lc: lc.parts[-4])
def test_each_apps_catalogue_is_complete_english_and_compiled(lc):
    """An app's own catalogue (zhunru/<app>/locale/en): every entry translated, in English, placeholders
    kept, nothing fuzzy, and the compiled .mo says the same."""
    entries = [e for e in parse_po(lc / "django.po") if e["msgid"]]
    assert entries
    assert [e["msgid"] for e in entries if not all(translations(e))] == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    for entry in entries:
        for text in translations(entry):
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry["msgid"])), text
            quoted = [run for run in CJK.findall(text) if run not in entry["msgid"]]  # examples stay Chinese
            assert not quoted, text
    with (lc / "django.mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in entries:
        if "msgid_plural" not in entry:
            context = entry.get("msgctxt")
            got = mo.pgettext(context, entry["msgid"]) if context else mo.gettext(entry["msgid"])
            assert got == entry["msgstr"], entry["msgid"]


def test_every_app_catalogue_is_checked():
    assert len(APP_CATALOGUES) >= 8
