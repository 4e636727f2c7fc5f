"""Fixtures of the certificate tests: a frozen day, the two lists, a second community's worker, and a
few register rows with known (synthetic, checksum-valid) ID numbers and phones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

import zhunru.core.clock
from zhunru.accounts.roles import Role
from zhunru.certificates import services
from zhunru.certificates.models import CertificateType
from zhunru.conftest import make_user
from zhunru.demo import certificates as demo

TODAY = dt.date(2026, 3, 2)
ID_A = demo.synthetic_id("110101", "19800101", "123")
ID_X = "11010119900307803X"  # check character X
ID_B = demo.synthetic_id("420102", "19750615", "048")
PHONE_A = "13812345678"
PHONE_B = "15987654321"


@pytest.fixture(autouse=True)
def _fast_and_chinese(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def today(monkeypatch) -> Callable[[dt.date], dt.date]:
    def set_today(day: dt.date) -> dt.date:
        monkeypatch.setattr(zhunru.core.clock, "today", lambda: day)
        return day

    set_today(TODAY)
    return set_today


@pytest.fixture
def lists(district) -> dict[str, CertificateType]:
    demo.load_types()
    return {t.code: t for t in CertificateType.objects.all()}


@pytest.fixture
def may(lists) -> CertificateType:
    return lists["ZM-P01"]


@pytest.fixture
def must_not(lists) -> CertificateType:
    return lists["ZM-N05"]  # 无犯罪记录证明


@pytest.fixture
def huayuan_worker(district):
    return make_user("huayuan_worker", role=Role.COMMUNITY_WORKER, community=district["huayuan_community"])


@pytest.fixture
def issue(community_worker, may) -> Callable[..., Any]:
    def make(**kw: Any) -> Any:
        values: dict[str, Any] = {
            "actor": community_worker,
            "community": community_worker.community,
            "certificate_type": may,
            "applicant_name": "刘晓梅",
            "id_number": ID_A,
            "phone": PHONE_A,
        }
        values.update(kw)
        return services.issuance_create(**values)

    return make


@pytest.fixture
def seeded(issue, community_worker, huayuan_worker, lists, district):
    """Register rows in two communities, and refusals."""
    rows = [
        issue(),
        issue(applicant_name="王建国", id_number=ID_X, phone=PHONE_B, certificate_type=lists["ZM-P03"]),
        issue(
            actor=huayuan_worker,
            community=district["huayuan_community"],
            applicant_name="张丽",
            id_number=ID_B,
            phone="18600001111",
        ),
    ]
    refusals = [
        services.refusal_create(
            actor=community_worker,
            community=community_worker.community,
            certificate_type=lists["ZM-N05"],
            requested_by="某留学中介",
        ),
        services.refusal_create(
            actor=community_worker,
            community=community_worker.community,
            certificate_type=lists["ZM-N10"],
            resident_name="李某",
        ),
    ]
    return {"issuances": rows, "refusals": refusals}


PLAINTEXTS = [ID_A, ID_X, ID_B, PHONE_A, PHONE_B, "18600001111"]
