"""Every portal page answers anonymous visitors, without JavaScript, and shows no personal data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhunru.access.tests.factories import exited_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def exit_decision(district, decision):
    return exited_matter(district, decision.matter)


def portal_urls(decision, exit_decision) -> list[str]:
    return [
        reverse("portal:index"),
        reverse("portal:catalog"),
        reverse("portal:catalog") + "?list=duty&kind=task&q=居民",
        reverse("portal:matter", args=["SF-D01"]),
        reverse("portal:matter", args=[decision.matter.code]),
        reverse("portal:decisions"),
        reverse("portal:decision", args=[decision.year, decision.seq]),
        reverse("portal:decision", args=[exit_decision.year, exit_decision.seq]),
        reverse("portal:versions"),
        reverse("portal:versions") + "?a=1&b=2",
        reverse("portal:exits"),
        reverse("portal:verify"),
        reverse("portal:verify") + "?q=" + decision.digest,
    ]


def test_every_page_is_public(client, decision, exit_decision):
    for url in portal_urls(decision, exit_decision):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'class="portal-nav"' in html, url
        assert "<script" not in html.split("</head>", 1)[1], url  # the page works without JavaScript


def test_urls():
    assert reverse("portal:decision", args=[2026, 7]) == "/portal/decisions/2026-7/"
    assert reverse("portal:decision_pdf", args=[2026, 7]) == "/portal/decisions/2026-7/letter.pdf"
    assert reverse("portal:verify") == "/portal/verify/"


def test_no_personal_data(client, decision, exit_decision):
    """Reviewers appear at most by name and organization (as in the letter); an exit's requester only by
    organization; never a username, phone or contact."""
    requester = exit_decision.exit_request.requested_by
    reviewers = [o.reviewer for o in decision.application.opinions.all()]
    for url in portal_urls(decision, exit_decision):
        html = client.get(url).content.decode()
        for user in [requester, *reviewers, decision.application.created_by]:
            assert user.username not in html, (url, user.username)
        assert decision.application.contact_phone not in html.replace(decision.digest, ""), url
    exits_html = client.get(reverse("portal:exits")).content.decode()
    assert exit_decision.exit_request.requester_org in exits_html


def test_portal_nav_marks_the_current_page(client, catalog):
    html = client.get(reverse("portal:catalog")).content.decode()
    assert f'href="{reverse("portal:catalog")}" aria-current="page"' in html
    assert 'class="menu"' not in html  # anonymous: no application menu


def test_index_counts_the_lists(client, catalog):
    html = client.get(reverse("portal:index")).content.decode()
    assert "依法履职事项" in html and "负面事项" in html
    assert reverse("portal:catalog") + "?list=negative" in html


def test_pages_in_english(client, decision):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("portal:decision", args=[decision.year, decision.seq]))
    assert response.status_code == 200
    assert "准入决定书" in response.content.decode()  # the official letter stays in Chinese
