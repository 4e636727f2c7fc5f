"""The inbox lists the steps a person took (已办)."""

from __future__ import annotations

import pytest

from zhunru.access.models import Status as S
from zhunru.access.tests.states import build
from zhunru.inbox.tests.helpers import text

pytestmark = pytest.mark.django_db


def done_section(client, user) -> str:
    client.force_login(user)
    page = text(client.get("/inbox/"))
    start = page.index('data-testid="done"')
    return page[start : page.index("</section>", start)]


def test_steps_taken_are_listed(client, people):
    app = build(people, S.ACCEPTED)
    head = done_section(client, people.head)
    assert app.reference in head and "签发" in head and "已签发" in head
    office = done_section(client, people.office)
    assert app.reference in office and "受理" in office
    assert f'href="/access/applications/{app.pk}/"' in office


def test_nothing_done_yet(client, people):
    assert "还没有办理过的事项" in done_section(client, people.office)
