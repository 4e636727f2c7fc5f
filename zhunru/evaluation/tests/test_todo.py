"""An open evaluation round puts the departments a community has still to rate into its workers'
to-do list, due by the round's closing date; rating them all empties it."""

from __future__ import annotations

import pytest

from zhunru.evaluation.tests.conftest import SCORES, rate

pytestmark = pytest.mark.django_db


def test_departments_to_rate_in_the_todo(
    client, round_2025, workers, minzheng_matter, weijian_notices, district
):
    worker = workers[0]  # her community was sent work by 区民政局 (a matter) and 区卫健委 (a demand)
    client.force_login(worker)
    page = client.get("/inbox/").content.decode()
    assert "2025 年度评议：还有 2 个部门待评" in page and "2026-01-31" in page and "/evaluation/2025/" in page
    rate(worker, round_2025, district["minzheng"], SCORES[0])
    assert "还有 1 个部门待评" in client.get("/inbox/").content.decode()
    rate(worker, round_2025, district["weijian"], SCORES[1])
    assert "年度评议" not in client.get("/inbox/").content.decode()
