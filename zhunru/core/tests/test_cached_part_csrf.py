"""A kept part with a form gets each request's CSRF token in its hidden field, and only there."""

from __future__ import annotations

from django.template import engines
from django.test import RequestFactory
from django.utils.html import escape

from zhunru.core.stamps import CSRF_MARK, cached_part, with_csrf

FORM = engines["django"].from_string('<form method="post">{% csrf_token %}<p>{{ text }}</p></form>')


def request():
    return RequestFactory().get("/")


def test_each_request_gets_its_own_token_in_the_kept_part(db):
    text = f'name="csrfmiddlewaretoken" value="{CSRF_MARK}"'  # typed by someone: escaped, left alone
    renders = []

    def render() -> str:
        renders.append(1)
        return FORM.render({"csrf_token": CSRF_MARK, "text": text})

    first, second = request(), request()
    a = cached_part("test-form", (), ["x"], render, request=first)
    b = cached_part("test-form", (), ["x"], render, request=second)
    assert len(renders) == 1
    field = 'name="csrfmiddlewaretoken" value="'
    token_a = a.split(field, 1)[1].split('"', 1)[0]
    token_b = b.split(field, 1)[1].split('"', 1)[0]
    assert CSRF_MARK not in (token_a, token_b) and token_a != token_b
    assert escape(text) in a  # the escaped text kept the mark: no token leaks into data
    assert first.META["CSRF_COOKIE"] and second.META["CSRF_COOKIE"]


def test_without_a_mark_nothing_changes():
    html = "<p>没有表单</p>"
    assert with_csrf(html, request()) == html


def test_with_the_cache_off_the_token_is_put_in_too(settings):
    settings.PAGE_CACHE_SECONDS = 0
    html = cached_part("t", (), [], lambda: FORM.render({"csrf_token": CSRF_MARK}), request=request())
    assert CSRF_MARK not in html and 'name="csrfmiddlewaretoken"' in html
