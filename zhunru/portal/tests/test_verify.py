"""Verification of a printed letter by its number or by its SM3 digest."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def verify(client, q: str) -> str:
    response = client.get(reverse("portal:verify"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def public_copy(decision) -> str:
    return reverse("portal:decision", args=[decision.year, decision.seq])


def test_by_number(client, decision):
    html = verify(client, decision.number)
    assert "查有此决定书" in html and "未找到" not in html
    assert decision.digest in html  # to compare with the printed footer
    assert public_copy(decision) in html


def test_by_number_with_ascii_brackets(client, decision):
    typed = decision.number.replace("〔", "[").replace("〕", "]")
    html = verify(client, f"  {typed} ")
    assert "查有此决定书" in html and public_copy(decision) in html


def test_by_digest(client, decision):
    for q in (decision.digest, decision.digest.upper()):
        html = verify(client, q)
        assert "真实有效" in html and "未找到" not in html
        assert decision.number in html and public_copy(decision) in html


def test_unknown_is_not_found(client, decision):
    for q in ("示范区准入决〔2026〕999号", "0" * 64, "随便写的"):
        html = verify(client, q)
        assert "未找到" in html and "真实有效" not in html and "查有此决定书" not in html
        assert public_copy(decision) not in html


def test_altered_digest_is_not_found(client, decision):
    altered = ("1" if decision.digest[0] != "1" else "2") + decision.digest[1:]
    assert "未找到" in verify(client, altered)


def test_input_is_escaped(client, decision):
    html = verify(client, "<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_empty_form(client, db):
    html = client.get(reverse("portal:verify")).content.decode()
    assert 'name="q"' in html and "未找到" not in html
