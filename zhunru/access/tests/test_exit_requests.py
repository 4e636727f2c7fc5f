"""Exit requests (退出): a community asks that an admitted matter covering it leave the catalog; the office
accepts, the joint meeting gives opinions, and the exit decision takes the matter out (or keeps it)."""

from __future__ import annotations

import pytest

from zhunru.access import decisions, exits
from zhunru.access import services as svc
from zhunru.access.models import ExitRequest, Opinion, StatusChange
from zhunru.access.models import Status as S
from zhunru.access.tests.factories import approved_application
from zhunru.access.tests.states import TODAY
from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import users_with_role
from zhunru.catalog.models import CatalogVersion, Matter, MatterKind, MatterList
from zhunru.catalog.selectors import current_catalog
from zhunru.conftest import make_user
from zhunru.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.core.workdays import add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def admitted(district, today):
    """Makes admitted matters of 区卫生健康委员会 (approved through the procedure; all communities unless
    the application's scope says otherwise)."""

    def make(**data):
        return approved_application(district, **data).matter

    return make


@pytest.fixture
def office(approval_clerk):
    return approval_clerk


def request_exit(actor, matter, **kw) -> ExitRequest:
    args = {"reasons": ["residents", "unpaid"], "explanation": "居民普遍反映该事项没有必要。", **kw}
    return exits.exit_request_create(actor=actor, matter=matter, **args)


def vote(req: ExitRequest, stance: str) -> None:
    """Every joint-meeting member who may vote on it gives an opinion."""
    for member in users_with_role(Role.APPROVER):
        if member.department_id != req.matter.department_id:
            svc.opinion_give(actor=member, exit_request=req, stance=stance, reasons="经审查")


def test_a_community_worker_requests_the_exit_of_a_matter_covering_her_community(admitted, community_worker):
    matter = admitted()
    assert matter.scope_all
    req = request_exit(community_worker, matter, resident_signatures=120)
    assert req.status == S.SUBMITTED
    assert req.reference == "TC2026-0001"
    assert req.requested_by == community_worker
    assert req.requester_org == "东湖社区"
    assert req.reasons == ["residents", "unpaid"]
    assert req.submitted_on == TODAY
    assert req.accept_due == add_working_days(TODAY, 5)
    change = req.history.get()
    assert (change.transition, change.to_status, change.actor) == ("create", S.SUBMITTED, community_worker)
    assert AuditEvent.objects.filter(event_type="exit_request.create", object_id=str(req.pk)).count() == 1


def test_a_matter_scoped_to_her_community_may_be_requested(admitted, community_worker, district):
    matter = admitted(scope_kind="communities", scope_areas=["990101001001", "990101002001"])
    assert not matter.scope_all
    assert request_exit(community_worker, matter).status == S.SUBMITTED


def test_not_for_a_matter_outside_her_community(admitted, community_worker):
    matter = admitted(scope_kind="communities", scope_areas=["990101002001"])  # 西岭社区 only
    with pytest.raises(Forbidden):
        request_exit(community_worker, matter)
    assert not ExitRequest.objects.exists()

    street = admitted(scope_kind="streets", scope_areas=["990101002000"])  # 西岭街道's communities
    with pytest.raises(Forbidden):
        request_exit(community_worker, street)
    assert not ExitRequest.objects.exists()


def test_a_street_officer_only_for_matters_covering_a_community_of_the_street(admitted, street_officer):
    xiling_only = admitted(scope_kind="communities", scope_areas=["990101002001"])
    with pytest.raises(Forbidden):  # 东湖街道 has no community in that scope
        request_exit(street_officer, xiling_only)
    assert not ExitRequest.objects.exists()
    huayuan = admitted(scope_kind="communities", scope_areas=["990101001002"])  # 花园路社区, 东湖街道
    assert request_exit(street_officer, huayuan).requester_org == "东湖街道办事处"


def test_the_office_may_request_the_exit_of_any_admitted_matter(admitted, office):
    matter = admitted(scope_kind="communities", scope_areas=["990101002001"])
    assert request_exit(office, matter).status == S.SUBMITTED


