"""The open clean-up campaign puts each community's boards to remove into its workers' to-do list, due
by the removal deadline; a removed board leaves it; other communities and roles see nothing."""

from __future__ import annotations

import pytest

from zhunru.registries import services
from zhunru.registries.tests.conftest import upload
from zhunru.registries.tests.test_campaign import DEADLINE, boards, open_campaign  # noqa: F401

pytestmark = pytest.mark.django_db


def test_boards_to_remove_in_the_todo(client, boards, approval_clerk, community_worker, xiling_worker):  # noqa: F811
    campaign = open_campaign(approval_clerk)
    client.force_login(community_worker)
    page = client.get("/inbox/").content.decode()
    assert "本社区还有 1 块牌子待摘除" in page and DEADLINE.isoformat() in page
    assert f"/registries/campaigns/{campaign.pk}/" in page
    services.signboard_remove(actor=community_worker, signboard=boards["donghu_bad"], photo=upload())
    assert "待摘除" not in client.get("/inbox/").content.decode()
    client.force_login(xiling_worker)  # its board has an admitted matter: nothing to remove
    assert "待摘除" not in client.get("/inbox/").content.decode()
