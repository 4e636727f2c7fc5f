"""Every change of the gateway (社区任务登记与判定): registering what reached a community, a department's
dispatch by its own matter (the front door), and the community's answer (accept, refuse, report).

One service per change, each in one transaction with its permission check and audit event."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhunru.access.files import MAX_ATTACHMENT, sniff
from zhunru.accounts.models import User
from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.areas.models import Area
from zhunru.catalog.models import Matter
from zhunru.core import audit, clock
from zhunru.core.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from zhunru.core.numbering import next_number
from zhunru.gateway import refusals, selectors
from zhunru.gateway.messages import Message, parse_messages, split_messages
from zhunru.gateway.models import TaskNotice, Verdict
from zhunru.inbox.services import notify

__all__ = [
    "Message",
    "notice_accept",
    "notice_dispatch",
    "notice_refuse",
    "notice_refuse_and_report",
    "notice_register",
    "notice_report",
    "notices_register_bulk",
    "parse_messages",
    "split_messages",
]

WORKERS = (Role.COMMUNITY_WORKER,)
DISPATCHERS = (Role.DEPT_CLERK, Role.DEPT_HEAD)
MAX_TEXT = 5000
MAX_HOURS = Decimal("9999")
ATTACHMENT_KINDS = ("pdf", "docx", "jpg", "png")


# ---------------------------------------------------------------- helpers


def _community_of(actor: Any, community: Area | None) -> Area:
    """A worker registers for her own community only; the system (actor=None) names one."""
    if actor is None:
        if community is None:
            raise ValidationFailed(_("请指定社区。"), field="community")
        return community
    if not actor.community_id:
        raise Forbidden(_("只有社区工作者可以为本社区登记任务。"))
    if community is not None and community.pk != actor.community_id:
        raise Forbidden(_("只能为本社区登记任务。"))
    return actor.community  # type: ignore[no-any-return]


def _own_notice(actor: Any, notice: TaskNotice) -> None:
    """Only the workers of the notice's community act on it (anyone else: not found)."""
    require_role(actor, *WORKERS)
    if actor is not None and actor.community_id != notice.community_id:
        raise NotFound()


def _lock(notice: TaskNotice) -> TaskNotice:
    row = (
        TaskNotice.objects.select_for_update(of=("self",))
        .select_related("community", "community__parent", "department", "matter")
        .filter(pk=notice.pk)
        .first()
    )
    if row is None:
        raise NotFound()
    return row


def _hours(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("预计工时应为数字。"), field="hours") from None
    if hours < 0 or hours > MAX_HOURS:
        raise ValidationFailed(_("预计工时应在 0–9999 小时之间。"), field="hours")
    return hours