def test_not_for_an_item_that_is_not_admitted(community_worker, district, today):
    duty = Matter.objects.create(
        code="LZ-001",
        name="居民委员会选举",
        list=MatterList.DUTY,
        kind=MatterKind.TASK,
        status=Matter.Status.PUBLISHED,
    )
    with pytest.raises(InvalidTransition) as caught:
        request_exit(community_worker, duty)
    assert "准入事项" in str(caught.value.message)
    assert not ExitRequest.objects.exists()


def test_not_for_a_matter_that_already_left(admitted, community_worker, office):
    matter = admitted()
    req = request_exit(community_worker, matter)
    exits.exit_request_accept(actor=office, exit_request=req)
    vote(req, "agree")
    decisions.exit_decide(actor=office, exit_request=req, outcome=S.EXITED, reasons="退出")
    with pytest.raises(InvalidTransition):
        request_exit(community_worker, matter)


def test_requests_need_reasons_and_an_explanation(admitted, community_worker):
    matter = admitted()
    for kw, field in [
        ({"reasons": []}, "reasons"),
        ({"reasons": ["boredom"]}, "reasons"),
        ({"explanation": "  "}, "explanation"),
        ({"resident_signatures": -1}, "resident_signatures"),
    ]:
        with pytest.raises(ValidationFailed) as caught:
            request_exit(community_worker, matter, **kw)
        assert caught.value.field == field
    assert not ExitRequest.objects.exists()


def test_only_communities_streets_and_the_office_request_exits(admitted, applicant, approver):
    matter = admitted()
    for actor in (applicant, approver):
        with pytest.raises(Forbidden):
            request_exit(actor, matter)


def test_one_open_request_per_matter(admitted, community_worker, street_officer, office):
    matter = admitted()
    first = request_exit(community_worker, matter)
    with pytest.raises(InvalidTransition) as caught:
        request_exit(street_officer, matter)
    assert "正在办理" in str(caught.value.message)
    exits.exit_request_accept(actor=office, exit_request=first)
    with pytest.raises(InvalidTransition):  # still open while under review
        request_exit(community_worker, matter)
    assert ExitRequest.objects.count() == 1


def test_a_withdrawn_request_makes_room_for_a_new_one(admitted, community_worker, street_officer):
    matter = admitted()
    exits.exit_request_withdraw(actor=community_worker, exit_request=request_exit(community_worker, matter))
    assert request_exit(street_officer, matter).status == S.SUBMITTED


def test_the_exit_decision_takes_the_matter_out_of_the_catalog(admitted, community_worker, office):
    matter = admitted()
    assert matter in current_catalog()
    versions = CatalogVersion.objects.count()
    req = request_exit(community_worker, matter)

    req = exits.exit_request_accept(actor=office, exit_request=req)
    assert req.status == S.UNDER_REVIEW
    assert req.accepted_on == TODAY
    assert req.decision_due == add_working_days(TODAY, 15)
    with pytest.raises(InvalidTransition):  # no quorum yet
        decisions.exit_decide(actor=office, exit_request=req, outcome=S.EXITED, reasons="退出")

    vote(req, "agree")
    assert Opinion.objects.filter(exit_request=req).count() == 2
    decision = decisions.exit_decide(
        actor=office, exit_request=req, outcome=S.EXITED, reasons="居民普遍不认可，予以退出"
    )

    assert decision.outcome == S.EXITED
    assert decision.exit_request == req and decision.matter == matter
    assert decision.content["title"] == "退出决定书"
    assert decision.content["request_reasons"] == ["居民普遍不认可", "经费未到位"]
    assert decision.content["votes"]["agree"] == 2
    req.refresh_from_db()
    assert req.status == S.EXITED
    matter.refresh_from_db()
    assert matter.status == Matter.Status.EXITED
    assert matter not in current_catalog()
    assert CatalogVersion.objects.count() == versions + 1
    latest = CatalogVersion.objects.order_by("-number").first()
    assert matter.code not in [item["code"] for item in latest.items]
    assert list(req.history.values_list("transition", flat=True)) == ["create", "accept", "decide"]
    assert AuditEvent.objects.filter(event_type="exit_request.decide", object_id=str(req.pk)).count() == 1


