"""Deadline jobs run by `zhunru worker`: reminders before a time limit, escalation after it, and the
renewal reminder before an admitted matter's validity ends. They only notify: nothing is ever decided,
accepted or approved automatically.

Each message is sent once: a Reminder row with a unique key is inserted in the same transaction as the
notification and its audit event, so two workers running at once cannot both send it (the unique insert
decides; the loser's savepoint rolls back and it moves on). The key holds the due date, so a new time
limit (a resubmission, a hearing that extends the decision limit) gets its own reminder.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zhunru.access.models import AccessApplication, ExitRequest, Reminder
from zhunru.access.models import Status as S
from zhunru.access.selectors import Deadline, deadline
from zhunru.access.services import procedure_settings
from zhunru.access.workflow import OPINION_STATES
from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import users_with_role
from zhunru.catalog.models import Matter, MatterList
from zhunru.core import audit, clock
from zhunru.core.workdays import add_working_days, working_days_between
from zhunru.inbox.services import notify

log = logging.getLogger(__name__)

ACCEPT_STATES = (S.SUBMITTED, S.RESUBMITTED)
DECIDE_STATES = (S.ACCEPTED, S.UNDER_REVIEW, S.HEARING_SCHEDULED, S.HEARING_HELD)


def already_sent(key: str) -> bool:
    """A cheap check that spares a write transaction; the unique insert below is what decides."""
    return Reminder.objects.filter(key=key).exists()


def send_once(
    key: str,
    recipients: list[tuple[Iterable[Any], str]],
    *,
    title: str,
    event_type: str,
    obj: Any,
    summary: dict[str, Any],
) -> bool:
    """Notify each group of users (with its own link) unless the reminder `key` was already sent.
    True when this call sent it. Nobody to tell: nothing recorded, so it is tried again next cycle."""
    seen: set[int] = set()
    groups = []
    for users, link in recipients:
        group = [u for u in users if u is not None and u.is_active and u.pk not in seen]
        seen.update(u.pk for u in group)
        if group:
            groups.append((group, link))
    if not groups or already_sent(key):
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                Reminder.objects.create(key=key)
        except IntegrityError:
            return False  # another worker got there first
        count = sum(notify(users, title=title, link=link) for users, link in groups)
        audit.record(
            actor=None,
            event_type=event_type,
            obj=obj,
            summary={**summary, "key": key, "recipients": count},
        )
    return True


# ---------------------------------------------------------------- procedure deadlines


def _subject(obj: AccessApplication | ExitRequest) -> tuple[str, str, str, str, int | None]:
    """(kind for the key, display name, link, reference, department concerned)."""
    if isinstance(obj, AccessApplication):
        return (
            "application",
            f"{obj.reference} {obj.matter_name}",
            f"/access/applications/{obj.pk}/",
            obj.reference,
            obj.department_id,
        )
    return (
        "exit",
        f"{obj.reference} {obj.matter.name}",
        f"/access/exits/{obj.pk}/",
        obj.reference,
        obj.matter.department_id,
    )


def _pending_approvers(obj: AccessApplication | ExitRequest, department_id: int | None) -> list[Any]:
    """Members of the joint meeting who may vote on `obj` and have not given their opinion."""
    if obj.status not in OPINION_STATES:
        return []  # review has not started: nobody can give an opinion yet
    qs = users_with_role(Role.APPROVER)
    if department_id is not None:
        qs = qs.exclude(department_id=department_id)  # the department concerned does not vote
    if isinstance(obj, AccessApplication):
        qs = qs.exclude(opinions__application=obj)
    else:
        qs = qs.exclude(opinions__exit_request=obj)
    return list(qs)


def _remind(obj: AccessApplication | ExitRequest, d: Deadline) -> bool:
    kind, name, link, reference, department_id = _subject(obj)
    accepting = obj.status in ACCEPT_STATES
    stage = "accept" if accepting else "decision"
    users = list(users_with_role(Role.APPROVAL_CLERK))
    if not accepting:
        users += _pending_approvers(obj, department_id)
    if d.left == 0:
        title = _("提醒：{name} 的{label}为今天（{due}）").format(name=name, label=d.label, due=d.due)
    else:
        title = _("提醒：{name} 的{label}为 {due}，还剩 {n} 个工作日").format(
            name=name, label=d.label, due=d.due, n=d.left
        )
    return send_once(
        f"{stage}_due:{kind}:{obj.pk}:{d.due.isoformat()}",
        [(users, link)],
        title=title,
        event_type="reminder.send",
        obj=obj,
        summary={"reference": reference, "stage": stage, "due": d.due.isoformat(), "left": d.left},
    )


def _escalate(obj: AccessApplication | ExitRequest, d: Deadline) -> bool:
    kind, name, link, reference, _department_id = _subject(obj)
    stage = "accept" if obj.status in ACCEPT_STATES else "decision"
    title = _("督办：{name} 已超过{label}（{due}），逾期 {n} 个工作日").format(
        name=name, label=d.label, due=d.due, n=-d.left
    )
    return send_once(
        f"{stage}_overdue:{kind}:{obj.pk}:{d.due.isoformat()}",
        [(users_with_role(Role.APPROVAL_HEAD), link)],
        title=title,
        event_type="deadline.escalate",
        obj=obj,
        summary={"reference": reference, "stage": stage, "due": d.due.isoformat(), "overdue": -d.left},
    )


def _running(model: type[AccessApplication] | type[ExitRequest], cutoff: dt.date) -> Any:
    """Matters with a running time limit that falls before `cutoff` (later ones need nothing yet)."""
    qs = model.objects.filter(
        Q(status__in=ACCEPT_STATES, accept_due__lt=cutoff)
        | Q(status__in=DECIDE_STATES, decision_due__lt=cutoff)
    )
    if model is ExitRequest:
        qs = qs.select_related("matter")
    return qs.order_by("pk")


def procedure_deadlines(today: dt.date | None = None) -> dict[str, int]:
    """Remind `remind_days_before` working days before each time limit; escalate once it has passed."""
    today = today or clock.today()
    remind_days = procedure_settings().remind_days_before
    cutoff = add_working_days(today, remind_days + 1)  # due before this ⇔ at most remind_days away
    result = {"reminders": 0, "escalations": 0, "errors": 0}
    for model in (AccessApplication, ExitRequest):
        for obj in _running(model, cutoff):
            try:
                d = deadline(obj, today)
                if d is None or d.paused:
                    continue
                if d.overdue:
                    result["escalations"] += _escalate(obj, d)
                elif d.left <= remind_days:
                    result["reminders"] += _remind(obj, d)
            except Exception:  # one broken row must not stop the others
                log.exception("deadline job failed for %s %s", model.__name__, obj.pk)
                result["errors"] += 1
    return result


# ---------------------------------------------------------------- admitted matters running out


def expiring_matters(today: dt.date, days: int) -> Any:
    """Published admitted matters whose validity ends within `days` working days (not yet ended)."""
    cutoff = add_working_days(today, days + 1)
    return (
        Matter.objects.filter(
            list=MatterList.ADMITTED,
            status=Matter.Status.PUBLISHED,
            valid_to__isnull=False,
            valid_to__gte=today,
            valid_to__lt=cutoff,
        )
        .select_related("department")
        .order_by("valid_to", "pk")
    )


def _expiry_remind(matter: Matter, today: dt.date) -> bool:
    """The approval clerks and the responsible department: renew the matter or let it lapse."""
    assert matter.valid_to is not None
    left = working_days_between(today, matter.valid_to)
    title = _(
        "续期提醒：准入事项 {code} {name} 将于 {due} 到期（还剩 {n} 个工作日），请决定续期或到期退出"
    ).format(code=matter.code, name=matter.name, due=matter.valid_to, n=left)
    department: list[Any] = []
    if matter.department_id:
        department = list(users_with_role(Role.DEPT_HEAD, department_id=matter.department_id)) + list(
            users_with_role(Role.DEPT_CLERK, department_id=matter.department_id)
        )
    application = matter.applications.order_by("-pk").first()
    return send_once(
        f"expiry:matter:{matter.pk}:{matter.valid_to.isoformat()}",
        [
            (users_with_role(Role.APPROVAL_CLERK), f"/catalog/?q={matter.code}"),
            (department, f"/access/applications/{application.pk}/" if application else ""),
        ],
        title=title,
        event_type="matter.expiry_remind",
        obj=matter,
        summary={"code": matter.code, "valid_to": matter.valid_to.isoformat(), "left": left},
    )


def matter_expiry(today: dt.date | None = None) -> dict[str, int]:
    today = today or clock.today()
    result = {"expiry_reminders": 0, "errors": 0}
    for matter in expiring_matters(today, procedure_settings().expiry_remind_days):
        try:
            result["expiry_reminders"] += _expiry_remind(matter, today)
        except Exception:
            log.exception("expiry reminder failed for matter %s", matter.pk)
            result["errors"] += 1
    return result


def run_deadline_jobs(today: dt.date | None = None) -> dict[str, int]:
    """All deadline jobs for one worker cycle."""
    today = today or clock.today()
    first = procedure_deadlines(today)
    second = matter_expiry(today)
    return {
        "reminders": first["reminders"],
        "escalations": first["escalations"],
        "expiry_reminders": second["expiry_reminders"],
        "errors": first["errors"] + second["errors"],
    }
