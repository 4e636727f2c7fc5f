"""Fixtures of the inbox tests: a frozen day, the procedure's people, e-mail kept in memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from zhunru.access.tests.states import FAST_HASHERS, TODAY, People, freeze
from zhunru.accounts.models import User
from zhunru.accounts.roles import Role
from zhunru.conftest import make_user


@pytest.fixture(autouse=True)
def _fast_hashing_and_local_mail(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def today(monkeypatch) -> Callable[[dt.date], dt.date]:
    """clock.today() is 2026-03-02 (a Monday); call the value with a date to move the clock."""

    def set_today(day: dt.date) -> dt.date:
        freeze(monkeypatch, day)
        return day

    set_today(TODAY)
    return set_today


@pytest.fixture
def people(district, applicant, dept_head, approval_clerk, approver, today) -> People:
    """区卫生健康委员会 (clerk drafts, head signs), the office clerk (with an e-mail) and two members."""
    User.objects.filter(pk=approval_clerk.pk).update(email="office@example.cn")
    approval_clerk.refresh_from_db()
    approver2 = make_user("approver2", role=Role.APPROVER, department=district["donghu"])
    return People(clerk=applicant, head=dept_head, office=approval_clerk, approvers=[approver, approver2])
