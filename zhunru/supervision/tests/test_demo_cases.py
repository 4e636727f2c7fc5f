"""The demo district's supervision: the refused demo demands are reported, one case groups several
communities' reports, and the cases stand in every state; loading twice changes nothing."""

from __future__ import annotations

import pytest

from zhunru.demo import gateway as demo_gateway
from zhunru.demo import loader
from zhunru.demo import supervision as demo_supervision
from zhunru.gateway.models import TaskNotice
from zhunru.supervision.models import SupervisionCase, ViolationReport

pytestmark = pytest.mark.django_db


def test_demo_cases_in_every_state(district):
    loader.load_catalog()
    supervisor = loader.ensure_account(next(s for s in loader.DEMO_ACCOUNTS if s.username == "supervisor"))
    demo_gateway.load_notices()
    cases = demo_supervision.load_cases(supervisor)
    assert {c.status for c in SupervisionCase.objects.all()} == {"received", "investigating", "concluded"}
    concluded = SupervisionCase.objects.filter(status="concluded")
    assert sorted(c.substantiated for c in concluded) == [False, True]
    assert any(c.reports.values("community").distinct().count() >= 2 for c in SupervisionCase.objects.all())
    reported = TaskNotice.objects.filter(reported_at__isnull=False)
    assert reported.count() == ViolationReport.objects.count() and all(not n.allowed for n in reported)
    assert demo_supervision.load_cases(supervisor) == [] and SupervisionCase.objects.count() == len(cases)
