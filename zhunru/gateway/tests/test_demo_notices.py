"""The demo: every sample notice registered in its community by that community's worker, with the file's
date and its verdict; a few refused with their letters; idempotent; the printed accounts unchanged."""

from __future__ import annotations

import csv

import pytest

from zhunru.accounts.models import User
from zhunru.demo import gateway as demo_gateway
from zhunru.demo import loader
from zhunru.gateway.models import TaskNotice

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_notices(district):
    # Today (whatever it is) some items of the demo catalog have expired: notices dated before the end of an
    # item are still judged against it, as the catalog stood on their date.
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
    assert {i: got[i] for i in expected if got[i] != expected[i]} == {}


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
