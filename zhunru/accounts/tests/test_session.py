"""Sessions end after 30 idle minutes; a request restarts the 30 minutes, writing the session at most once a
minute."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhunru.accounts.tests.helpers import LOGIN_URL, is_logged_out, logged_in, login
from zhunru.conftest import PASSWORD

MINUTE = dt.timedelta(minutes=1)


def at(moment: dt.datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_idle_timeout_settings():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_REFRESH_SECONDS == 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_a_session_past_its_expiry_is_anonymous(client, applicant):
    logged_in(client, "applicant")
    assert client.get("/").status_code == 200

    store = client.session
    store.set_expiry(timezone.now() - dt.timedelta(seconds=1))
    store.save()

    response = client.get("/areas/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/areas/"


def test_an_expired_row_in_the_session_table_is_anonymous(client, applicant):
    logged_in(client, "applicant")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert is_logged_out(client)


def test_thirty_idle_minutes_log_the_user_out(client, applicant):
    start = timezone.now()
    with at(start):
        logged_in(client, "applicant")
    with at(start + 29 * MINUTE):
        assert client.get("/").status_code == 200
    with at(start + 59 * MINUTE + dt.timedelta(seconds=1)):
        assert is_logged_out(client)


def test_activity_keeps_the_session_alive(client, applicant):
    start = timezone.now()
    with at(start):
        logged_in(client, "applicant")
    for step in range(1, 5):  # a request every 25 minutes: 100 minutes in all
        with at(start + step * 25 * MINUTE):
            assert client.get("/").status_code == 200, step
    with at(start + 131 * MINUTE):
        assert is_logged_out(client)


def test_a_request_just_under_thirty_idle_minutes_still_works(client, applicant):
    start = timezone.now()
    with at(start):
        logged_in(client, "applicant")
    with at(start + 30 * MINUTE - dt.timedelta(seconds=5)):
        assert client.get("/").status_code == 200


def test_the_session_cookie_dies_with_the_browser(client, applicant):
    response = login(client, "applicant")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["max-age"]
    assert not cookie["expires"]


def test_changing_the_password_ends_the_other_sessions(client, applicant):
    other = logged_in(Client(), "applicant")
    logged_in(client, "applicant")
    client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": "Qingshan#88", "new_password2": "Qingshan#88"},
    )
    assert client.get("/").status_code == 200
    assert is_logged_out(other)


def test_login_returns_to_the_page_asked_for(client, applicant):
    response = client.get("/departments/")
    assert response["Location"] == f"{LOGIN_URL}?next=/departments/"
    response = client.post(
        response["Location"], {"username": "applicant", "password": PASSWORD}, follow=False
    )
    assert response["Location"] == "/departments/"


def test_login_never_sends_the_user_to_another_site(client, applicant):
    response = client.post(
        f"{LOGIN_URL}?next=https://evil.example/", {"username": "applicant", "password": PASSWORD}
    )
    assert response["Location"] == "/"


def session_writes(client, path="/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(1 for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"])


def test_pages_read_the_session_and_write_it_at_most_once_a_minute(client, applicant):
    start = timezone.now()
    with at(start):
        logged_in(client, "applicant")
        session_writes(client)  # the first page after signing in may write it
    with at(start + dt.timedelta(seconds=30)):
        assert session_writes(client) == 0
        assert session_writes(client, "/areas/") == 0
    with at(start + dt.timedelta(seconds=61)):
        assert session_writes(client) == 1
        assert session_writes(client) == 0
    expiry = Session.objects.get(session_key=client.session.session_key).expire_date
    assert expiry == start + dt.timedelta(seconds=61) + 30 * MINUTE


def test_a_session_written_a_minute_before_the_last_request_ends_29_minutes_after_it(client, applicant):
    start = timezone.now()
    with at(start):
        logged_in(client, "applicant")
        client.get("/")
    with at(start + dt.timedelta(seconds=59)):
        assert session_writes(client) == 0  # the expiry stays start + 30 minutes
    with at(start + 30 * MINUTE + dt.timedelta(seconds=1)):  # 29 minutes 2 seconds after the last request
        assert is_logged_out(client)
