"""Exit requests (退出): a community, a street or the approval office asks that an admitted matter leave."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhunru.access import workflow
from zhunru.access.models import ExitRequest, StatusChange
from zhunru.access.models import Status as S
from zhunru.access.services import _check_transition, _lock, _move, _notify_office, procedure_settings
from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import users_with_role, visible_communities
from zhunru.catalog.models import Matter, MatterList
from zhunru.core import audit, clock
from zhunru.core.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from zhunru.core.numbering import next_number
from zhunru.core.workdays import add_working_days
from zhunru.inbox.services import notify

REQUESTERS = (Role.COMMUNITY_WORKER, Role.STREET_OFFICER, Role.APPROVAL_CLERK)


def exit_request_create(
    *, actor: Any, matter: Matter, reasons: list[str], explanation: str, resident_signatures: int = 0
) -> ExitRequest:
    require_role(actor, *REQUESTERS)
    reasons = list(dict.fromkeys(reasons or []))
    if not reasons or any(r not in ExitRequest.Reason.values for r in reasons):
        raise ValidationFailed(_("请选择退出理由。"), field="reasons")
    explanation = (explanation or "").strip()
    if not explanation:
        raise ValidationFailed(_("请写明具体情况。"), field="explanation")
    if not isinstance(resident_signatures, int) or resident_signatures < 0:
        raise ValidationFailed(_("居民签名人数应为非负整数。"), field="resident_signatures")
    today = clock.today()
    with transaction.atomic():
        matter = Matter.objects.select_for_update().filter(pk=matter.pk).first()
        if matter is None:
            raise NotFound()
        if matter.list != MatterList.ADMITTED or matter.status != Matter.Status.PUBLISHED:
            raise InvalidTransition(_("只有现行清单中的准入事项才能申请退出。"))
        if (
            actor is not None
            and (actor.community_id or actor.has_role(Role.STREET_OFFICER))
            and not matter.scope_all
            and not matter.scope_areas.filter(pk__in=visible_communities(actor)).exists()
        ):  # a community: its own; a street: one of its communities; the office: any
            raise Forbidden(_("该事项不适用于您所在的社区。"))
        if ExitRequest.objects.filter(matter=matter, status__in=[S.SUBMITTED, S.UNDER_REVIEW]).exists():
            raise InvalidTransition(_("该事项已有正在办理的退出申请。"))
        req = ExitRequest.objects.create(
            reference=f"TC{today.year}-{next_number(f'exit:{today.year}'):04d}",
            matter=matter,
            requested_by=actor,
            requester_org=actor.organization_name() if actor is not None else _("系统"),
            reasons=reasons,
            explanation=explanation,
            resident_signatures=resident_signatures,
            submitted_on=today,
            accept_due=add_working_days(today, procedure_settings().accept_days),
        )
        StatusChange.objects.create(exit_request=req, transition="create", to_status=S.SUBMITTED, actor=actor)
        audit.record(
            actor=actor,
            event_type="exit_request.create",
            obj=req,
            summary={"reference": req.reference, "matter": matter.code},
        )
        _notify_office(
            _("新的退出申请：{r} {n}").format(r=req.reference, n=matter.name), f"/access/exits/{req.pk}/"
        )
    return req


def exit_request_withdraw(*, actor: Any, exit_request: ExitRequest) -> ExitRequest:
    require_role(actor, *REQUESTERS)
    with transaction.atomic():
        req = _lock(ExitRequest, exit_request.pk)
        if actor is not None and req.requested_by_id != actor.pk:
            raise NotFound()
        _check_transition(workflow.EXIT_TRANSITIONS, "withdraw", req.status)
        _move(req, actor=actor, transition="withdraw", to=S.WITHDRAWN)
    return req


def exit_request_accept(*, actor: Any, exit_request: ExitRequest) -> ExitRequest:
    require_role(actor, Role.APPROVAL_CLERK)
    today = clock.today()
    with transaction.atomic():
        req = _lock(ExitRequest, exit_request.pk)
        _check_transition(workflow.EXIT_TRANSITIONS, "accept", req.status)
        _move(
            req,
            actor=actor,
            transition="accept",
            to=S.UNDER_REVIEW,
            accepted_on=today,
            decision_due=add_working_days(today, procedure_settings().decide_days),
        )
        department_id = req.matter.department_id
        reviewers = [u for u in users_with_role(Role.APPROVER) if u.department_id != department_id]
        notify(
            reviewers, title=_("请审查退出申请 {r}").format(r=req.reference), link=f"/access/exits/{req.pk}/"
        )
    return req
