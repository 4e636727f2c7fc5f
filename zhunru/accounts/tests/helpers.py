"""Helpers shared by the account tests: log in through the real login form, read audit rows."""

from __future__ import annotations

from django.test import Client

from zhunru.conftest import PASSWORD
from zhunru.core.models import AuditEvent

LOGIN_URL = "/accounts/login/"
PASSWORD_URL = "/accounts/password/"


def login(client: Client, username: str, password: str = PASSWORD):
    """Post the login form; return the response (302 on success, 400 with a message on failure)."""
    return client.post(LOGIN_URL, {"username": username, "password": password})


def logged_in(client: Client, username: str, password: str = PASSWORD) -> Client:
    response = login(client, username, password)
    assert response.status_code == 302, response.content.decode()
    return client


def is_logged_out(client: Client) -> bool:
    """The next request to the home page sends the browser to the login page."""
    response = client.get("/")
    return response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


def events(event_type: str, **filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type, **filters).order_by("seq"))


def page_text(response) -> str:
    return response.content.decode()
