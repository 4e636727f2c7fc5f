"""Fixtures of the funding tests: a frozen day, an approved decision with money for two communities of
东湖街道, and the people around it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

import zhunru.core.clock
from zhunru.access.tests.factories import approved_application
from zhunru.accounts.roles import Role
from zhunru.conftest import make_user

TODAY = dt.date(2026, 3, 2)  # a Monday


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def today(monkeypatch) -> Callable[[dt.date], dt.date]:
    """Freezes clock.today() at 2026-03-02; call the fixture's value with a date to move the clock."""

    def set_today(day: dt.date) -> dt.date:
        monkeypatch.setattr(zhunru.core.clock, "today", lambda: day)
        return day

    set_today(TODAY)
    return set_today


@pytest.fixture
def huayuan_worker(district):
    return make_user("huayuan_worker", role=Role.COMMUNITY_WORKER, community=district["huayuan_community"])


@pytest.fixture
def xiling_worker(district):
    return make_user("xiling_worker", role=Role.COMMUNITY_WORKER, community=district["xiling_community"])


@pytest.fixture
def other_clerk(district):
    """A clerk of another department (区民政局)."""
    return make_user("mz_clerk", role=Role.DEPT_CLERK, department=district["minzheng"])


@pytest.fixture
def office_head(district):
    return make_user("officehead", role=Role.APPROVAL_HEAD, department=district["office"])


@pytest.fixture
def make_decision(district, today) -> Callable[..., Any]:
    """An approved decision of 区卫生健康委员会 with `money` yuan per community per year for the given
    communities (default: 东湖社区 and 花园路社区). Its matter starts about 35 working days ahead."""

    def make(money: str = "3000", communities: list[str] | None = None, **data: Any) -> Any:
        codes = communities or [district["donghu_community"].code, district["huayuan_community"].code]
        return approved_application(
            district,
            scope_kind="communities",
            scope_areas=codes,
            money_per_community_year=money,
            money_source="区级财政",
            **data,
        )

    return make


@pytest.fixture
def decision(make_decision):
    return make_decision()


def pay(actor: Any, decision: Any, codes: list[str], amount: str, voucher: str, **kw: Any) -> Any:
    """Record a disbursement of `amount` yuan to each of `codes` for the decision's matter (year 2026)."""
    from zhunru.funding import services

    return services.disbursement_record(
        actor=actor,
        matter=decision.matter,
        year=kw.pop("year", 2026),
        paid_on=kw.pop("paid_on", TODAY),
        voucher_number=voucher,
        amount=amount,
        communities=codes,
        **kw,
    )
