"""The demo: boards in several communities, some without an admitted matter, one campaign open that
lists those; loading twice changes nothing."""

from __future__ import annotations

import pytest

from zhunru.demo import loader
from zhunru.demo import registries as demo
from zhunru.registries import selectors
from zhunru.registries.models import Campaign, Signboard

pytestmark = pytest.mark.django_db


def test_the_demo_boards_and_campaign(district):
    loader.load_catalog()
    demo.load_signboards()
    demo.load_signboards()
    assert Signboard.objects.count() == len(demo.BOARDS)
    assert Signboard.objects.values("community").distinct().count() >= 5
    campaign = Campaign.objects.get()
    assert campaign.status == "open"
    unadmitted = {b.pk for b in Signboard.objects.all() if not selectors.admitted(b)}
    assert {i.signboard_id for i in campaign.items.all()} == unadmitted and len(unadmitted) == 5
    assert Signboard.objects.get(status="removed").name == "老年人体育协会"
