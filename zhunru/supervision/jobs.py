"""Deadline jobs of supervision, run by `zhunru worker` each cycle: a reminder `remind_days_before`
working days before a case must be started or concluded, and a 督办 (escalation) once that day has
passed. They only notify: no case is ever started or concluded automatically.

Each message is sent once, with the Reminder table of the access procedure (`access.jobs.send_once`):
the key holds the case and the due date.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from zhunru.access.jobs import send_once
from zhunru.access.selectors import Deadline
from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import users_with_role
from zhunru.core import clock
from zhunru.core.workdays import add_working_days
from zhunru.supervision.models import CaseStatus, SupervisionCase
from zhunru.supervision.selectors import deadline
from zhunru.supervision.services import case_link, supervision_settings

log = logging.getLogger(__name__)


def _stage(case: SupervisionCase) -> str:
    return "start" if case.status == CaseStatus.RECEIVED else "conclude"


def _name(case: SupervisionCase) -> str:
    subject = case.subject or _("来源不明的单位")
    return f"{case.number} {subject}" + (f" {case.matter.name}" if case.matter else "")


def _remind(case: SupervisionCase, d: Deadline) -> bool:
    stage = _stage(case)
    if d.left == 0:
        title = _("提醒：监督案件 {name} 的{label}为今天（{due}）").format(
            name=_name(case), label=d.label, due=d.due
        )
    else:
        title = _("提醒：监督案件 {name} 的{label}为 {due}，还剩 {n} 个工作日").format(
            name=_name(case), label=d.label, due=d.due, n=d.left
        )
    return send_once(
        f"supervision_{stage}_due:case:{case.pk}:{d.due.isoformat()}",
        [(users_with_role(Role.SUPERVISOR), case_link(case))],
        title=title,
        event_type="supervision.reminder",
        obj=case,
        summary={"number": case.number, "stage": stage, "due": d.due.isoformat(), "left": d.left},
    )


def _escalate(case: SupervisionCase, d: Deadline) -> bool:
    stage = _stage(case)
    title = _("督办：监督案件 {name} 已超过{label}（{due}），逾期 {n} 个工作日").format(
        name=_name(case), label=d.label, due=d.due, n=d.overdue_days
    )
    return send_once(
        f"supervision_{stage}_overdue:case:{case.pk}:{d.due.isoformat()}",
        [(users_with_role(Role.SUPERVISOR), case_link(case))],
        title=title,
        event_type="supervision.escalate",
        obj=case,
        summary={"number": case.number, "stage": stage, "due": d.due.isoformat(), "overdue": d.overdue_days},
    )


def case_deadlines(today: dt.date | None = None) -> dict[str, int]:
    """Remind before each case's running time limit; escalate once it has passed."""
    today = today or clock.today()
    remind_days = supervision_settings().remind_days_before
    cutoff = add_working_days(today, remind_days + 1)  # due before this ⇔ at most remind_days away
    result = {"reminders": 0, "escalations": 0, "errors": 0}
    running = (
        SupervisionCase.objects.filter(
            Q(status=CaseStatus.RECEIVED, start_due__lt=cutoff)
            | Q(status=CaseStatus.INVESTIGATING, conclude_due__lt=cutoff)
        )
        .select_related("department", "matter")
        .order_by("pk")
    )
    for case in running:
        try:
            d = deadline(case, today)
            if d is None:
                continue
            if d.overdue:
                result["escalations"] += _escalate(case, d)
            elif d.left <= remind_days:
                result["reminders"] += _remind(case, d)
        except Exception:  # one broken row must not stop the others
            log.exception("supervision deadline job failed for case %s", case.pk)
            result["errors"] += 1
    return result


def run_supervision_jobs(today: dt.date | None = None) -> dict[str, Any]:
    """Supervision's part of a worker cycle. Never raises: a failure is logged and reported as
    {"error": True}, as the worker reports its other parts."""
    try:
        return case_deadlines(today)
    except Exception:
        log.exception("supervision deadline jobs failed")
        return {"error": True}
