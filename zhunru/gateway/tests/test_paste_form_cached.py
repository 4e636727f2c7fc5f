"""The empty paste form's fields are rendered once per language and kept; the page writes each worker's
own CSRF token around them, and the form posts with that token under enforced CSRF checks. A form sent
back with errors shows what was typed."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from zhunru.gateway.models import TaskNotice

pytestmark = pytest.mark.django_db

MESSAGE = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设。"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def paste_form_token(client: Client) -> str:
    page = client.get("/gateway/").content.decode()
    form = page.split('data-testid="paste-form"', 1)[1].split("</form>", 1)[0]
    return TOKEN.search(form)[1]


def test_each_worker_posts_the_kept_form_with_their_own_token(catalog, community_worker, other_worker, today):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(community_worker)
    second.force_login(other_worker)
    token_first, token_second = paste_form_token(first), paste_form_token(second)
    for client, token in ((first, token_first), (second, token_second)):
        response = client.post("/gateway/register/", {"text": MESSAGE, "csrfmiddlewaretoken": token})
        assert response.status_code == 302, response.content.decode()[:300]
    assert TaskNotice.objects.count() == 2
    # a session's token does not pass for another session
    swapped = second.post("/gateway/register/", {"text": MESSAGE, "csrfmiddlewaretoken": token_first})
    assert swapped.status_code == 403


def test_the_form_is_rendered_once_and_kept(catalog, community_worker, today, monkeypatch):
    from zhunru.gateway import views

    made = []
    real = views.RegisterForm
    monkeypatch.setattr(views, "RegisterForm", lambda *a, **k: made.append(1) or real(*a, **k))
    client = Client()
    client.force_login(community_worker)
    for _ in range(3):
        assert client.get("/gateway/").status_code == 200
    assert len(made) == 1
    client.get("/i18n/setlang/")  # no change of language without a POST
    client.post("/i18n/setlang/", {"language": "en", "next": "/gateway/"})
    assert 'data-testid="paste-form"' in client.get("/gateway/").content.decode()
    assert len(made) == 2  # one more for English


def test_a_form_with_errors_shows_what_was_typed(catalog, community_worker, today):
    client = Client()
    client.force_login(community_worker)
    response = client.post("/gateway/register/", {"text": MESSAGE, "hours": "-3"})
    page = response.content.decode()
    assert response.status_code == 400
    assert MESSAGE in page and 'value="-3"' in page
    assert TOKEN.search(page)


def test_a_community_officer_without_the_worker_role_gets_no_form(catalog, street_officer, today):
    client = Client()
    client.force_login(street_officer)
    page = client.get("/gateway/").content.decode()
    assert 'data-testid="paste-form"' not in page
