"""Fixtures of the registries tests: a frozen day, photos (real PNG and JPEG bytes), a signboard matter
of the catalog, workers of other communities, and a helper that registers a board."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

import zhunru.core.clock
from zhunru.accounts.roles import Role
from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.conftest import make_user
from zhunru.registries import services
from zhunru.registries.models import Signboard

TODAY = dt.date(2026, 3, 2)  # a Monday
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg=="
)
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PDF = b"%PDF-1.4\n%fake\n"


def upload(data: bytes = PNG, name: str = "board.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


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
def board_matter(district) -> Matter:
    return Matter.objects.create(
        code="GP-T01",
        name="健康服务站挂牌",
        list=MatterList.ADMITTED,
        kind=MatterKind.SIGNBOARD,
        department=district["weijian"],
        status=Matter.Status.PUBLISHED,
    )


@pytest.fixture
def huayuan_worker(district):
    return make_user("huayuan_worker", role=Role.COMMUNITY_WORKER, community=district["huayuan_community"])


@pytest.fixture
def xiling_worker(district):
    return make_user("xiling_worker", role=Role.COMMUNITY_WORKER, community=district["xiling_community"])


@pytest.fixture
def approval_head(district):
    return make_user("officehead", role=Role.APPROVAL_HEAD, department=district["office"])


@pytest.fixture
def register(district, today) -> Callable[..., Signboard]:
    """Registers a board through the service: by default 东湖社区's worker, 区民政局, inside, no matter."""

    def make(actor: Any, name: str = "老年协会", **kw: Any) -> Signboard:
        values: dict[str, Any] = {
            "department": district["minzheng"],
            "placement": "inside",
            "photo": ("board.png", PNG),
            "matter": None,
        }
        values.update(kw)
        return services.signboard_register(actor=actor, name=name, **values)

    return make
