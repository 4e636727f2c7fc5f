"""`zhunru seed-scale` with tiny numbers: counts, valid codes, consistent histories, and the key pages render
for the logins it prints."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from zhunru.access import workflow
from zhunru.access.models import AccessApplication, Decision, StatusChange
from zhunru.access.models import Status as S
from zhunru.accounts.models import User
from zhunru.areas.models import Area, Department
from zhunru.areas.validators import validate_area_code, validate_uscc
from zhunru.catalog.models import Matter, MatterList
from zhunru.cli import ALIASES
from zhunru.core.models import AuditEvent, Counter
from zhunru.demo.scale import PASSWORD
from zhunru.gateway.models import ALLOWED, TaskNotice, Verdict

SIZES = {"communities": 20, "departments": 12, "matters": 40, "notices": 500, "applications": 60}


@pytest.fixture
def seeded(db) -> str:
    out = io.StringIO()
    call_command("seed_scale", no_migrate=True, stdout=out, batch=100, **SIZES)
    return out.getvalue()


def logins(output: str) -> dict[str, str]:
    """username → role label, from the printed table."""
    return dict(re.findall(r"^  (\w+)\s+(\S+?)（", output, re.M))


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD), username
    return client


def test_counts_and_progress(seeded):
    assert Area.objects.filter(level=Area.Level.COMMUNITY).count() == 20
    assert Department.objects.filter(kind=Department.Kind.DEPARTMENT).count() == 12
    assert Matter.objects.count() == 40
    assert TaskNotice.objects.count() == 500
    assert AccessApplication.objects.count() == 60
    assert "notices: 500/500" in seeded
    assert re.search(r"elapsed [\d.]+ s, peak RSS \d+ MB", seeded)
    assert AuditEvent.objects.filter(event_type="demo.seed_scale").count() == 1


def test_codes_are_valid(seeded):
    for area in Area.objects.select_related("parent"):
        parent = area.parent.code if area.parent else None
        assert validate_area_code(area.code, level=area.level, parent_code=parent) == [], area.code
    for dept in Department.objects.all():
        assert validate_uscc(dept.code) == [], dept.code
    # every street office sits on its street
    for office in Department.objects.filter(kind=Department.Kind.STREET).select_related("area"):
        assert office.area.level == Area.Level.STREET


def test_verdicts_agree_with_the_catalog(seeded):
    lists = {Verdict.DUTY: MatterList.DUTY, Verdict.ASSIST: MatterList.ASSIST}
    lists |= {Verdict.ADMITTED: MatterList.ADMITTED, Verdict.NEGATIVE: MatterList.NEGATIVE}
    for notice in TaskNotice.objects.select_related("matter"):
        if notice.verdict == Verdict.UNAPPROVED:
            assert notice.matter is None
        else:
            assert notice.matter.list == lists[notice.verdict]
            assert notice.matter_code == notice.matter.code
        if notice.action == TaskNotice.Action.REFUSED:
            assert notice.verdict not in ALLOWED and notice.refusal["number"]
        if notice.reported_at:
            assert notice.action == TaskNotice.Action.REFUSED
    allowed = TaskNotice.objects.filter(verdict__in=ALLOWED).count()
    assert 0.5 < allowed / 500 < 0.8
    numbers = list(TaskNotice.objects.filter(action="refused").values_list("refusal__number", flat=True))
    assert len(numbers) == len(set(numbers)) > 0


def test_histories_follow_the_workflow(seeded):
    assert set(AccessApplication.objects.values_list("status", flat=True)) == set(S.values) - {
        S.EXITED,
        S.EXIT_REJECTED,
    }
    transitions = workflow.APPLICATION_TRANSITIONS
    for app in AccessApplication.objects.all():
        history = list(StatusChange.objects.filter(application=app).order_by("pk"))
        assert history[0].transition == "create" and history[0].to_status == S.DRAFT
        for before, after in itertools.pairwise(history):
            assert after.from_status == before.to_status
            assert after.from_status in transitions[after.transition].sources
            assert after.to_status in transitions[after.transition].targets
        assert history[-1].to_status == app.status
        assert app.version == len(history)
    decided = AccessApplication.objects.filter(
        status__in=[S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REJECTED]
    )
    assert Decision.objects.count() == decided.count() > 0
    for year in Decision.objects.values_list("year", flat=True).distinct():
        seqs = sorted(Decision.objects.filter(year=year).values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))  # gapless
        assert Counter.objects.get(key=f"decision:{year}").value == len(seqs)


def test_refuses_a_database_that_is_not_empty(seeded):
    with pytest.raises(CommandError, match="数据库不为空"):
        call_command("seed_scale", no_migrate=True, stdout=io.StringIO(), **SIZES)


def test_the_cli_spells_it_with_a_hyphen():
    assert ALIASES["seed-scale"] == "seed_scale"


def test_key_pages_render_for_the_printed_logins(seeded):
    printed = logins(seeded)
    assert {"worker", "office", "clerk", "street", "supervisor"} <= set(printed)
    worker = User.objects.get(username="worker")
    page = client_for("worker").get("/gateway/")
    assert page.status_code == 200
    mine = TaskNotice.objects.filter(community=worker.community).first()
    assert mine is not None and f'data-notice="{mine.pk}"' in page.content.decode()
    other = TaskNotice.objects.exclude(community=worker.community).first()
    assert f'data-notice="{other.pk}"' not in page.content.decode()

    office = client_for("office")
    inbox = office.get("/inbox/")
    assert inbox.status_code == 200
    waiting = AccessApplication.objects.filter(status=S.SUBMITTED).first()
    assert waiting.reference in inbox.content.decode()
    decided = AccessApplication.objects.filter(status=S.APPROVED).first()
    detail = office.get(f"/access/applications/{decided.pk}/")
    assert detail.status_code == 200 and decided.reference in detail.content.decode()

    clerk = User.objects.get(username="clerk")
    own = AccessApplication.objects.filter(department=clerk.department).first()
    if own is not None:
        assert client_for("clerk").get(f"/access/applications/{own.pk}/").status_code == 200

    catalog = Client().get("/portal/catalog/")
    assert catalog.status_code == 200
    assert Matter.objects.filter(status=Matter.Status.PUBLISHED).first().name in catalog.content.decode()
    assert client_for("street").get("/gateway/").status_code == 200
    assert Client().get("/healthz").content == b"ok"
