"""Every state change of supervision: filing a report, the case's transitions, the feedback to the
reporting communities and the retaliation flags. One transaction each, with its audit event and its
notifications (sent after commit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import users_with_role
from zhunru.areas.models import Area, Department
from zhunru.core import audit, clock
from zhunru.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from zhunru.core.numbering import next_number
from zhunru.core.workdays import add_working_days
from zhunru.gateway.models import TaskNotice, Verdict
from zhunru.inbox.services import notify
from zhunru.supervision import workflow
from zhunru.supervision.models import (
    CaseFeedback,
    CaseStatusChange,
    Measure,
    RetaliationFlag,
    SupervisionCase,
    SupervisionSettings,
    ViolationReport,
)
from zhunru.supervision.models import CaseStatus as S

REPORTABLE = (Verdict.NEGATIVE, Verdict.UNAPPROVED)
CONCLUSION_MAX = 5000

# ---------------------------------------------------------------- settings

SETTING_LIMITS = {
    "start_days": (1, 60),
    "conclude_days": (1, 180),
    "remind_days_before": (0, 30),
    "retaliation_days": (1, 365),
}


def supervision_settings() -> SupervisionSettings:
    row = SupervisionSettings.objects.first()
    return row if row is not None else SupervisionSettings()


def supervision_settings_update(*, actor: Any, **values: int) -> SupervisionSettings:
    require_role(actor, Role.SUPERVISOR)
    with transaction.atomic():
        row = SupervisionSettings.objects.select_for_update().first() or SupervisionSettings()
        changed = {}
        for key, value in values.items():
            if key not in SETTING_LIMITS:
                raise ValidationFailed(_("未知设置：{k}").format(k=key), field=key)
            low, high = SETTING_LIMITS[key]
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise ValidationFailed(_("{k} 应在 {a}–{b} 之间。").format(k=key, a=low, b=high), field=key)
            if getattr(row, key) != value:
                changed[key] = value
                setattr(row, key, value)
        row.save()
        audit.record(actor=actor, event_type="supervision.settings", obj=row, summary=changed)
    return row


# ---------------------------------------------------------------- helpers


def case_link(case: SupervisionCase) -> str:
    return f"/supervision/cases/{case.pk}/"


def _supervisors() -> Any:
    return users_with_role(Role.SUPERVISOR)


def _community_workers(community_id: int) -> Any:
    return users_with_role(Role.COMMUNITY_WORKER).filter(community_id=community_id)


def _lock_case(pk: int) -> SupervisionCase:
    case = SupervisionCase.objects.select_for_update().filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case


def _check_transition(name: str, status: str) -> None:
    t = workflow.CASE_TRANSITIONS[name]
    if status not in t.sources:
        raise InvalidTransition(
            _("案件当前状态为“{status}”，不能“{action}”。").format(status=S(status).label, action=t.label)
        )


def _move(
    case: SupervisionCase, *, actor: Any, transition: str, to: str, note: str = "", **updates: Any
) -> None:
    """The conditional update every transition ends with: status and version must be unchanged."""
    done = SupervisionCase.objects.filter(pk=case.pk, status=case.status, version=case.version).update(
        status=to, version=F("version") + 1, **updates
    )
    if not done:
        raise Conflict()
    CaseStatusChange.objects.create(
        case=case, transition=transition, from_status=case.status, to_status=to, actor=actor, note=note
    )
    audit.record(
        actor=actor,
        event_type=f"supervision_case.{transition}",
        obj=case,
        summary={
            "number": case.number,
            "from": case.status,
            "to": to,
            **({"note": note[:200]} if note else {}),
        },
    )
    case.refresh_from_db()


def _evidence(notice: TaskNotice) -> dict[str, Any]:
    """What the community was asked, frozen at the time of the report (the notice may change later)."""
    attachment = notice.attachment.name.rsplit("/", 1)[-1] if notice.attachment else ""
    department, matter = notice.department, notice.matter
    return {
        "text": notice.text,
        "received_on": notice.received_on.isoformat(),
        "department_text": notice.department_text or (department.name if department else ""),
        "verdict": notice.verdict,
        "verdict_label": str(Verdict(notice.verdict).label) if notice.verdict in Verdict.values else "",
        "reason": notice.reason,
        "matter_code": notice.matter_code or (matter.code if matter else ""),
        "matter_name": matter.name if matter else "",
        "attachment": attachment,
        "deadline": notice.deadline.isoformat() if notice.deadline else "",
    }


def _open_case_for(notice: TaskNotice) -> SupervisionCase | None:
    """The case not yet concluded about the same department and matter (matter None: no matter)."""
    qs = SupervisionCase.objects.select_for_update().filter(status__in=workflow.OPEN)
    qs = qs.filter(matter_id=notice.matter_id) if notice.matter_id else qs.filter(matter__isnull=True)
    if notice.department_id:
        qs = qs.filter(department_id=notice.department_id)
    else:
        text = notice.department_text.strip()
        if not text:
            return None  # nothing to group by: a case of its own
        qs = qs.filter(department__isnull=True, department_text=text)
    return qs.order_by("year", "seq").first()


def _new_case(notice: TaskNotice, *, actor: Any, today: dt.date) -> SupervisionCase:
    limits = supervision_settings()
    seq = next_number(f"supervision_case:{today.year}")
    case = SupervisionCase.objects.create(
        number=f"{settings.DISTRICT_NAME}监督〔{today.year}〕{seq}号",
        year=today.year,
        seq=seq,
        department_id=notice.department_id,
        department_text="" if notice.department_id else notice.department_text.strip()[:100],
        matter_id=notice.matter_id,
        received_on=today,
        start_due=add_working_days(today, limits.start_days),
        conclude_due=add_working_days(today, limits.conclude_days),
    )
    CaseStatusChange.objects.create(case=case, transition="open", to_status=S.RECEIVED, actor=actor)
    audit.record(
        actor=actor,
        event_type="supervision_case.open",
        obj=case,
        summary={
            "number": case.number,
            "department": case.department_id,
            "matter": case.matter_id,
            "start_due": case.start_due.isoformat(),
            "conclude_due": case.conclude_due.isoformat(),
        },
    )
    return case


# ---------------------------------------------------------------- filing


def violation_report_file(*, actor: Any, notice: TaskNotice) -> ViolationReport:
    """A worker of the community that received `notice` reports it to supervision. Only a demand judged
    negative-list or unapproved can be reported, once. Open reports about the same department and
    matter are handled in one case."""
    require_role(actor, Role.COMMUNITY_WORKER)
    if actor is None:
        raise Forbidden(_("违规举报须由社区工作者本人提出。"))
    today = clock.today()
    with transaction.atomic():
        locked = TaskNotice.objects.select_for_update().filter(pk=notice.pk).first()
        if locked is None:
            raise NotFound()
        if actor.community_id != locked.community_id:
            raise Forbidden(_("只能举报本社区收到的任务。"))
        if locked.verdict not in REPORTABLE:
            raise ValidationFailed(
                _("只能举报判定为“负面清单”或“未经准入”的任务；该任务判定为“{v}”。").format(
                    v=Verdict(locked.verdict).label if locked.verdict in Verdict.values else locked.verdict
                ),
                field="notice",
            )
        existing = ViolationReport.objects.filter(notice=locked).first()
        if existing is not None:
            raise Conflict(_("该任务已经举报过（举报编号 {r}），不能重复举报。").format(r=existing.reference))
        if locked.department_id:  # one filer at a time per department: no two open cases for one subject
            Department.objects.select_for_update().filter(pk=locked.department_id).first()
        case = _open_case_for(locked)
        joined = case is not None
        if case is None:
            case = _new_case(locked, actor=actor, today=today)
        reference = f"JB{today.year}-{next_number(f'violation_report:{today.year}'):04d}"
        try:
            with transaction.atomic():
                report = ViolationReport.objects.create(
                    reference=reference,
                    notice=locked,
                    community_id=locked.community_id,
                    department_id=locked.department_id,
                    matter_id=locked.matter_id,
                    reported_by=actor,
                    reported_on=today,
                    evidence=_evidence(locked),
                    case=case,
                )
        except IntegrityError:
            raise Conflict(_("该任务已经举报过，不能重复举报。")) from None
        audit.record(
            actor=actor,
            event_type="violation_report.file",
            obj=report,
            summary={
                "reference": reference,
                "notice": locked.pk,
                "case": case.number,
                "department": locked.department_id,
                "matter": locked.matter_id,
                "joined_open_case": joined,
            },
        )
        subject = case.subject or _("来源不明的单位")
        matter = f"（{locked.matter.name}）" if locked.matter_id else ""  # type: ignore[union-attr]
        notify(
            _supervisors(),
            title=_("收到违规举报 {r}：{s}{m}，案件 {n}").format(
                r=reference, s=subject, m=matter, n=case.number
            ),
            link=case_link(case),
        )
    return report


# ---------------------------------------------------------------- case transitions


def case_start_investigation(*, actor: Any, case: SupervisionCase) -> SupervisionCase:
    require_role(actor, *workflow.SUPERVISION)
    with transaction.atomic():
        locked = _lock_case(case.pk)
        _check_transition("start_investigation", locked.status)
        _move(
            locked,
            actor=actor,
            transition="start_investigation",
            to=S.INVESTIGATING,
            started_on=clock.today(),
        )
    return locked


def _clean_conclusion(substantiated: Any, measures: Any, conclusion: Any) -> tuple[bool, list[str], str]:
    if not isinstance(substantiated, bool):
        raise ValidationFailed(_("请说明举报是否属实。"), field="substantiated")
    chosen: list[str] = []
    for m in measures or []:
        if m not in Measure.values:
            raise ValidationFailed(_("处理措施“{m}”无效。").format(m=m), field="measures")
        if m not in chosen:
            chosen.append(m)
    if substantiated and not chosen:
        raise ValidationFailed(_("举报属实的，须选择至少一项处理措施。"), field="measures")
    if not substantiated and chosen:
        raise ValidationFailed(_("举报不属实的，不能选择处理措施。"), field="measures")
    text = str(conclusion or "").strip()
    if not text:
        raise ValidationFailed(_("请填写办理结论。"), field="conclusion")
    if len(text) > CONCLUSION_MAX:
        raise ValidationFailed(
            _("办理结论过长（最多 {n} 个字符）。").format(n=CONCLUSION_MAX), field="conclusion"
        )
    return substantiated, chosen, text


def feedback_text(case: SupervisionCase, references: list[str]) -> str:
    finding = _("经调查，举报属实。") if case.substantiated else _("经调查，举报不属实。")
    measures = "、".join(case.measure_labels)
    parts = [
        _("你社区的举报（{refs}）已由监督案件 {n} 办结。").format(refs="、".join(references), n=case.number),
        finding,
    ]
    if measures:
        parts.append(_("处理措施：{m}。").format(m=measures))
    parts.append(_("办理结论：{c}").format(c=case.conclusion))
    return "".join(parts)


def case_conclude(
    *, actor: Any, case: SupervisionCase, substantiated: bool, measures: list[str], conclusion: str
) -> SupervisionCase:
    """Conclude the investigation and send the result to each community that reported."""
    require_role(actor, *workflow.SUPERVISION)
    substantiated, chosen, text = _clean_conclusion(substantiated, measures, conclusion)
    today = clock.today()
    with transaction.atomic():
        locked = _lock_case(case.pk)
        _check_transition("conclude", locked.status)
        _move(
            locked,
            actor=actor,
            transition="conclude",
            to=S.CONCLUDED,
            note=_("属实") if substantiated else _("不属实"),
            substantiated=substantiated,
            measures=chosen,
            conclusion=text,
            concluded_on=today,
            concluded_by=actor,
        )
        by_community: dict[int, list[str]] = {}
        for community_id, reference in locked.reports.order_by("pk").values_list("community_id", "reference"):
            by_community.setdefault(community_id, []).append(reference)
        for community_id, references in by_community.items():
            body = feedback_text(locked, references)
            sent = notify(
                _community_workers(community_id),
                title=_("举报办理结果：{n}").format(n=locked.number),
                body=body,
                link="/supervision/mine/",
            )
            CaseFeedback.objects.create(
                case=locked, community_id=community_id, text=body, sent_on=today, recipients=sent
            )
        audit.record(
            actor=actor,
            event_type="supervision_case.feedback",
            obj=locked,
            summary={"number": locked.number, "communities": len(by_community)},
        )
    return locked


# ---------------------------------------------------------------- retaliation


def retaliation_check_event(
    *,
    kind: str,
    department_id: int | None,
    community_id: int | None,
    occurred_on: dt.date,
    description: str,
    obj: Any = None,
    notice: TaskNotice | None = None,
) -> RetaliationFlag | None:
    """Something a department did towards a community (a demand, an evaluation, an assessment): when
    that community reported the department within the monitoring period (90 days) before, flag it to
    supervision. Returns the flag (an existing one for the same object), or None."""
    if kind not in RetaliationFlag.Kind.values:
        raise ValueError(f"unknown retaliation kind {kind!r}")
    if not department_id or not community_id:
        return None
    window = supervision_settings().retaliation_days
    qs = ViolationReport.objects.filter(
        community_id=community_id,
        department_id=department_id,
        reported_on__lte=occurred_on,
        reported_on__gte=occurred_on - dt.timedelta(days=window),
    )
    if notice is not None:
        qs = qs.exclude(notice_id=notice.pk)  # the reported demand itself is no retaliation
    report = qs.order_by("-reported_on", "-pk").first()
    if report is None:
        return None
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    if object_id:
        found = RetaliationFlag.objects.filter(
            kind=kind, object_type=object_type, object_id=object_id
        ).first()
        if found is not None:
            return found
    days = (occurred_on - report.reported_on).days
    department = Department.objects.get(pk=department_id)
    community = Area.objects.get(pk=community_id)
    with transaction.atomic():
        try:
            with transaction.atomic():
                flag = RetaliationFlag.objects.create(
                    kind=kind,
                    department=department,
                    community=community,
                    report=report,
                    notice=notice,
                    object_type=object_type,
                    object_id=object_id,
                    occurred_on=occurred_on,
                    days_after_report=days,
                    description=description[:2000],
                )
        except IntegrityError:
            return RetaliationFlag.objects.filter(
                kind=kind, object_type=object_type, object_id=object_id
            ).first()
        audit.record(
            actor=None,
            event_type="retaliation.flag",
            obj=flag,
            summary={
                "kind": kind,
                "department": department_id,
                "report": report.reference,
                "object": f"{object_type}:{object_id}",
                "days_after_report": days,
            },
        )
        notify(
            _supervisors(),
            title=_("疑似打击报复：{d} 在 {c} 举报（{r}）后 {n} 天对其{k}").format(
                d=department.name,
                c=community.name,
                r=report.reference,
                n=days,
                k=RetaliationFlag.Kind(kind).label,
            ),
            link="/supervision/flags/",
        )
    return flag


def retaliation_check(*, notice: TaskNotice) -> RetaliationFlag | None:
    """Called after a demand is registered: a new demand from a department that this community reported
    within the last 90 days is flagged to supervision (the demand is still judged as usual)."""
    return retaliation_check_event(
        kind=RetaliationFlag.Kind.DEMAND,
        department_id=notice.department_id,
        community_id=notice.community_id,
        occurred_on=notice.received_on,
        description=notice.text[:500],
        obj=notice,
        notice=notice,
    )
