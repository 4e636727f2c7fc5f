"""Fixtures of the supervision tests: a frozen day, demands registered by communities, more people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

import zhunru.core.clock
from zhunru.accounts.roles import Role
from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.conftest import make_user
from zhunru.gateway.models import TaskNotice

TODAY = dt.date(2026, 3, 2)  # a Monday


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _chinese():
    """Services write notification titles in the active language. web.middleware.LanguageMiddleware
    activates the request's language and leaves it active in the thread, so an English request in an
    earlier test of the same worker would otherwise leave this test's titles in English."""
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
    """A worker of 花园路 community (the same street as 东湖社区)."""
    return make_user(
        "huayuan_worker",
        role=Role.COMMUNITY_WORKER,
        community=district["huayuan_community"],
        full_name="赵社工",
    )


@pytest.fixture
def negative_matter(district) -> Matter:
    return Matter.objects.create(
        code="FM-TEST-01",
        name="要求社区开具居住证明",
        list=MatterList.NEGATIVE,
        kind=MatterKind.CERTIFICATE,
        status=Matter.Status.PUBLISHED,
    )


@pytest.fixture
def make_notice(district) -> Callable[..., TaskNotice]:
    """A demand registered by a community, as the gateway would store it (built directly).
    department=False: a demand whose department is not known."""

    def make(community: Any = None, department: Any = None, **kw: Any) -> TaskNotice:
        values: dict[str, Any] = {
            "community": community or district["donghu_community"],
            "department": district["weijian"] if department is None else (department or None),
            "department_text": "区卫健委",
            "received_on": zhunru.core.clock.today(),
            "text": "请各社区于本周五前上报辖区内老年人体检台账，逐户入户核实。",
            "verdict": "unapproved",
            "reason": "未在社区工作事项清单中找到对应事项，也没有准入决定。",
        }
        values.update(kw)
        return TaskNotice.objects.create(**values)

    return make
