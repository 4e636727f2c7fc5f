"""A payment to a community waits in its workers' to-do list until they confirm or dispute it."""

from __future__ import annotations

import pytest

from zhunru.funding import services
from zhunru.funding.tests.conftest import pay

pytestmark = pytest.mark.django_db

DONGHU, HUAYUAN = "990101001001", "990101001002"


def test_payments_to_confirm_in_the_todo(client, decision, applicant, community_worker, huayuan_worker):
    d = pay(applicant, decision, [DONGHU], "3000", "V-1")
    client.force_login(community_worker)
    page = client.get("/inbox/").content.decode()
    assert "经费到账确认：1 笔拨付待确认" in page and "/funding/disbursements/" in page
    client.force_login(huayuan_worker)  # nothing was paid to 花园路
    assert "经费到账确认" not in client.get("/inbox/").content.decode()
    services.disbursement_line_confirm(actor=community_worker, line=d.lines.get())
    client.force_login(community_worker)
    assert "经费到账确认" not in client.get("/inbox/").content.decode()
