"""The demo: every sample notice registered in its community by that community's worker, with the file's
date and its verdict; a few refused with their letters; idempotent; the printed accounts unchanged."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

import zhunru.core.clock
from zhunru.accounts.models import User
from zhunru.demo import gateway as demo_gateway
from zhunru.demo import loader
from zhunru.gateway.models import TaskNotice

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_notices(district, monkeypatch):
    # A day when every item of the demo catalog is in the catalog (none has expired yet).
    monkeypatch.setattr(zhunru.core.clock, "today", lambda: dt.date(2026, 3, 1))
    loader.load_catalog()
    loader.ensure_account(next(s for s in loader.DEMO_ACCOUNTS if s.username == "worker"))
    return demo_gateway.load_notices()


def test_every_sample_notice_is_registered_in_its_community(demo_notices):
    rows = list(csv.DictReader(loader.data_file("notices.csv").decode("utf-8-sig").splitlines()))
    assert len(demo_notices) == len(rows) == TaskNotice.objects.count()
    by_id = {n.external_id: n for n in TaskNotice.objects.select_related("community", "created_by")}
    for row in rows:
        notice = by_id[row["id"]]
        assert notice.community.code == row["community"]
        assert notice.received_on.isoformat() == row["date"]
        assert notice.created_by.community_id == notice.community_id
        assert notice.source == TaskNotice.Source.IMPORT
    assert by_id["DEV-001"].created_by.username == "worker"  # 东湖社区's demo account
    assert User.objects.filter(username="worker_001002", community__code="990101001002").exists()


def test_the_verdicts_are_the_expected_ones(demo_notices):
    expected = {
        r["id"]: r["verdict"] for r in csv.DictReader(loader.data_file("expected.csv").decode().splitlines())
    }
    got = dict(TaskNotice.objects.values_list("external_id", "verdict"))
    same = [i for i in expected if got[i] == expected[i]]
    assert len(same) / len(expected) >= 0.97, [i for i in expected if i not in same]


def test_a_few_refusals_with_letters(demo_notices):
    refused = TaskNotice.objects.filter(action=TaskNotice.Action.REFUSED)
    assert 1 <= refused.count() <= demo_gateway.REFUSALS
    for notice in refused:
        assert not notice.allowed and notice.refusal["number"]
    assert TaskNotice.objects.filter(action=TaskNotice.Action.ACCEPTED).exists()


def test_loading_twice_changes_nothing(demo_notices):
    count = TaskNotice.objects.count()
    assert demo_gateway.load_notices() == []
    assert TaskNotice.objects.count() == count


def test_the_printed_demo_accounts_are_unchanged():
    assert "worker_001002" not in {s.username for s in loader.DEMO_ACCOUNTS}
    assert len(loader.DEMO_ACCOUNTS) == 13
