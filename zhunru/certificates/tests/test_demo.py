"""The demo ships both lists (the national first batch of 20 linked to the catalog's negative-list
certificate matters), a few issuances with checksum-valid synthetic IDs and a few refusals; idempotent."""

from __future__ import annotations

import pytest

from zhunru.certificates.models import CertificateList, CertificateType, Issuance, Refusal
from zhunru.certificates.validators import validate_id_number
from zhunru.core import crypto
from zhunru.demo import certificates, loader

pytestmark = pytest.mark.django_db


def test_demo_lists_register_and_refusals(district):
    loader.load_catalog()
    loader.ensure_account(next(s for s in loader.DEMO_ACCOUNTS if s.username == "worker"))
    certificates.load()
    certificates.load()  # idempotent
    must_not = CertificateType.objects.filter(list=CertificateList.MUST_NOT)
    assert must_not.count() == 20
    assert sorted(must_not.values_list("matter__code", flat=True)) == [f"SF-N{i:02d}" for i in range(1, 21)]
    assert all(t.handled_by for t in must_not)
    may = CertificateType.objects.filter(list=CertificateList.MAY_ISSUE)
    assert may.count() >= 3 and all(t.basis and t.purpose and t.procedure and t.sample for t in may)
    assert Issuance.objects.count() == 4 and Refusal.objects.count() == 4
    for row in Issuance.objects.all():
        plain = crypto.decrypt(row.id_number_encrypted, context="certificates.issuance.id_number")
        assert validate_id_number(plain) == plain
    assert Issuance.objects.filter(community__code="990101001001", issued_by__username="worker").count() == 3
