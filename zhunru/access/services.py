"""Every state change of an access application: one service per transition, each in one transaction
with its guard, a StatusChange row, an audit event and its notifications (sent after commit)."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _

from zhunru.access import workflow
from zhunru.access.files import KINDS, MAX_ATTACHMENT, sniff
from zhunru.access.models import (
    AccessApplication,
    Attachment,
    CommunityRole,
    ExitRequest,
    Frequency,
    Hearing,
    Opinion,
    ProcedureSettings,
    ScopeKind,
    StatusChange,
)
from zhunru.access.models import Status as S
from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import users_with_role
from zhunru.areas.models import Area
from zhunru.catalog.models import MatterKind
from zhunru.catalog.services import validate_data_fields
from zhunru.core import audit, clock
from zhunru.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from zhunru.core.numbering import next_number
from zhunru.core.workdays import add_working_days, working_days_between
from zhunru.inbox.services import notify


def procedure_settings() -> ProcedureSettings:
    row = ProcedureSettings.objects.first()
    return row if row is not None else ProcedureSettings()


def procedure_settings_update(*, actor: Any, **values: int) -> ProcedureSettings:
    require_role(actor, Role.APPROVAL_CLERK, Role.APPROVAL_HEAD)
    limits = {
        "submit_lead_days": (0, 120),
        "accept_days": (1, 60),
        "decide_days": (1, 120),
        "hearing_notice_days": (1, 60),
        "quorum": (0, 99),
        "remind_days_before": (0, 30),
        "expiry_remind_days": (0, 120),
    }
    with transaction.atomic():
        row = ProcedureSettings.objects.select_for_update().first() or ProcedureSettings()
        changed = {}
        for key, value in values.items():
            if key not in limits:
                raise ValidationFailed(_("未知设置：{k}").format(k=key), field=key)
            low, high = limits[key]
            if not isinstance(value, int) or not low <= value <= high:
                raise ValidationFailed(_("{k} 应在 {a}–{b} 之间。").format(k=key, a=low, b=high), field=key)
            if getattr(row, key) != value:
                changed[key] = value
                setattr(row, key, value)
        row.save()
        audit.record(actor=actor, event_type="procedure.settings", obj=row, summary=changed)
    return row


# ---------------------------------------------------------------- helpers


def _label(status: str) -> str:
    return str(S(status).label)


def _check_transition(table: dict, name: str, status: str) -> workflow.Transition:
    t = table[name]
    if status not in t.sources:
        raise InvalidTransition(
            _("申请当前状态为“{status}”，不能{action}。").format(status=_label(status), action=t.label)
        )
    return t


def _lock(model: type[Model], pk: int) -> Any:
    obj = model.objects.select_for_update().filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def _same_department(actor: Any, app: AccessApplication) -> None:
    if actor is not None and actor.department_id != app.department_id:
        raise NotFound()  # not theirs: indistinguishable from missing


def _move(
    obj: AccessApplication | ExitRequest,
    *,
    actor: Any,
    transition: str,
    to: str,
    note: str = "",
    **updates: Any,
) -> None:
    """The conditional update every transition ends with: status and version must be unchanged."""
    model = type(obj)
    done = model.objects.filter(pk=obj.pk, status=obj.status, version=obj.version).update(
        status=to, version=F("version") + 1, **updates
    )
    if not done:
        raise Conflict()
    kind = "application" if isinstance(obj, AccessApplication) else "exit_request"
    StatusChange.objects.create(
        **{kind: obj}, transition=transition, from_status=obj.status, to_status=to, actor=actor, note=note
    )
    audit.record(
        actor=actor,
        event_type=f"{kind}.{transition}",
        obj=obj,
        summary={
            "reference": obj.reference,
            "from": obj.status,
            "to": to,
            **({"note": note[:200]} if note else {}),
        },
    )
    obj.refresh_from_db()


def _link(app: AccessApplication) -> str:
    return f"/access/applications/{app.pk}/"


def _notify_department(app: AccessApplication, title: str) -> None:
    users = list(users_with_role(Role.DEPT_CLERK, department_id=app.department_id)) + list(
        users_with_role(Role.DEPT_HEAD, department_id=app.department_id)
    )
    notify(users, title=title, link=_link(app))


def _notify_office(title: str, link: str) -> None:
    notify(users_with_role(Role.APPROVAL_CLERK), title=title, link=link)


# ---------------------------------------------------------------- drafting

TEXT_FIELDS = {
    "matter_name": 200,
    "field": 40,
    "community_tasks": 5000,
    "basis": 5000,
    "money_source": 200,
    "staff": 200,
    "training": 200,
    "equipment": 200,
    "contact_name": 60,
    "contact_phone": 30,
}
REQUIRED = ("matter_name", "community_tasks", "basis", "start_date", "contact_name", "contact_phone")
LABELS = {
    "matter_name": _("事项名称"),
    "community_tasks": _("社区需承担的工作"),
    "basis": _("法律政策依据"),
    "start_date": _("开始日期"),
    "contact_name": _("联系人"),
    "contact_phone": _("联系电话"),
}


def _decimal(value: Any, field: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value if value not in (None, "") else "0"))
    except InvalidOperation:
        raise ValidationFailed(_("“{f}”应为数字。").format(f=label), field=field) from None
    if number < 0 or number > Decimal("9999999999"):
        raise ValidationFailed(_("“{f}”不能为负数。").format(f=label), field=field)
    return number


def _date(value: Any, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(_("日期格式应为 YYYY-MM-DD。"), field=field) from None


def _clean(data: dict[str, Any]) -> tuple[dict[str, Any], list[Area] | None]:
    """Validate the application form (web, API alike). Returns model fields and the scope areas."""
    out: dict[str, Any] = {}
    for key, limit in TEXT_FIELDS.items():
        if key in data:
            value = str(data[key] or "").strip()
            if len(value) > limit:
                raise ValidationFailed(_("“{f}”过长（最多 {n} 个字符）。").format(f=key, n=limit), field=key)
            out[key] = value
    choices = {
        "kind": MatterKind,
        "frequency": Frequency,
        "community_role": CommunityRole,
        "scope_kind": ScopeKind,
    }
    for key, enum in choices.items():
        if key in data:
            if data[key] not in enum.values:
                raise ValidationFailed(_("“{f}”的取值无效。").format(f=key), field=key)
            out[key] = data[key]
    for key in ("start_date", "end_date"):
        if key in data:
            out[key] = _date(data[key], key)
    if "workload_hours" in data:
        out["workload_hours"] = _decimal(data["workload_hours"], "workload_hours", _("预计工作量"))
    if "money_per_community_year" in data:
        out["money_per_community_year"] = _decimal(
            data["money_per_community_year"], "money_per_community_year", _("经费")
        )
    for key in ("signboard_wanted", "no_assessment_declared"):
        if key in data:
            out[key] = bool(data[key])
    if "data_fields" in data:
        raw = data["data_fields"]
        out["data_fields"] = validate_data_fields(";".join(raw) if isinstance(raw, list) else str(raw or ""))
    areas: list[Area] | None = None
    if "scope_areas" in data:
        codes = [str(c).strip() for c in (data["scope_areas"] or []) if str(c).strip()]
        found = {a.code: a for a in Area.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise ValidationFailed(_("区划代码不存在：{c}").format(c="、".join(missing)), field="scope_areas")
        areas = [found[c] for c in codes]
    return out, areas


def _check_complete(app: AccessApplication, areas: list[Area]) -> None:
    for key in REQUIRED:
        if not getattr(app, key):
            raise ValidationFailed(_("请填写“{f}”。").format(f=LABELS[key]), field=key)
    if app.end_date and app.end_date < app.start_date:
        raise ValidationFailed(_("结束日期不能早于开始日期。"), field="end_date")
    level = {ScopeKind.STREETS: Area.Level.STREET, ScopeKind.COMMUNITIES: Area.Level.COMMUNITY}.get(
        app.scope_kind
    )
    if level is None and areas:
        raise ValidationFailed(_("实施范围为全部社区时不应选择街道或社区。"), field="scope_areas")
    if level is not None:
        if not areas:
            raise ValidationFailed(_("请选择实施范围内的街道或社区。"), field="scope_areas")
        if any(a.level != level for a in areas):
            raise ValidationFailed(_("所选区划与实施范围的层级不符。"), field="scope_areas")
    if app.kind in (MatterKind.REPORT, MatterKind.LEDGER) and not app.data_fields:
        raise ValidationFailed(_("报表和台账须列出采集的数据字段。"), field="data_fields")


def application_create(*, actor: Any, data: dict[str, Any]) -> AccessApplication:
    """A department clerk drafts an application (申请准入社区工作事项审批表)."""
    require_role(actor, Role.DEPT_CLERK)
    fields, areas = _clean(data)
    app = AccessApplication(department_id=actor.department_id, created_by=actor, **fields)
    if not app.matter_name:
        raise ValidationFailed(_("请填写“{f}”。").format(f=LABELS["matter_name"]), field="matter_name")
    if app.start_date is None:
        raise ValidationFailed(_("请填写“{f}”。").format(f=LABELS["start_date"]), field="start_date")
    with transaction.atomic():
        app.reference = f"SQ{clock.today().year}-{next_number(f'application:{clock.today().year}'):04d}"
        app.save()
        if areas:
            app.scope_areas.set(areas)
        StatusChange.objects.create(application=app, transition="create", to_status=S.DRAFT, actor=actor)
        audit.record(
            actor=actor, event_type="application.create", obj=app, summary={"reference": app.reference}
        )
    return app


def application_update(
    *, actor: Any, application: AccessApplication, data: dict[str, Any]
) -> AccessApplication:
    """Edit a draft, or correct a returned application. Editing a signed draft needs a new signature."""
    require_role(actor, *workflow.DEPT)
    fields, areas = _clean(data)
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _same_department(actor, app)
        if app.status not in (S.DRAFT, S.SIGNED, S.RETURNED):
            raise InvalidTransition(_("申请当前状态为“{s}”，不能修改。").format(s=_label(app.status)))
        for key, value in fields.items():
            setattr(app, key, value)
        updates = dict(fields)
        if app.status == S.SIGNED:  # the head signed what was there before
            _move(
                app,
                actor=actor,
                transition="edit",
                to=S.DRAFT,
                note=_("修改后须重新签发"),
                signed_by=None,
                **updates,
            )
        else:
            n = AccessApplication.objects.filter(pk=app.pk, version=app.version).update(
                version=F("version") + 1, **updates
            )
            if not n:
                raise Conflict()
            audit.record(
                actor=actor, event_type="application.update", obj=app, summary={"fields": sorted(fields)}
            )
        if areas is not None:
            app.scope_areas.set(areas)
        app.refresh_from_db()
    return app


def attachment_add(*, actor: Any, application: AccessApplication, name: str, data: bytes) -> Attachment:
    require_role(actor, *workflow.DEPT)
    if len(data) > MAX_ATTACHMENT:
        raise ValidationFailed(_("附件不能超过 20 MB。"), field="file")
    kind = sniff(data)
    if kind is None:
        raise ValidationFailed(
            _("附件“{n}”不是 PDF、DOCX、JPG 或 PNG 文件（按内容检查）。").format(n=name), field="file"
        )
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _same_department(actor, app)
        if app.status not in (S.DRAFT, S.SIGNED, S.RETURNED):
            raise InvalidTransition(_("申请当前状态为“{s}”，不能添加附件。").format(s=_label(app.status)))
        safe_name = (name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or "file")[:150]
        attachment = Attachment(
            application=app,
            name=safe_name,
            content_type=KINDS[kind],
            size=len(data),
            sm3=hashlib.new("sm3", data).hexdigest(),
            uploaded_by=actor,
        )
        attachment.file.save(f"{app.reference}-{attachment.sm3[:12]}.{kind}", ContentFile(data), save=False)
        attachment.save()
        audit.record(
            actor=actor,
            event_type="application.attach",
            obj=app,
            summary={"name": safe_name, "sm3": attachment.sm3},
        )
    return attachment


# ---------------------------------------------------------------- transitions (department)


def application_sign(*, actor: Any, application: AccessApplication) -> AccessApplication:
    """The department head signs off; nobody signs their own draft."""
    require_role(actor, Role.DEPT_HEAD)
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _same_department(actor, app)
        _check_transition(workflow.APPLICATION_TRANSITIONS, "sign", app.status)
        if actor is not None and app.created_by_id == actor.pk:
            raise Forbidden(_("不能签发自己起草的申请，须由部门另一位负责人签发。"))
        _check_complete(app, list(app.scope_areas.all()))
        if not app.no_assessment_declared:
            raise ValidationFailed(
                _("须承诺不单独对社区开展考核、评比、排名。"), field="no_assessment_declared"
            )
        _move(app, actor=actor, transition="sign", to=S.SIGNED, signed_by=actor)
        notify([app.created_by], title=_("申请 {r} 已签发").format(r=app.reference), link=_link(app))
    return app


def application_submit(*, actor: Any, application: AccessApplication) -> AccessApplication:
    """Submit at least N working days (default 30) before the requested start."""
    require_role(actor, *workflow.DEPT)
    settings_row = procedure_settings()
    today = clock.today()
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _same_department(actor, app)
        _check_transition(workflow.APPLICATION_TRANSITIONS, "submit", app.status)
        earliest = add_working_days(today, settings_row.submit_lead_days)
        if app.start_date < earliest:
            raise ValidationFailed(
                _("须在开始日期前至少 {n} 个工作日提交：今天提交，开始日期最早为 {d}。").format(
                    n=settings_row.submit_lead_days, d=earliest.isoformat()
                ),
                field="start_date",
            )
        _move(
            app,
            actor=actor,
            transition="submit",
            to=S.SUBMITTED,
            submitted_on=today,
            accept_due=add_working_days(today, settings_row.accept_days),
        )
        _notify_office(_("新的准入申请：{r} {n}").format(r=app.reference, n=app.matter_name), _link(app))
    return app


def application_withdraw(
    *, actor: Any, application: AccessApplication, reason: str = ""
) -> AccessApplication:
    require_role(actor, *workflow.DEPT)
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _same_department(actor, app)
        _check_transition(workflow.APPLICATION_TRANSITIONS, "withdraw", app.status)
        if app.status == S.RETURNED and app.returned_from == S.UNDER_REVIEW:
            raise InvalidTransition(_("申请已受理，补正期间不能撤回；请补正后重新提交。"))
        notify_office = app.status not in (S.DRAFT, S.SIGNED)
        _move(app, actor=actor, transition="withdraw", to=S.WITHDRAWN, note=reason)
        if notify_office:
            _notify_office(_("申请 {r} 已被申请单位撤回").format(r=app.reference), _link(app))
    return app


def application_resubmit(*, actor: Any, application: AccessApplication, note: str = "") -> AccessApplication:
    """After correction. Returned before acceptance: back to the office's acceptance step with a new
    5-day limit. Returned during review: review resumes and the decision clock restarts where it stopped."""
    require_role(actor, *workflow.DEPT)
    settings_row = procedure_settings()
    today = clock.today()
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _same_department(actor, app)
        _check_transition(workflow.APPLICATION_TRANSITIONS, "resubmit", app.status)
        _check_complete(app, list(app.scope_areas.all()))
        if app.returned_from == S.UNDER_REVIEW and app.decision_due and app.paused_on:
            paused = working_days_between(app.paused_on, today)
            _move(
                app,
                actor=actor,
                transition="resubmit",
                to=S.UNDER_REVIEW,
                note=note,
                decision_due=add_working_days(app.decision_due, paused),
                paused_on=None,
            )
        else:
            _move(
                app,
                actor=actor,
                transition="resubmit",
                to=S.RESUBMITTED,
                note=note,
                accept_due=add_working_days(today, settings_row.accept_days),
                paused_on=None,
            )
        _notify_office(_("申请 {r} 已补正并重新提交").format(r=app.reference), _link(app))
    return app


# ---------------------------------------------------------------- transitions (approval office)


def application_return(*, actor: Any, application: AccessApplication, reason: str) -> AccessApplication:
    """Return for correction (补正), with the reason. During review this stops the decision clock."""
    require_role(actor, Role.APPROVAL_CLERK)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("请写明需要补正的内容。"), field="reason")
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _check_transition(workflow.APPLICATION_TRANSITIONS, "return", app.status)
        _move(
            app,
            actor=actor,
            transition="return",
            to=S.RETURNED,
            note=reason,
            returned_from=app.status if app.status == S.UNDER_REVIEW else S.SUBMITTED,
            return_reason=reason,
            paused_on=clock.today(),
        )
        _notify_department(app, _("申请 {r} 被退回补正：{why}").format(r=app.reference, why=reason[:80]))
    return app


def application_accept(*, actor: Any, application: AccessApplication) -> AccessApplication:
    require_role(actor, Role.APPROVAL_CLERK)
    settings_row = procedure_settings()
    today = clock.today()
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _check_transition(workflow.APPLICATION_TRANSITIONS, "accept", app.status)
        _move(
            app,
            actor=actor,
            transition="accept",
            to=S.ACCEPTED,
            accepted_on=today,
            decision_due=add_working_days(today, settings_row.decide_days),
            paused_on=None,
        )
        _notify_department(
            app, _("申请 {r} 已受理，决定期限 {d}").format(r=app.reference, d=app.decision_due)
        )
    return app


def application_start_review(*, actor: Any, application: AccessApplication) -> AccessApplication:
    require_role(actor, Role.APPROVAL_CLERK)
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _check_transition(workflow.APPLICATION_TRANSITIONS, "start_review", app.status)
        _move(app, actor=actor, transition="start_review", to=S.UNDER_REVIEW)
        reviewers = [u for u in users_with_role(Role.APPROVER) if u.department_id != app.department_id]
        notify(
            reviewers,
            title=_("请审查准入申请 {r} {n}").format(r=app.reference, n=app.matter_name),
            link=_link(app),
        )
    return app


def application_schedule_hearing(
    *,
    actor: Any,
    application: AccessApplication,
    scheduled_on: dt.date,
    place: str,
    participants: str,
    agenda: str,
    notice_days: int | None = None,
) -> Hearing:
    """A hearing at least `notice_days` (default 10) after today; the decision limit grows by the
    notice period."""
    require_role(actor, Role.APPROVAL_CLERK)
    today = clock.today()
    notice = notice_days if notice_days is not None else procedure_settings().hearing_notice_days
    minimum = procedure_settings().hearing_notice_days
    if notice < minimum:
        raise ValidationFailed(_("听证公告期不得少于 {n} 日。").format(n=minimum), field="notice_days")
    if scheduled_on < today + dt.timedelta(days=notice):
        raise ValidationFailed(
            _("听证日期须在公告期满之后：最早 {d}。").format(
                d=(today + dt.timedelta(days=notice)).isoformat()
            ),
            field="scheduled_on",
        )
    for key, value in (("place", place), ("participants", participants), ("agenda", agenda)):
        if not (value or "").strip():
            raise ValidationFailed(_("请填写听证的地点、参加人员和议程。"), field=key)
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _check_transition(workflow.APPLICATION_TRANSITIONS, "schedule_hearing", app.status)
        hearing = Hearing.objects.create(
            application=app,
            scheduled_on=scheduled_on,
            place=place.strip()[:200],
            notice_days=notice,
            participants=participants.strip(),
            agenda=agenda.strip(),
        )
        extra = working_days_between(today, today + dt.timedelta(days=notice))
        _move(
            app,
            actor=actor,
            transition="schedule_hearing",
            to=S.HEARING_SCHEDULED,
            note=f"{scheduled_on.isoformat()} {place}",
            decision_due=add_working_days(app.decision_due or today, extra),
        )
        _notify_department(app, _("申请 {r} 将于 {d} 举行听证").format(r=app.reference, d=scheduled_on))
        notify(
            users_with_role(Role.APPROVER),
            title=_("听证通知：{r} {d}").format(r=app.reference, d=scheduled_on),
            link=_link(app),
        )
    return hearing


def application_record_hearing(
    *, actor: Any, application: AccessApplication, held_on: dt.date, minutes: str, outcome: str
) -> Hearing:
    require_role(actor, Role.APPROVAL_CLERK)
    if not (minutes or "").strip() or not (outcome or "").strip():
        raise ValidationFailed(_("请填写听证记录和听证结论。"), field="minutes")
    with transaction.atomic():
        app = _lock(AccessApplication, application.pk)
        _check_transition(workflow.APPLICATION_TRANSITIONS, "record_hearing", app.status)
        hearing = app.hearings.order_by("-scheduled_on", "-pk").first()
        if hearing is None:
            raise InvalidTransition(_("没有待举行的听证。"))
        if held_on < hearing.scheduled_on or held_on > clock.today():
            raise ValidationFailed(_("举行日期应在听证日期与今天之间。"), field="held_on")
        Hearing.objects.filter(pk=hearing.pk).update(
            held_on=held_on, minutes=minutes.strip(), outcome=outcome.strip()
        )
        _move(app, actor=actor, transition="record_hearing", to=S.HEARING_HELD, note=outcome.strip()[:200])
        hearing.refresh_from_db()
    return hearing


# ---------------------------------------------------------------- opinions (joint meeting)


def opinion_give(
    *,
    actor: Any,
    stance: str,
    reasons: str,
    conditions: str = "",
    application: AccessApplication | None = None,
    exit_request: ExitRequest | None = None,
) -> Opinion:
    """A member of the joint meeting records an opinion. A member from the department concerned may not."""
    require_role(actor, Role.APPROVER)
    if stance not in Opinion.Stance.values:
        raise ValidationFailed(_("请选择审查意见。"), field="stance")
    if not (reasons or "").strip():
        raise ValidationFailed(_("请写明理由。"), field="reasons")
    if stance == Opinion.Stance.AGREE_WITH_CONDITIONS and not (conditions or "").strip():
        raise ValidationFailed(_("附条件同意须写明条件。"), field="conditions")
    with transaction.atomic():
        if application is not None:
            subject: Any = _lock(AccessApplication, application.pk)
            department_id = subject.department_id
            key = {"application": subject}
        elif exit_request is not None:
            subject = _lock(ExitRequest, exit_request.pk)
            department_id = subject.matter.department_id
            key = {"exit_request": subject}
        else:
            raise ValidationFailed(_("缺少审查对象。"))
        if subject.status not in workflow.OPINION_STATES:
            raise InvalidTransition(_("只有审查中的申请才能提出审查意见。"))
        if actor is not None and actor.department_id is not None and actor.department_id == department_id:
            raise Forbidden(_("您所在单位是该事项的申请或责任单位，应当回避，不能参加表决。"))
        if Opinion.objects.filter(reviewer=actor, **key).exists():
            raise Conflict(_("您已对该申请提出过审查意见。"))
        opinion = Opinion.objects.create(
            reviewer=actor,
            stance=stance,
            reasons=reasons.strip(),
            conditions=(conditions or "").strip(),
            **key,
        )
        audit.record(
            actor=actor,
            event_type="opinion.give",
            obj=subject,
            summary={"reference": subject.reference, "stance": stance},
        )
        _notify_office(
            _("{r} 收到新的审查意见").format(r=subject.reference), _link(subject) if application else ""
        )
    return opinion
