"""Every state change of funding (费随事转): the commitments an approved decision makes, the department's
disbursements, each community's confirmation or dispute, the settings, and the arrears check that marks
an admitted matter unfunded and opens its exit review. One transaction each, with its audit event and
its notifications (sent after commit)."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from zhunru.access.models import AccessApplication, Decision, ExitRequest
from zhunru.access.models import Status as AccessStatus
from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import users_with_role
from zhunru.areas.models import Area
from zhunru.catalog.models import Matter, MatterList
from zhunru.core import audit, clock
from zhunru.core.errors import Conflict, DomainError, Forbidden, InvalidTransition, NotFound, ValidationFailed
from zhunru.core.numbering import next_number
from zhunru.core.workdays import add_working_days
from zhunru.funding import workflow
from zhunru.funding.models import (
    Commitment,
    Disbursement,
    DisbursementLine,
    FundingSettings,
    LineStatusChange,
    UnfundedMatter,
)
from zhunru.funding.models import LineStatus as L
from zhunru.inbox.services import notify

log = logging.getLogger(__name__)

APPROVED = (Decision.Outcome.APPROVED, Decision.Outcome.APPROVED_WITH_CONDITIONS)
MAX_AMOUNT = Decimal("999999999999.99")
NOTE_MAX = 1000
VOUCHER_MAX = 60
OPEN_EXIT = (AccessStatus.SUBMITTED, AccessStatus.UNDER_REVIEW)

# ---------------------------------------------------------------- settings

INT_LIMITS = {
    "overdue_working_days": (1, 250),
    "due_month": (1, 12),
    "due_day": (1, 31),
    "welfare_base_households": (0, 1_000_000),
}
MONEY_SETTINGS = ("welfare_per_household", "welfare_minimum", "work_minimum")


def funding_settings() -> FundingSettings:
    row = FundingSettings.objects.first()
    return row if row is not None else FundingSettings()


def parse_amount(value: Any, *, field: str = "amount", label: str = "", allow_zero: bool = False) -> Decimal:
    """Yuan with at most two decimals, positive (or zero when allowed). Chinese error naming the field."""
    name = label or _("金额")
    if isinstance(value, bool) or value is None or str(value).strip() == "":
        raise ValidationFailed(_("请填写{n}。").format(n=name), field=field)
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise ValidationFailed(_("{n}格式不正确：{v}").format(n=name, v=value), field=field) from None
    if not amount.is_finite():
        raise ValidationFailed(_("{n}格式不正确：{v}").format(n=name, v=value), field=field)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationFailed(
            (_("{n}不能为负数。") if allow_zero else _("{n}必须大于 0。")).format(n=name), field=field
        )
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationFailed(_("{n}最多保留两位小数（元、角、分）。").format(n=name), field=field)
    if amount > MAX_AMOUNT:
        raise ValidationFailed(_("{n}过大。").format(n=name), field=field)
    return amount.quantize(Decimal("0.01"))


def funding_settings_update(*, actor: Any, **values: Any) -> FundingSettings:
    """The approval office sets the overdue limit, the yearly payment date and the reference standards.
    The payment date applies to commitments made afterwards."""
    require_role(actor, *workflow.OFFICE)
    with transaction.atomic():
        row = FundingSettings.objects.select_for_update().first() or FundingSettings()
        changed: dict[str, str] = {}
        for key, value in values.items():
            if key in INT_LIMITS:
                low, high = INT_LIMITS[key]
                if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                    label = FundingSettings._meta.get_field(key).verbose_name
                    raise ValidationFailed(
                        _("{k}应为 {a}–{b} 之间的整数。").format(k=label, a=low, b=high), field=key
                    )
            elif key in MONEY_SETTINGS:
                label = str(FundingSettings._meta.get_field(key).verbose_name)
                value = parse_amount(value, field=key, label=label, allow_zero=True)
            else:
                raise ValidationFailed(_("未知设置：{k}").format(k=key), field=key)
            if getattr(row, key) != value:
                changed[key] = str(value)
                setattr(row, key, value)
        month, day = row.due_month, row.due_day
        if day > calendar.monthrange(2001, month)[1]:  # a non-leap year: every year must have the date
            raise ValidationFailed(
                _("每年拨付截止日期无效：{m} 月没有 {d} 日。").format(m=month, d=day), field="due_day"
            )
        row.save()
        audit.record(actor=actor, event_type="funding.settings", obj=row, summary=changed)
    return row


def reference_amounts(households: int, s: FundingSettings | None = None) -> tuple[Decimal, Decimal]:
    """(public-welfare funding, work funding) a community should get a year by the reference standards:
    welfare = the minimum for up to `welfare_base_households` households, plus the per-household rate for
    each household above; work funding = its minimum."""
    s = s or funding_settings()
    extra = max(0, households - s.welfare_base_households)
    cent = Decimal("0.01")
    welfare = Decimal(s.welfare_minimum) + Decimal(s.welfare_per_household) * extra
    return welfare.quantize(cent), Decimal(s.work_minimum).quantize(cent)


# ---------------------------------------------------------------- commitments


def due_date(year: int, start: dt.date, end: dt.date | None, s: FundingSettings | None = None) -> dt.date:
    """The yearly payment date (by default 31 March, as the decision letter states), not before the
    matter starts in its first year nor after it ends in its last."""
    s = s or funding_settings()
    day = dt.date(year, s.due_month, min(s.due_day, calendar.monthrange(year, s.due_month)[1]))
    if start.year == year and day < start:
        day = start
    if end is not None and end.year == year and day > end:
        day = max(end, start)
    return day


def _communities(matter: Matter, year: int) -> list[Area]:
    qs = (
        Area.objects.filter(level=Area.Level.COMMUNITY)
        if matter.scope_all
        else matter.scope_areas.filter(level=Area.Level.COMMUNITY)
    )
    qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__year__gte=year)).filter(
        Q(valid_from__isnull=True) | Q(valid_from__year__lte=year)
    )
    return list(qs.order_by("code"))


def _years(app: AccessApplication, matter: Matter, today: dt.date) -> range:
    """Each year of the admitted period; an open-ended matter up to the current year (the arrears check
    adds each new year as it comes); an exited matter up to the year it left."""
    first = app.start_date.year
    last = app.end_date.year if app.end_date else max(first, today.year)
    if matter.exited_on is not None:
        last = min(last, matter.exited_on.year)
    return range(first, last + 1)


def commitments_create_for_decision(*, actor: Any, decision: Decision) -> list[Commitment]:
    """费随事转: an approved decision with money commits, for each community of the matter's scope and
    each year of its period, the money per community per year the application offered, from its source,
    payable by the yearly payment date. Idempotent: commitments already made are kept as they are.
    Called by access.decisions.application_decide inside the deciding transaction."""
    require_role(actor, *workflow.OFFICE)
    app = decision.application
    matter = decision.matter
    if (
        decision.outcome not in APPROVED
        or app is None
        or matter is None
        or app.money_per_community_year <= 0
        or matter.department_id is None
    ):
        return []
    s = funding_settings()
    today = clock.today()
    with transaction.atomic():
        # two workers backfilling at once: the second waits here and then finds the first one's rows
        Decision.objects.select_for_update().filter(pk=decision.pk).first()
        existing = set(Commitment.objects.filter(decision=decision).values_list("community_id", "year"))
        new = [
            Commitment(
                decision=decision,
                matter=matter,
                department_id=matter.department_id,
                community=community,
                year=year,
                amount=app.money_per_community_year,
                source=app.money_source[:200],
                due_on=due_date(year, app.start_date, app.end_date, s),
            )
            for year in _years(app, matter, today)
            for community in _communities(matter, year)
            if (community.pk, year) not in existing
        ]
        if not new:
            return []
        Commitment.objects.bulk_create(new)
        audit.record(
            actor=actor,
            event_type="funding_commitment.create",
            obj=decision,
            summary={
                "decision": decision.number,
                "matter": matter.code,
                "years": sorted({c.year for c in new}),
                "communities": len({c.community_id for c in new}),
                "amount_per_community_year": str(app.money_per_community_year),
                "total": str(sum((c.amount for c in new), Decimal("0"))),
            },
        )
    return new


def commitments_backfill(*, actor: Any = None) -> int:
    """Commitments for every approved decision with money that has none yet (or lacks a year that has
    begun since): for the decisions made before this app existed, and each new year of open-ended
    matters. Returns how many commitments were created."""
    require_role(actor, *workflow.OFFICE)
    created = 0
    decisions = (
        Decision.objects.filter(
            outcome__in=APPROVED,
            application__money_per_community_year__gt=0,
            matter__isnull=False,
        )
        .select_related("application", "matter")
        .order_by("year", "seq")
    )
    for decision in decisions:
        created += len(commitments_create_for_decision(actor=actor, decision=decision))
    return created


# ---------------------------------------------------------------- disbursements


def _workers(community_ids: Iterable[int]) -> Any:
    return users_with_role(Role.COMMUNITY_WORKER).filter(community_id__in=list(community_ids))


def _department_people(department_id: int) -> list[Any]:
    return list(users_with_role(Role.DEPT_CLERK, department_id=department_id)) + list(
        users_with_role(Role.DEPT_HEAD, department_id=department_id)
    )


def _office() -> list[Any]:
    return list(users_with_role(Role.APPROVAL_CLERK)) + list(users_with_role(Role.APPROVAL_HEAD))


def matter_link(matter_id: int, year: int | None = None) -> str:
    return f"/funding/matters/{matter_id}/" + (f"?year={year}" if year else "")


def _parse_date(value: Any, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ValidationFailed(
            _("{n}格式不正确（应为 YYYY-MM-DD）：{v}").format(n=label, v=value), field=field
        ) from None


def _resolve_communities(values: Iterable[Any]) -> list[Area]:
    codes: list[str] = []
    for v in values or []:
        code = v.code if isinstance(v, Area) else str(v).strip()
        if code and code not in codes:
            codes.append(code)
    if not codes:
        raise ValidationFailed(_("请选择拨付的社区。"), field="communities")
    found = {a.code: a for a in Area.objects.filter(code__in=codes, level=Area.Level.COMMUNITY)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationFailed(_("社区不存在：{c}").format(c="、".join(missing)), field="communities")
    return [found[c] for c in codes]


def disbursement_record(
    *,
    actor: Any,
    matter: Matter,
    year: Any,
    paid_on: Any,
    voucher_number: str,
    amount: Any,
    communities: Iterable[Any],
    note: str = "",
) -> Disbursement:
    """The matter's department records a payment: `amount` yuan to each of `communities` (codes or
    areas) on `paid_on`, against the `year`'s commitments, under one voucher number. A community must
    hold a commitment for that matter and year, and what is recorded for it (disputed lines included,
    cancelled ones not) may not exceed what was committed. Each community is asked to confirm."""
    require_role(actor, *workflow.DEPARTMENT)
    amount = parse_amount(amount, field="amount", label=_("每社区金额"))
    paid_on = _parse_date(paid_on, "paid_on", _("拨付日期"))
    today = clock.today()
    if paid_on > today:
        raise ValidationFailed(_("拨付日期不能晚于今天。"), field="paid_on")
    try:
        year = int(str(year).strip())
    except ValueError:
        raise ValidationFailed(_("承诺年度格式不正确：{v}").format(v=year), field="year") from None
    voucher = " ".join(str(voucher_number or "").split())
    if not voucher:
        raise ValidationFailed(_("请填写凭证号。"), field="voucher_number")
    if len(voucher) > VOUCHER_MAX:
        raise ValidationFailed(
            _("凭证号过长（最多 {n} 个字符）。").format(n=VOUCHER_MAX), field="voucher_number"
        )
    note = str(note or "").strip()
    if len(note) > 500:
        raise ValidationFailed(_("备注过长（最多 500 个字符）。"), field="note")
    areas = _resolve_communities(communities)
    with transaction.atomic():
        locked = Matter.objects.select_for_update().filter(pk=matter.pk).first()
        if locked is None:
            raise NotFound()
        if actor is not None and (not actor.department_id or actor.department_id != locked.department_id):
            raise Forbidden(_("只能为本单位负责的事项登记拨付。"))
        if Disbursement.objects.filter(department_id=locked.department_id, voucher_number=voucher).exists():
            raise ValidationFailed(
                _("凭证号 {v} 已经登记过，不能重复登记。").format(v=voucher), field="voucher_number"
            )
        commitments = {
            c.community_id: c
            for c in Commitment.objects.select_for_update().filter(
                matter=locked, year=year, community__in=areas
            )
        }
        missing = [a.name for a in areas if a.pk not in commitments]
        if missing:
            raise ValidationFailed(
                _("以下社区在 {y} 年没有该事项的经费承诺：{c}").format(y=year, c="、".join(missing)),
                field="communities",
            )
        recorded = {
            row["commitment_id"]: row["s"]
            for row in DisbursementLine.objects.filter(
                commitment__in=list(commitments.values()), status__in=workflow.COUNTED
            )
            .values("commitment_id")
            .annotate(s=Sum("amount"))
            .order_by()
        }
        for area in areas:
            c = commitments[area.pk]
            already = recorded.get(c.pk) or Decimal("0")
            if already + amount > c.amount:
                raise ValidationFailed(
                    _(
                        "{c}：超出承诺金额。{y} 年承诺 {a} 元，已登记拨付 {b} 元，"
                        "本次 {n} 元，最多还可拨付 {r} 元。"
                    ).format(c=area.name, y=year, a=c.amount, b=already, n=amount, r=c.amount - already),
                    field="amount",
                )
        number = next_number(f"disbursement:{today.year}")
        try:
            with transaction.atomic():
                disbursement = Disbursement.objects.create(
                    reference=f"BF{today.year}-{number:04d}",
                    department_id=locked.department_id,
                    matter=locked,
                    year=year,
                    paid_on=paid_on,
                    voucher_number=voucher,
                    amount_per_community=amount,
                    total=amount * len(areas),
                    note=note,
                    recorded_by=actor,
                )
        except IntegrityError:
            raise Conflict(_("凭证号 {v} 已经登记过，不能重复登记。").format(v=voucher)) from None
        for area in areas:
            line = DisbursementLine.objects.create(
                disbursement=disbursement, commitment=commitments[area.pk], community=area, amount=amount
            )
            LineStatusChange.objects.create(line=line, transition="record", to_status=L.PENDING, actor=actor)
        audit.record(
            actor=actor,
            event_type="disbursement.record",
            obj=disbursement,
            summary={
                "reference": disbursement.reference,
                "matter": locked.code,
                "year": year,
                "voucher": voucher,
                "paid_on": paid_on.isoformat(),
                "amount_per_community": str(amount),
                "communities": [a.code for a in areas],
                "total": str(disbursement.total),
            },
        )
        notify(
            _workers(a.pk for a in areas),
            title=_("{d} 已拨付“{m}”{y} 年经费 {a} 元（凭证号 {v}），请确认是否到账").format(
                d=locked.department.name if locked.department else "",  # type: ignore[union-attr]
                m=locked.name,
                y=year,
                a=amount,
                v=voucher,
            ),
            link="/funding/disbursements/?status=pending",
        )
    return disbursement


# ---------------------------------------------------------------- confirm, dispute, cancel


def _lock_line(pk: int) -> DisbursementLine:
    line = (
        DisbursementLine.objects.select_for_update()
        .select_related("disbursement", "disbursement__matter", "community")
        .filter(pk=pk)
        .first()
    )
    if line is None:
        raise NotFound()
    return line


def _check_transition(name: str, status: str) -> None:
    t = workflow.LINE_TRANSITIONS[name]
    if status not in t.sources:
        raise InvalidTransition(
            _("该笔拨付当前状态为“{s}”，不能“{a}”。").format(s=L(status).label, a=t.label)
        )


def _move(
    line: DisbursementLine, *, actor: Any, transition: str, to: str, remark: str = "", **updates: Any
) -> None:
    done = DisbursementLine.objects.filter(pk=line.pk, status=line.status, version=line.version).update(
        status=to, version=F("version") + 1, **updates
    )
    if not done:
        raise Conflict()
    LineStatusChange.objects.create(
        line=line, transition=transition, from_status=line.status, to_status=to, actor=actor, note=remark
    )
    audit.record(
        actor=actor,
        event_type=f"disbursement_line.{transition}",
        obj=line,
        summary={
            "disbursement": line.disbursement.reference,
            "community": line.community.code,
            "amount": str(line.amount),
            "from": line.status,
            "to": to,
            **({"note": remark[:200]} if remark else {}),
        },
    )
    line.refresh_from_db()


def _clean_note(note: Any, *, required: str) -> str:
    text = str(note or "").strip()
    if not text:
        raise ValidationFailed(required, field="note")
    if len(text) > NOTE_MAX:
        raise ValidationFailed(_("说明过长（最多 {n} 个字符）。").format(n=NOTE_MAX), field="note")
    return text


def _own_community(actor: Any, line: DisbursementLine) -> None:
    if actor is not None and actor.community_id != line.community_id:
        raise Forbidden(_("只能确认或异议本社区收到的拨付。"))


def disbursement_line_confirm(*, actor: Any, line: DisbursementLine) -> DisbursementLine:
    """The community confirms the money arrived (also after a dispute, once it did)."""
    require_role(actor, *workflow.COMMUNITY)
    with transaction.atomic():
        locked = _lock_line(line.pk)
        _own_community(actor, locked)
        _check_transition("confirm", locked.status)
        _move(
            locked,
            actor=actor,
            transition="confirm",
            to=L.CONFIRMED,
            answered_by=actor,
            answered_on=clock.today(),
        )
    return locked


def disbursement_line_dispute(*, actor: Any, line: DisbursementLine, note: str) -> DisbursementLine:
    """The community says the money did not arrive as recorded, with a note; the department is told."""
    require_role(actor, *workflow.COMMUNITY)
    text = _clean_note(note, required=_("提出异议须写明情况（如未到账、金额不符）。"))
    with transaction.atomic():
        locked = _lock_line(line.pk)
        _own_community(actor, locked)
        _check_transition("dispute", locked.status)
        _move(
            locked,
            actor=actor,
            transition="dispute",
            to=L.DISPUTED,
            remark=text,
            note=text,
            answered_by=actor,
            answered_on=clock.today(),
        )
        d = locked.disbursement
        notify(
            _department_people(d.department_id),
            title=_("{c} 对拨付 {r}（凭证号 {v}，{a} 元）提出异议：{n}").format(
                c=locked.community.name, r=d.reference, v=d.voucher_number, a=locked.amount, n=text[:60]
            ),
            body=text,
            link=matter_link(d.matter_id, d.year),
        )
    return locked


def disbursement_line_cancel(*, actor: Any, line: DisbursementLine, note: str) -> DisbursementLine:
    """The department withdraws a line it recorded in error (typically after a dispute); the amount no
    longer counts as paid and may be recorded again."""
    require_role(actor, *workflow.DEPARTMENT)
    text = _clean_note(note, required=_("撤销拨付记录须写明理由。"))
    with transaction.atomic():
        locked = _lock_line(line.pk)
        if actor is not None and actor.department_id != locked.disbursement.department_id:
            raise Forbidden(_("只能撤销本单位登记的拨付。"))
        _check_transition("cancel", locked.status)
        _move(locked, actor=actor, transition="cancel", to=L.CANCELLED, remark=text, note=text)
        d = locked.disbursement
        notify(
            _workers([locked.community_id]),
            title=_("{d} 撤销了拨付 {r}（凭证号 {v}）中本社区的 {a} 元：{n}").format(
                d=d.department.name, r=d.reference, v=d.voucher_number, a=locked.amount, n=text[:60]
            ),
            body=text,
            link="/funding/disbursements/",
        )
    return locked


# ---------------------------------------------------------------- arrears: unfunded → exit review


def overdue_limit_cache(s: FundingSettings | None = None) -> Any:
    """due_on → the last day before it counts as overdue (due_on + N working days), memoized."""
    days = (s or funding_settings()).overdue_working_days
    cache: dict[dt.date, dt.date] = {}

    def limit(due_on: dt.date) -> dt.date:
        if due_on not in cache:
            cache[due_on] = add_working_days(due_on, days)
        return cache[due_on]

    return limit


def overdue_commitments(today: dt.date | None = None) -> dict[int, list[tuple[Commitment, Decimal]]]:
    """matter id → [(commitment, unpaid)] for each commitment still unpaid more than N working days
    after its payment date. Unpaid = committed − recorded lines that are neither disputed nor cancelled."""
    today = today or clock.today()
    limit = overdue_limit_cache()
    candidates = list(
        Commitment.objects.filter(due_on__lt=today, matter__status=Matter.Status.PUBLISHED).order_by(
            "matter_id", "due_on", "community__code"
        )
    )
    paid: dict[int, Decimal] = {
        row["commitment_id"]: row["s"]
        for row in DisbursementLine.objects.filter(
            commitment__in=[c.pk for c in candidates], status__in=[L.PENDING, L.CONFIRMED]
        )
        .values("commitment_id")
        .annotate(s=Sum("amount"))
        .order_by()
    }
    out: dict[int, list[tuple[Commitment, Decimal]]] = {}
    for c in candidates:
        unpaid = c.amount - (paid.get(c.pk) or Decimal("0"))
        if unpaid > 0 and today > limit(c.due_on):
            out.setdefault(c.matter_id, []).append((c, unpaid))
    return out


def _open_exit(matter: Matter, rows: list[tuple[Commitment, Decimal]]) -> tuple[ExitRequest | None, str]:
    """The open exit request of the matter, or a new one for reason 经费未到位."""
    from zhunru.access import exits

    existing = ExitRequest.objects.filter(matter=matter, status__in=OPEN_EXIT).order_by("pk").first()
    if existing is not None:
        return existing, _("已有正在办理的退出申请 {r}").format(r=existing.reference)
    years = sorted({c.year for c, _u in rows})
    total = sum((u for _c, u in rows), Decimal("0"))
    explanation = _(
        "费随事转：{d} 对本事项 {y} 年的经费承诺逾期未拨付，涉及 {n} 个社区、{a} 元，"
        "最早拨付期限为 {due}，已超过 {w} 个工作日。系统自动提请退出审查。"
    ).format(
        d=matter.department.name if matter.department else "",  # type: ignore[union-attr]
        y="、".join(str(y) for y in years),
        n=len({c.community_id for c, _u in rows}),
        a=total,
        due=min(c.due_on for c, _u in rows).isoformat(),
        w=funding_settings().overdue_working_days,
    )
    try:
        req = exits.exit_request_create(
            actor=None, matter=matter, reasons=["unpaid"], explanation=explanation
        )
    except DomainError as exc:
        return None, str(exc.message)[:300]
    return req, ""


def matter_mark_unfunded(
    *, actor: Any = None, matter: Matter, rows: list[tuple[Commitment, Decimal]], today: dt.date | None = None
) -> UnfundedMatter | None:
    """Mark `matter` unfunded and open its exit review (assigned to the approval office). Once per matter:
    a second call finds the mark and only retries an exit request that could not be opened before."""
    require_role(actor, *workflow.OFFICE)
    today = today or clock.today()
    with transaction.atomic():
        locked = Matter.objects.select_for_update().filter(pk=matter.pk).first()
        if locked is None:
            raise NotFound()
        flag = UnfundedMatter.objects.select_for_update().filter(matter=locked).first()
        if flag is not None and flag.exit_request_id:
            return None
        if locked.list != MatterList.ADMITTED or locked.status != Matter.Status.PUBLISHED:
            return None
        req, note = _open_exit(locked, rows)
        created = flag is None
        if created:
            flag = UnfundedMatter.objects.create(
                matter=locked,
                department_id=locked.department_id,
                flagged_on=today,
                oldest_due_on=min(c.due_on for c, _u in rows),
                overdue_amount=sum((u for _c, u in rows), Decimal("0")),
                communities=len({c.community_id for c, _u in rows}),
                exit_request=req,
                note=note,
            )
        else:
            if req is None:
                return None  # still cannot open it: nothing changed
            UnfundedMatter.objects.filter(pk=flag.pk).update(exit_request=req, note=note)  # type: ignore[union-attr]
            flag.refresh_from_db()  # type: ignore[union-attr]
        assert flag is not None
        audit.record(
            actor=actor,
            event_type="funding.unfunded" if created else "funding.unfunded_exit",
            obj=flag,
            summary={
                "matter": locked.code,
                "overdue_amount": str(flag.overdue_amount),
                "communities": flag.communities,
                "oldest_due_on": flag.oldest_due_on.isoformat(),
                "exit_request": req.reference if req else "",
                **({"note": note} if note else {}),
            },
        )
        exit_text = _("，已提请退出审查（退出申请 {r}）").format(r=req.reference) if req else "：" + note
        link = f"/access/exits/{req.pk}/" if req else matter_link(locked.pk)
        title = _("经费未到位：{m} 逾期未拨付 {a} 元{e}").format(
            m=locked.name, a=flag.overdue_amount, e=exit_text
        )
        notify(_office(), title=title, link=link)
        if locked.department_id:
            notify(_department_people(locked.department_id), title=title, link=matter_link(locked.pk))
    return flag


def arrears_check(*, actor: Any = None, today: dt.date | None = None) -> dict[str, int]:
    """The job: make the commitments of any new year, then mark each admitted matter whose payment is
    overdue by more than the configured working days unfunded and open its exit review, once."""
    require_role(actor, *workflow.OFFICE)
    today = today or clock.today()
    result = {
        "commitments": commitments_backfill(actor=actor),
        "unfunded": 0,
        "exit_requests": 0,
        "errors": 0,
    }
    done = set(UnfundedMatter.objects.filter(exit_request__isnull=False).values_list("matter_id", flat=True))
    for matter_id, rows in overdue_commitments(today).items():
        if matter_id in done:
            continue
        try:
            flag = matter_mark_unfunded(actor=actor, matter=rows[0][0].matter, rows=rows, today=today)
        except Exception:  # one broken matter must not stop the others
            log.exception("funding arrears check failed for matter %s", matter_id)
            result["errors"] += 1
            continue
        if flag is not None:
            result["unfunded"] += 1
            result["exit_requests"] += bool(flag.exit_request_id)
    return result
