"""Response headers and production settings: `zhunru check --deploy` finds nothing, cookies are secure in
production, every page forbids framing, sniffing and inline scripts, and uploads come back as downloads."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest

from zhunru.access import services as access_services
from zhunru.api.tests.helpers import APPLICATION
from zhunru.conftest import PASSWORD
from zhunru.gateway import services as gateway_services

# What a browser may run: only our own files. Styles may not be inline either.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHUNRU_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        ZHUNRU_DEBUG="0",
        ZHUNRU_SECRET_KEY=secrets.token_urlsafe(50),
        ZHUNRU_AUDIT_KEY=secrets.token_urlsafe(40),
        ZHUNRU_DATA_KEY=secrets.token_hex(16),
        ZHUNRU_ALLOWED_HOSTS="zhunru.example.gov.cn",
        ZHUNRU_DATA_DIR=str(tmp_path),
    )
    return env


def test_check_deploy_finds_nothing_in_production(tmp_path):
    zhunru = [sys.executable, "-m", "zhunru"]
    done = subprocess.run(
        [*zhunru, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout, done.stdout + done.stderr


def test_production_settings_are_secure(tmp_path):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('DEBUG', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', "
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'SESSION_COOKIE_SAMESITE')}))"
    )
    env = {**production_env(tmp_path), "DJANGO_SETTINGS_MODULE": "zhunru.settings"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout)
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_SAMESITE": "Lax",
    }


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1]
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def assert_hardened(response) -> None:
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    if not response.headers.get("Content-Type", "text/html").startswith("text/html"):
        assert "Content-Security-Policy" not in response.headers  # PDFs, JSON: no document to police
        return
    rules = policy(response)
    for directive, value in CSP.items():
        assert rules[directive] == value, directive
    assert "unsafe-inline" not in rules["script-src"] and "unsafe-eval" not in rules["script-src"]


@pytest.fixture
def production(settings):
    """The request-time settings production runs with (settings.py derives them from ZHUNRU_DEBUG=0;
    test_production_settings_are_secure proves that)."""
    settings.DEBUG = False
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.mark.django_db
def test_pages_api_and_errors_carry_the_headers(client, production, applicant):
    for path in (
        "/accounts/login/",
        "/portal/",
        "/api/v1/docs",
        "/api/v1/openapi.json",
        "/no-such-page/",
        "/api/v1/x",
    ):
        assert_hardened(client.get(path, secure=True))
    response = client.post(
        "/accounts/login/", {"username": applicant.username, "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    assert_hardened(response)
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    csrf = client.get("/accounts/login/", secure=True).cookies.get("csrftoken") or client.cookies["csrftoken"]
    assert csrf["secure"]
    assert_hardened(client.get("/", secure=True))
    assert "max-age=31536000" in client.get("/", secure=True).headers["Strict-Transport-Security"]


@pytest.mark.django_db
def test_no_template_has_an_inline_script_or_event_handler():
    """The CSP forbids them; this finds them before a browser does (letters are PDFs, not pages)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            if 'type="application/json"' not in match.group(0):
                offenders.append(f"{path}: {match.group(0)}")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text) or "javascript:" in text:
            offenders.append(f"{path}: inline event handler or javascript: URL")
    assert not offenders, offenders


# ---------------------------------------------------------------- uploads come back as downloads

POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"


@pytest.mark.django_db
def test_application_attachments_download_as_attachments(
    client, production, applicant, approval_clerk, monkeypatch
):
    app = access_services.application_create(actor=applicant, data=APPLICATION)
    attachment = access_services.attachment_add(
        actor=applicant, application=app, name="<script>x</script>.html", data=POLYGLOT
    )
    client.force_login(applicant)
    response = client.get(f"/access/attachments/{attachment.pk}/", secure=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "<script>" not in response.headers["Content-Disposition"]
    assert_hardened(response)
    client.force_login(approval_clerk)  # a draft is not the office's to see
    assert client.get(f"/access/attachments/{attachment.pk}/", secure=True).status_code == 404


@pytest.mark.django_db
def test_gateway_attachments_download_as_attachments(client, production, community_worker, outsider):
    notice = gateway_services.notice_register(
        actor=community_worker,
        text="请社区于本周五前上报辖区老年人体检台账。",
        attachment=("notice.pdf", POLYGLOT),
    )
    client.force_login(community_worker)
    response = client.get(f"/gateway/notices/{notice.pk}/attachment/", secure=True)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Type"] in ("application/pdf", "application/octet-stream")
    assert_hardened(response)
    client.force_login(outsider)
    assert client.get(f"/gateway/notices/{notice.pk}/attachment/", secure=True).status_code in (403, 404)