def test_exit_rejected_keeps_the_matter(admitted, community_worker, office):
    matter = admitted()
    versions = CatalogVersion.objects.count()
    req = request_exit(community_worker, matter)
    exits.exit_request_accept(actor=office, exit_request=req)
    vote(req, "disagree")
    with pytest.raises(InvalidTransition):  # against the majority
        decisions.exit_decide(actor=office, exit_request=req, outcome=S.EXITED, reasons="退出")
    decision = decisions.exit_decide(
        actor=office, exit_request=req, outcome=S.EXIT_REJECTED, reasons="该事项仍有必要"
    )
    assert decision.outcome == S.EXIT_REJECTED
    req.refresh_from_db()
    assert req.status == S.EXIT_REJECTED
    matter.refresh_from_db()
    assert matter.status == Matter.Status.PUBLISHED
    assert matter in current_catalog()
    assert CatalogVersion.objects.count() == versions
    # the matter may be challenged again later
    assert request_exit(community_worker, matter).status == S.SUBMITTED


def test_an_exit_decision_needs_reasons(admitted, community_worker, office):
    req = request_exit(community_worker, admitted())
    exits.exit_request_accept(actor=office, exit_request=req)
    vote(req, "agree")
    with pytest.raises(ValidationFailed):
        decisions.exit_decide(actor=office, exit_request=req, outcome=S.EXITED, reasons=" ")


def test_each_member_gives_one_opinion_on_an_exit(admitted, community_worker, office):
    req = request_exit(community_worker, admitted())
    with pytest.raises(InvalidTransition):  # not before acceptance
        vote(req, "agree")
    exits.exit_request_accept(actor=office, exit_request=req)
    member = users_with_role(Role.APPROVER).first()
    svc.opinion_give(actor=member, exit_request=req, stance="agree", reasons="同意")
    with pytest.raises(Conflict):
        svc.opinion_give(actor=member, exit_request=req, stance="disagree", reasons="改主意")


def test_a_member_of_the_responsible_department_stands_aside(admitted, community_worker, office, district):
    req = request_exit(community_worker, admitted())
    exits.exit_request_accept(actor=office, exit_request=req)
    conflicted = make_user("approver_wj", role=Role.APPROVER, department=district["weijian"])
    with pytest.raises(Forbidden):
        svc.opinion_give(actor=conflicted, exit_request=req, stance="agree", reasons="同意")


def test_only_the_requester_withdraws(admitted, community_worker, district, office):
    req = request_exit(community_worker, admitted())
    neighbour = make_user("worker2", role=Role.COMMUNITY_WORKER, community=district["donghu_community"])
    for actor in (neighbour, office):
        with pytest.raises(NotFound):
            exits.exit_request_withdraw(actor=actor, exit_request=req)
    assert ExitRequest.objects.get(pk=req.pk).status == S.SUBMITTED

    done = exits.exit_request_withdraw(actor=community_worker, exit_request=req)
    assert done.status == S.WITHDRAWN
    change = StatusChange.objects.get(exit_request=req, transition="withdraw")
    assert (change.from_status, change.to_status, change.actor) == (
        S.SUBMITTED,
        S.WITHDRAWN,
        community_worker,
    )
    assert AuditEvent.objects.filter(event_type="exit_request.withdraw").count() == 1


def test_no_withdrawal_once_under_review(admitted, community_worker, office):
    req = request_exit(community_worker, admitted())
    exits.exit_request_accept(actor=office, exit_request=req)
    with pytest.raises(InvalidTransition) as caught:
        exits.exit_request_withdraw(actor=community_worker, exit_request=req)
    assert "审查中" in str(caught.value.message)
    assert ExitRequest.objects.get(pk=req.pk).status == S.UNDER_REVIEW