def _date(value: Any, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationFailed(
            _("日期应为 YYYY-MM-DD，实为“{v}”。").format(v=str(value)[:20]), field=field
        ) from None


def _attachment(attachment: Any) -> tuple[str, bytes] | None:
    """(kind, bytes) of an upload, checked by content: PDF, DOCX, JPG or PNG, at most 20 MB."""
    if attachment is None:
        return None
    if isinstance(attachment, tuple):
        name, data = attachment
    else:
        name = getattr(attachment, "name", "") or "file"
        if getattr(attachment, "size", 0) and attachment.size > MAX_ATTACHMENT:
            raise ValidationFailed(_("附件不能超过 20 MB。"), field="attachment")
        data = attachment.read()
    if len(data) > MAX_ATTACHMENT:
        raise ValidationFailed(_("附件不能超过 20 MB。"), field="attachment")
    kind = sniff(data)
    if kind not in ATTACHMENT_KINDS:
        raise ValidationFailed(
            _("附件“{n}”不是截图（JPG、PNG）或文件（PDF、DOCX），按内容检查。").format(n=str(name)[-60:]),
            field="attachment",
        )
    return kind, data


@dataclass
class _Clean:
    text: str
    department_text: str
    received_on: dt.date
    deadline: dt.date | None
    hours: Decimal | None


def _clean(
    *, text: Any, department_text: Any = "", received_on: Any = None, deadline: Any = None, hours: Any = None
) -> _Clean:
    text = str(text or "").strip()
    if not text:
        raise ValidationFailed(_("请粘贴或输入收到的任务内容。"), field="text")
    if len(text) > MAX_TEXT:
        raise ValidationFailed(_("任务内容不能超过 {n} 字。").format(n=MAX_TEXT), field="text")
    department_text = " ".join(str(department_text or "").split())
    if len(department_text) > 100:
        raise ValidationFailed(_("来源部门不能超过 100 字。"), field="department_text")
    day = _date(received_on, "received_on") or clock.today()
    due = _date(deadline, "deadline")
    if due is not None and due < day:
        raise ValidationFailed(_("完成期限不能早于收到日期。"), field="deadline")
    return _Clean(text, department_text, day, due, _hours(hours))


def _create(
    actor: Any,
    community: Area,
    item: _Clean,
    source: str,
    attachment: tuple[str, bytes] | None = None,
    external_id: str = "",
) -> TaskNotice:
    judged = selectors.judge_text(
        text=item.text, community=community, department_text=item.department_text, date=item.received_on
    )
    v = judged.verdict
    notice = TaskNotice(
        community=community,
        department=judged.department,
        department_text=item.department_text,
        received_on=item.received_on,
        text=item.text,
        deadline=item.deadline,
        hours=item.hours,
        verdict=v.verdict,
        matter=judged.matter,
        matter_code=v.item,
        score=Decimal(str(round(min(max(v.score, 0.0), 1.0), 2))),
        reason=v.reason,
        matched_words=list(v.matched),
        source=source,
        external_id=external_id,
        created_by=actor,
    )
    if attachment is not None:
        kind, data = attachment
        digest = hashlib.new("sm3", data).hexdigest()[:16]
        notice.attachment.save(f"{community.code}-{digest}.{kind}", ContentFile(data), save=False)
    notice.save()
    audit.record(
        actor=actor,
        event_type="gateway.notice.register",
        obj=notice,
        summary={
            "community": community.code,
            "department": notice.source_name,
            "received_on": notice.received_on,
            "verdict": notice.verdict,
            "matter": notice.matter_code,
            "source": source,
        },
    )
    _watch_for_retaliation(notice)
    return notice


def _watch_for_retaliation(notice: TaskNotice) -> None:
    """A new demand from a department this community reported in the last 90 days is flagged to
    supervision (inside the registering transaction; the demand is judged as usual)."""
    from zhunru.supervision.services import retaliation_check  # supervision depends on gateway

    retaliation_check(notice=notice)


# ---------------------------------------------------------------- registering


def notice_register(
    *,
    actor: Any,
    text: str,
    department_text: str = "",
    received_on: dt.date | str | None = None,
    deadline: dt.date | str | None = None,
    hours: Any = None,
    attachment: Any = None,
    community: Area | None = None,
    source: str = TaskNotice.Source.PASTE,
    external_id: str = "",
) -> TaskNotice:
    """Register one demand that reached the worker's community, judged at once against the catalog.
    The source department is read from the words when none is typed; the date defaults to today.
    `external_id` is the demand's number in another system (an import), kept as given."""
    require_role(actor, *WORKERS)
    area = _community_of(actor, community)
    item = _clean(
        text=text, department_text=department_text, received_on=received_on, deadline=deadline, hours=hours
    )
    upload = _attachment(attachment)
    if source not in TaskNotice.Source.values:
        raise ValidationFailed(_("未知的来源方式。"), field="source")
    with transaction.atomic():
        return _create(actor, area, item, source, upload, external_id=str(external_id or "")[:40])


def notices_register_bulk(
    *, actor: Any, items: list[dict[str, Any]], community: Area | None = None
) -> list[TaskNotice]:
    """Register many messages at once (each a dict of text, department_text, received_on, deadline,
    hours): every one is checked first; all are saved in one transaction, or none."""
    require_role(actor, *WORKERS)
    area = _community_of(actor, community)
    if not items:
        raise ValidationFailed(_("没有要登记的任务。"), field="text")
    cleaned, problems = [], []
    for n, raw in enumerate(items, start=1):
        try:
            cleaned.append(
                _clean(
                    text=raw.get("text"),
                    department_text=raw.get("department_text", ""),
                    received_on=raw.get("received_on"),
                    deadline=raw.get("deadline"),
                    hours=raw.get("hours"),
                )
            )
        except ValidationFailed as exc:
            problems.append(_("第 {n} 条：{m}").format(n=n, m=exc.message))
    if problems:
        raise ValidationFailed(_("未登记任何任务：") + "；".join(problems), field="items")
    with transaction.atomic():
        return [_create(actor, area, item, TaskNotice.Source.BULK) for item in cleaned]


# ---------------------------------------------------------------- the front door


def _communities(values: list[Any]) -> list[Area]:
    areas: list[Area] = []
    unknown = []
    for value in values:
        if isinstance(value, Area):
            area: Area | None = value
        else:
            area = Area.objects.filter(code=str(value).strip(), level=Area.Level.COMMUNITY).first()
            if area is None:
                unknown.append(str(value))
                continue
        if area.level != Area.Level.COMMUNITY:
            unknown.append(area.code)
            continue
        if area.pk not in {a.pk for a in areas}:
            areas.append(area)
    if unknown:
        raise ValidationFailed(
            _("不是本区的社区：{c}。").format(c="、".join(unknown)[:200]), field="communities"
        )
    return areas


def notice_dispatch(
    *,
    actor: Any,
    matter: Matter,
    communities: list[Any],
    text: str,
    deadline: dt.date | str | None = None,
) -> list[TaskNotice]:
    """A department sends a task to communities by citing one of its own published admitted or
    assistance matters; it arrives in each community's list already judged."""
    require_role(actor, *DISPATCHERS)
    department = actor.department if actor is not None else matter.department
    if department is None or matter.department_id != department.pk:
        owner = matter.department.name if matter.department else _("全部部门")
        raise ValidationFailed(
            _("只能依据本单位的事项派单：“{m}”（{c}）的责任部门是{o}。").format(
                m=matter.name, c=matter.code, o=owner
            ),
            field="matter",
        )
    if matter.list not in selectors.DISPATCH_LISTS:
        raise ValidationFailed(
            _("只能依据准入事项或依法协助事项派单，“{m}”（{c}）属于{k}。").format(
                m=matter.name, c=matter.code, k=matter.get_list_display()
            ),
            field="matter",
        )
    if matter.status != Matter.Status.PUBLISHED:
        raise ValidationFailed(
            _("“{m}”（{c}）未发布或已退出清单，不能派单。").format(m=matter.name, c=matter.code),
            field="matter",
        )
    today = clock.today()
    if matter.valid_from is not None and today < matter.valid_from:
        raise ValidationFailed(
            _("“{m}”（{c}）自{d}起才生效，生效前不能派单。").format(
                m=matter.name, c=matter.code, d=matter.valid_from.isoformat()
            ),
            field="matter",
        )
    if matter.valid_to is not None and today > matter.valid_to:
        raise ValidationFailed(
            _("“{m}”（{c}）已于{d}到期，到期后不能派单。").format(
                m=matter.name, c=matter.code, d=matter.valid_to.isoformat()
            ),
            field="matter",
        )
    item = _clean(text=text, department_text=department.name, received_on=today, deadline=deadline)
    if item.deadline is not None and matter.valid_to is not None and item.deadline > matter.valid_to:
        raise ValidationFailed(
            _("完成期限不能晚于事项的有效期（{d}）。").format(d=matter.valid_to.isoformat()), field="deadline"
        )
    areas = _communities(list(communities))
    if not areas:
        raise ValidationFailed(_("请选择派往的社区。"), field="communities")
    outside = [a.name for a in areas if not selectors.matter_covers(matter, a)]
    if outside:
        raise ValidationFailed(
            _("“{m}”（{c}）未准入{a}，不能向其派单。").format(
                m=matter.name, c=matter.code, a="、".join(outside)
            ),
            field="communities",
        )
    label = f"“{matter.name}”（{matter.code}）"
    basis = matter.basis or _("本区社区工作事项清单")
    if matter.list == Verdict.ASSIST:
        reason = _("{d}依据依法协助事项{m}派单，依据{b}，社区应当协助办理。").format(
            d=department.name, m=label, b=basis
        )
    else:
        reason = _("{d}依据已准入事项{m}派单，依据{b}，社区应当办理。").format(
            d=department.name, m=label, b=basis
        )
    with transaction.atomic():
        notices = []
        for area in areas:
            notice = TaskNotice.objects.create(
                community=area,
                department=department,
                department_text=department.name,
                received_on=today,
                text=item.text,
                deadline=item.deadline,
                verdict=matter.list,
                matter=matter,
                matter_code=matter.code,
                score=Decimal("1.00"),
                reason=reason,
                source=TaskNotice.Source.DISPATCH,
                created_by=actor,
            )
            notices.append(notice)
            _watch_for_retaliation(notice)
            workers = User.objects.filter(
                is_active=True, community=area, role_grants__role=Role.COMMUNITY_WORKER
            ).distinct()
            notify(
                workers,
                title=_("{d}派来任务：{m}").format(d=department.name, m=matter.name),
                body=item.text[:500],
                link=f"/gateway/notices/{notice.pk}/",
            )
        audit.record(
            actor=actor,
            event_type="gateway.notice.dispatch",
            object_type="gateway.tasknotice",
            object_id=",".join(str(n.pk) for n in notices)[:200],
            summary={
                "department": department.name,
                "matter": matter.code,
                "communities": [a.code for a in areas],
                "deadline": item.deadline,
            },
        )
    return notices


# ---------------------------------------------------------------- the community's answer


def notice_accept(*, actor: Any, notice: TaskNotice) -> TaskNotice:
    """Allowed work (duty, assistance, admitted) joins the community's list."""
    _own_notice(actor, notice)
    with transaction.atomic():
        row = _lock(notice)
        if not row.allowed:
            raise ValidationFailed(
                _("该任务判定为“{v}”，社区不应承担，不能接受；请拒绝或举报。").format(
                    v=row.get_verdict_display()
                )
            )
        if row.action != TaskNotice.Action.PENDING:
            raise InvalidTransition(_("该任务已处理（{a}）。").format(a=row.get_action_display()))
        now = timezone.now()
        TaskNotice.objects.filter(pk=row.pk, action=TaskNotice.Action.PENDING).update(
            action=TaskNotice.Action.ACCEPTED, acted_at=now
        )
        audit.record(
            actor=actor,
            event_type="gateway.notice.accept",
            obj=row,
            summary={"verdict": row.verdict, "matter": row.matter_code},
        )
    row.refresh_from_db()
    return row


def notice_refuse(*, actor: Any, notice: TaskNotice) -> TaskNotice:
    """Refuse a demand that is not admitted (or on the negative list): the refusal letter
    (拒绝告知书) is numbered and its content frozen; the asking department's staff are told."""
    _own_notice(actor, notice)
    with transaction.atomic():
        row = _lock(notice)
        if row.allowed:
            raise ValidationFailed(
                _("该任务判定为“{v}”，社区应当办理，不能拒绝。").format(v=row.get_verdict_display())
            )
        if row.action != TaskNotice.Action.PENDING:
            raise InvalidTransition(_("该任务已处理（{a}）。").format(a=row.get_action_display()))
        day = clock.today()
        seq = next_number(f"gateway.refusal.{row.community.code}.{day.year}")
        number = refusals.refusal_number(row.community.name, day.year, seq)
        content = refusals.refusal_content(row, number=number, day=day)
        updated = TaskNotice.objects.filter(pk=row.pk, action=TaskNotice.Action.PENDING).update(
            action=TaskNotice.Action.REFUSED, acted_at=timezone.now(), refused_on=day, refusal=content
        )
        if not updated:
            raise InvalidTransition()
        if row.department_id:
            staff = User.objects.filter(
                is_active=True,
                department_id=row.department_id,
                role_grants__role__in=(Role.DEPT_CLERK, Role.DEPT_HEAD),
            ).distinct()
            notify(
                staff,
                title=_("{c}拒绝了贵单位的要求（{n}）").format(c=row.community.name, n=number),
                body=content["rule_sentence"],
            )
        audit.record(
            actor=actor,
            event_type="gateway.notice.refuse",
            obj=row,
            summary={"number": number, "rule": content["rule"], "department": content["department"]},
        )
    row.refresh_from_db()
    return row


def notice_report(*, actor: Any, notice: TaskNotice) -> TaskNotice:
    """Report a demand that is not admitted to the supervision office (纪检监察), through
    `zhunru.supervision.services.violation_report_file`."""
    _own_notice(actor, notice)
    from zhunru.supervision.services import violation_report_file  # supervision depends on gateway

    with transaction.atomic():
        row = _lock(notice)
        if row.allowed:
            raise ValidationFailed(
                _("该任务判定为“{v}”，社区应当办理，不能举报。").format(v=row.get_verdict_display())
            )
        if row.reported_at is not None:
            raise InvalidTransition(_("该任务已举报。"))
        report = violation_report_file(actor=actor, notice=row)
        reference = str(getattr(report, "reference", "") or getattr(report, "number", "") or "")[:60]
        updated = TaskNotice.objects.filter(pk=row.pk, reported_at__isnull=True).update(
            reported_at=timezone.now(), report_reference=reference
        )
        if not updated:
            raise InvalidTransition(_("该任务已举报。"))
        audit.record(
            actor=actor,
            event_type="gateway.notice.report",
            obj=row,
            summary={"reference": reference, "verdict": row.verdict, "matter": row.matter_code},
        )
    row.refresh_from_db()
    return row


def notice_refuse_and_report(*, actor: Any, notice: TaskNotice) -> TaskNotice:
    """The one button 拒绝并举报: refuse (when not yet refused) and report, both or neither."""
    _own_notice(actor, notice)
    with transaction.atomic():
        row = _lock(notice)
        if row.action == TaskNotice.Action.PENDING:
            row = notice_refuse(actor=actor, notice=row)
        return notice_report(actor=actor, notice=row)
