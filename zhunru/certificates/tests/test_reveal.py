"""Revealing one row's full ID number and phone needs a reason; the audit event records who, why and
which row, never the plaintext; only the row's own community may reveal it."""

from __future__ import annotations

import pytest

from zhunru.certificates.services import issuance_reveal
from zhunru.certificates.tests.conftest import ID_A, PHONE_A
from zhunru.core import audit
from zhunru.core.errors import Forbidden, NotFound, ValidationFailed
from zhunru.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_reveal_with_a_reason_is_audited_without_the_plaintext(issue, community_worker):
    row = issue()
    shown = issuance_reveal(actor=community_worker, issuance=row, reason="居民来电核对证明信息")
    assert (shown.id_number, shown.phone) == (ID_A, PHONE_A)
    event = AuditEvent.objects.get(event_type="certificate_issuance.reveal")
    assert event.actor_id == community_worker.pk and event.object_id == str(row.pk)
    assert event.object_type == "certificates.issuance"
    assert event.summary == {
        "number": row.number,
        "fields": ["id_number", "phone"],
        "reason": "居民来电核对证明信息",
    }
    stored = str(AuditEvent.objects.values_list(*audit.FIELDS, "mac"))
    assert ID_A not in stored and PHONE_A not in stored
    assert audit.verify().ok


@pytest.mark.parametrize(
    ("reason", "fragment"),
    [
        ("", "理由"),
        ("看看", "至少"),
        ("核对 13812345678 是否正确", "号码"),
        ("核对110101199", "号码"),
        ("长" * 201, "过长"),
    ],
)
def test_a_reason_is_required_and_carries_no_numbers(issue, community_worker, reason, fragment):
    row = issue()
    with pytest.raises(ValidationFailed, match=fragment):
        issuance_reveal(actor=community_worker, issuance=row, reason=reason)
    assert not AuditEvent.objects.filter(event_type="certificate_issuance.reveal").exists()


def test_only_the_rows_community_may_reveal(issue, huayuan_worker, street_officer, supervisor):
    row = issue()
    with pytest.raises(NotFound):
        issuance_reveal(actor=huayuan_worker, issuance=row, reason="核对证明信息")
    for actor in (street_officer, supervisor):
        with pytest.raises(Forbidden):
            issuance_reveal(actor=actor, issuance=row, reason="核对证明信息")
    assert not AuditEvent.objects.filter(event_type="certificate_issuance.reveal").exists()


def test_a_row_written_with_another_key_cannot_be_read(issue, community_worker, settings):
    row = issue()
    settings.DATA_KEY = bytes(16)
    with pytest.raises(Exception, match="无法解密") as caught:
        issuance_reveal(actor=community_worker, issuance=row, reason="核对证明信息")
    assert ID_A not in str(caught.value)


def test_the_reveal_page(client, issue, community_worker, huayuan_worker):
    row = issue()
    client.force_login(community_worker)
    url = f"/certificates/issuances/{row.pk}/reveal/"
    asking = client.get(url).content.decode()
    assert "理由" in asking and ID_A not in asking
    refused = client.post(url, {"reason": ""}).content.decode()
    assert ID_A not in refused and "这一次" not in refused
    shown = client.post(url, {"reason": "居民来电核对证明信息"})
    html = shown.content.decode()
    assert ID_A in html and PHONE_A in html and "no-store" in shown["Cache-Control"]
    assert (
        AuditEvent.objects.filter(
            event_type="certificate_issuance.reveal", actor_id=community_worker.pk
        ).count()
        == 1
    )
    again = client.get(f"/certificates/issuances/{row.pk}/").content.decode()
    assert ID_A not in again  # shown once: the detail page stays masked
    client.force_login(huayuan_worker)
    assert client.post(url, {"reason": "居民来电核对证明信息"}).status_code == 404
