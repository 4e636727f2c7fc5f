from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.core import audit, workdays
from zhunru.core.errors import NotFound, ValidationFailed
from zhunru.core.models import WorkdayOverride


def workday_override_set(*, actor: Any, day: dt.date, is_workday: bool, note: str = "") -> WorkdayOverride:
    require_role(actor, Role.SYSADMIN)
    if len(note) > 200:
        raise ValidationFailed(_("说明不能超过 200 个字符。"), field="note")
    with transaction.atomic():
        row, created = WorkdayOverride.objects.update_or_create(
            day=day, defaults={"is_workday": is_workday, "note": note}
        )
        audit.record(
            actor=actor,
            event_type="workday.set",
            obj=row,
            summary={"day": day.isoformat(), "is_workday": is_workday, "note": note, "created": created},
        )
        workdays.forget_missing_years()  # now for this transaction's reads, and at commit for everyone's
        transaction.on_commit(workdays.forget_missing_years)
    return row


def workday_override_delete(*, actor: Any, day: dt.date) -> None:
    require_role(actor, Role.SYSADMIN)
    with transaction.atomic():
        row = WorkdayOverride.objects.select_for_update().filter(day=day).first()
        if row is None:
            raise NotFound(_("没有 {day} 的调整记录。").format(day=day.isoformat()))
        audit.record(actor=actor, event_type="workday.delete", obj=row, summary={"day": day.isoformat()})
        row.delete()
        workdays.forget_missing_years()  # now for this transaction's reads, and at commit for everyone's
        transaction.on_commit(workdays.forget_missing_years)
