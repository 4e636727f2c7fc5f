"""Fixtures of the access procedure tests: a frozen day and the people who take part."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from zhunru.access.tests.states import FAST_HASHERS, TODAY, People, freeze
from zhunru.accounts.roles import Role
from zhunru.conftest import make_user


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The personas' passwords are irrelevant here; Argon2 would only slow the tests down."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def today(monkeypatch) -> Callable[[dt.date], dt.date]:
    """Freezes clock.today() at 2026-03-02; call the fixture's value with a date to move the clock."""

    def set_today(day: dt.date) -> dt.date:
        freeze(monkeypatch, day)
        return day

    set_today(TODAY)
    return set_today


@pytest.fixture
def approver2(district):
    return make_user("approver2", role=Role.APPROVER, department=district["donghu"], full_name="孙委员")


@pytest.fixture
def people(district, applicant, dept_head, approval_clerk, approver, approver2, today) -> People:
    """The applying department (区卫生健康委员会), the office and two joint-meeting members."""
    return People(clerk=applicant, head=dept_head, office=approval_clerk, approvers=[approver, approver2])
