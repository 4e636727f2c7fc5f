"""Decisions of the joint meeting: the quorum, the votes, the numbered letter and its SM3 digest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from zhunru.access import workflow
from zhunru.access.models import AccessApplication, Decision, ExitRequest, Opinion, ScopeKind
from zhunru.access.models import Status as S
from zhunru.access.selectors import joint_meeting_members
from zhunru.access.services import _check_transition, _lock, _move, _notify_department, procedure_settings
from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import users_with_role
from zhunru.catalog.services import matter_admit, matter_exit
from zhunru.core import audit, clock
from zhunru.core.errors import InvalidTransition, ValidationFailed
from zhunru.core.numbering import next_number
from zhunru.inbox.services import notify

STANDARD_CONDITIONS = [
    _("职能部门不得就本事项单独对社区开展考核、评比、排名。"),
    _("除本决定批准的外，不得要求社区另行挂牌。"),
]


@dataclass
class Tally:
    members: int
    eligible: int
    required: int
    agree: int = 0
    agree_with_conditions: int = 0
    disagree: int = 0
    votes: list[dict[str, str]] = field(default_factory=list)

    @property
    def cast(self) -> int:
        return self.agree + self.agree_with_conditions + self.disagree

    @property
    def quorate(self) -> bool:
        return self.cast >= self.required

    @property
    def majority_for(self) -> bool:
        return self.agree + self.agree_with_conditions > self.disagree


def tally(subject: AccessApplication | ExitRequest) -> Tally:
    """Members of the joint meeting are the active approvers; those from the department concerned
    are not eligible. The quorum is the configured number, or a majority of all members."""
    department_id = (
        subject.department_id if isinstance(subject, AccessApplication) else subject.matter.department_id
    )
    members = joint_meeting_members()
    # a member from the department concerned does not vote (conflict of interest)
    eligible_ids = {pk for pk, home in members if home is None or home != department_id}
    configured = procedure_settings().quorum
    required = configured or (len(members) // 2 + 1)
    result = Tally(members=len(members), eligible=len(eligible_ids), required=max(required, 1))
    for opinion in subject.opinions.select_related("reviewer", "reviewer__department").order_by("created_at"):
        if opinion.reviewer_id not in eligible_ids:
            continue
        setattr(result, opinion.stance, getattr(result, opinion.stance) + 1)
        result.votes.append(
            {
                "member": opinion.reviewer.full_name or opinion.reviewer.username,
                "organization": opinion.reviewer.organization_name(),
                "stance": opinion.stance,
                "stance_label": str(Opinion.Stance(opinion.stance).label),
            }
        )
    return result


def _number(year: int) -> tuple[int, str]:
    seq = next_number(f"decision:{year}")
    return seq, f"{settings.DISTRICT_NAME}准入决〔{year}〕{seq}号"


def content_digest(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.new("sm3", canonical).hexdigest()


def public_path(year: int, seq: int) -> str:
    return f"/portal/decisions/{year}-{seq}/"


def _scope_text(app: AccessApplication) -> str:
    if app.scope_kind == ScopeKind.ALL:
        return _("全区所有社区")
    return "、".join(a.name for a in app.scope_areas.order_by("code"))


def _money(value: Any) -> str:
    return f"{value:,.2f}"


def _application_content(
    app: AccessApplication,
    outcome: str,
    t: Tally,
    *,
    number: str,
    year: int,
    seq: int,
    reasons: str,
    conditions: str,
    decided_on: str,
    matter_code: str,
) -> dict[str, Any]:
    hearing = app.hearings.filter(held_on__isnull=False).order_by("-held_on").first()
    approved = outcome != Decision.Outcome.REJECTED
    title = _("准入决定书") if approved else _("不予准入决定书")
    review_date = app.opinions.order_by("-created_at").values_list("created_at", flat=True).first()
    return {
        "number": number,
        "title": str(title),
        "outcome": outcome,
        "outcome_label": str(Decision.Outcome(outcome).label),
        "issuer": settings.DISTRICT_NAME + str(_("社区工作准入联席会议")),
        "department": app.department.name,
        "application": app.reference,
        "matter_name": app.matter_name,
        "matter_code": matter_code,
        "kind": str(app.get_kind_display()),
        "community_tasks": app.community_tasks,
        "basis": app.basis,
        "scope": _scope_text(app),
        "period": f"{app.start_date.isoformat()} — {app.end_date.isoformat() if app.end_date else _('长期')}",
        "frequency": str(app.get_frequency_display()),
        "community_role": str(app.get_community_role_display()),
        "workload_hours": str(app.workload_hours),
        "money_per_community_year": _money(app.money_per_community_year),
        "money_source": app.money_source,
        "money_schedule": _("按年度于每年 3 月 31 日前拨付至社区")
        if app.money_per_community_year > 0
        else "",
        "staff": app.staff,
        "training": app.training,
        "equipment": app.equipment,
        "data_fields": list(app.data_fields),
        "signboard": bool(app.signboard_wanted and approved),
        "conditions": (
            [str(c) for c in STANDARD_CONDITIONS] + [c for c in conditions.splitlines() if c.strip()]
        )
        if approved
        else [],
        "reasons": reasons,
        "unfunded_justification": app.unfunded_justification if approved else "",
        "hearing": {
            "date": hearing.held_on.isoformat(),
            "place": hearing.place,
            "outcome": hearing.outcome,
        }
        if hearing
        else None,
        "review_date": review_date.date().isoformat() if review_date else decided_on,
        "votes": {
            "members": t.members,
            "eligible": t.eligible,
            "quorum": t.required,
            "agree": t.agree,
            "agree_with_conditions": t.agree_with_conditions,
            "disagree": t.disagree,
            "detail": t.votes,
        },
        "decided_on": decided_on,
        "public_url": settings.PUBLIC_URL + public_path(year, seq),
    }


def _check_votes(t: Tally, outcome: str, favourable: set[str]) -> None:
    if not t.quorate:
        raise InvalidTransition(
            _("审查意见不足法定人数：需 {n} 人，现有 {m} 人（有表决权成员 {e} 人）。").format(
                n=t.required, m=t.cast, e=t.eligible
            )
        )
    if (outcome in favourable) != t.majority_for:
        raise InvalidTransition(
            _("决定须与联席会议多数意见一致：同意 {a} 人（含附条件 {c} 人），不同意 {d} 人。").format(
                a=t.agree + t.agree_with_conditions, c=t.agree_with_conditions, d=t.disagree
            )
        )


def application_decide(
    *,
    actor: Any,
    application: AccessApplication,
    outcome: str,
    reasons: str = "",
    conditions: str = "",
    unfunded_justification: str = "",
) -> Decision:
    """Record the joint meeting's decision. Approval publishes the admitted matter in the catalog.
    Nothing is ever approved automatically: this runs only on an explicit call by the office."""
    require_role(actor, Role.APPROVAL_CLERK)
    if outcome not in (S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REJECTED):
        raise ValidationFailed(_("请选择决定。"), field="outcome")
    reasons, conditions = (reasons or "").strip(), (conditions or "").strip()
    if outcome == S.REJECTED and not reasons:
        raise ValidationFailed(_("不予准入须写明理由。"), field="reasons")
    if outcome == S.APPROVED_WITH_CONDITIONS and not conditions:
        raise ValidationFailed(_("附条件准予准入须写明条件。"), field="conditions")
    today = clock.today()
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _check_transition(workflow.APPLICATION_TRANSITIONS, "decide", app.status)
        t = tally(app)
        _check_votes(t, outcome, {S.APPROVED, S.APPROVED_WITH_CONDITIONS})
        if outcome != S.REJECTED and app.unfunded:
            justification = (unfunded_justification or "").strip()
            if not justification:
                raise ValidationFailed(
                    _("该事项有工作量但未安排经费（费随事转）：准予准入须写明书面理由，理由将载入决定书。"),
                    field="unfunded_justification",
                )
            app.unfunded_justification = justification
            AccessApplication.objects.filter(pk=app.pk).update(unfunded_justification=justification)
        matter = None
        if outcome != S.REJECTED:
            matter = matter_admit(
                actor=actor,
                name=app.matter_name,
                kind=app.kind,
                department=app.department,
                field=app.field,
                basis=app.basis,
                description=app.community_tasks,
                valid_from=app.start_date,
                valid_to=app.end_date,
                scope=_scope_communities(app),
                data_fields=list(app.data_fields),
                frequency=app.get_frequency_display(),
                note=_("准入：{n}").format(n=app.matter_name),
            )
        seq, number = _number(today.year)
        content = _application_content(
            app,
            outcome,
            t,
            number=number,
            year=today.year,
            seq=seq,
            reasons=reasons,
            conditions=conditions,
            decided_on=today.isoformat(),
            matter_code=matter.code if matter else "",
        )
        decision = Decision.objects.create(
            number=number,
            year=today.year,
            seq=seq,
            outcome=outcome,
            application=app,
            matter=matter,
            decided_on=today,
            decided_by=actor,
            content=content,
            digest=content_digest(content),
        )
        if matter is not None:
            matter_basis = f"{number}；{app.basis}"[:5000]
            type(matter).objects.filter(pk=matter.pk).update(basis=matter_basis)
        _move(app, actor=actor, transition="decide", to=outcome, note=number, admitted_matter=matter)
        audit.record(
            actor=actor,
            event_type="decision.issue",
            obj=decision,
            summary={"number": number, "outcome": outcome},
        )
        from zhunru.funding.services import commitments_create_for_decision  # 费随事转 (no import cycle)

        commitments_create_for_decision(actor=actor, decision=decision)
        _notify_department(
            app,
            _("{r} 已作出决定：{o}（{n}）").format(
                r=app.reference, o=Decision.Outcome(outcome).label, n=number
            ),
        )
    return decision


def _scope_communities(app: AccessApplication) -> list[Any]:
    """The catalog keeps scope as communities: a street in the application means all its communities."""
    from zhunru.areas.models import Area

    if app.scope_kind == ScopeKind.ALL:
        return []
    areas = list(app.scope_areas.all())
    if app.scope_kind == ScopeKind.STREETS:
        return list(Area.objects.filter(parent__in=areas, level=Area.Level.COMMUNITY))
    return areas


def exit_decide(*, actor: Any, exit_request: ExitRequest, outcome: str, reasons: str) -> Decision:
    """Decide an exit request; an exit takes the matter out of the current catalog."""
    require_role(actor, Role.APPROVAL_CLERK)
    if outcome not in (S.EXITED, S.EXIT_REJECTED):
        raise ValidationFailed(_("请选择决定。"), field="outcome")
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationFailed(_("请写明决定理由。"), field="reasons")
    today = clock.today()
    with transaction.atomic():
        req = _lock(ExitRequest, exit_request.pk)
        _check_transition(workflow.EXIT_TRANSITIONS, "decide", req.status)
        t = tally(req)
        _check_votes(t, outcome, {S.EXITED})
        matter = req.matter
        if outcome == S.EXITED:
            matter_exit(actor=actor, matter=matter, note=_("退出：{n}").format(n=matter.name))
        seq, number = _number(today.year)
        content = {
            "number": number,
            "title": str(_("退出决定书")),
            "outcome": outcome,
            "outcome_label": str(Decision.Outcome(outcome).label),
            "issuer": settings.DISTRICT_NAME + str(_("社区工作准入联席会议")),
            "department": matter.department.name if matter.department else "",
            "exit_request": req.reference,
            "requester": req.requester_org,
            "matter_name": matter.name,
            "matter_code": matter.code,
            "request_reasons": [str(ExitRequest.Reason(r).label) for r in req.reasons],
            "explanation": req.explanation,
            "resident_signatures": req.resident_signatures,
            "reasons": reasons,
            "votes": {
                "members": t.members,
                "eligible": t.eligible,
                "quorum": t.required,
                "agree": t.agree,
                "agree_with_conditions": t.agree_with_conditions,
                "disagree": t.disagree,
                "detail": t.votes,
            },
            "decided_on": today.isoformat(),
            "public_url": settings.PUBLIC_URL + public_path(today.year, seq),
        }
        decision = Decision.objects.create(
            number=number,
            year=today.year,
            seq=seq,
            outcome=outcome,
            exit_request=req,
            matter=matter,
            decided_on=today,
            decided_by=actor,
            content=content,
            digest=content_digest(content),
        )
        _move(req, actor=actor, transition="decide", to=outcome, note=number)
        audit.record(
            actor=actor,
            event_type="decision.issue",
            obj=decision,
            summary={"number": number, "outcome": outcome},
        )
        notify(
            [req.requested_by],
            title=_("退出申请 {r} 已作出决定：{o}").format(
                r=req.reference, o=Decision.Outcome(outcome).label
            ),
            link=f"/access/exits/{req.pk}/",
        )
        if matter.department_id:
            notify(
                users_with_role(Role.DEPT_HEAD, department_id=matter.department_id),
                title=_("事项 {n} 的退出申请已作出决定").format(n=matter.name),
                link=f"/access/exits/{req.pk}/",
            )
    return decision
