"""A community worker registers an issued certificate: validated, stored encrypted and masked, audited
without personal data, searchable by full ID number through the blind index."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.certificates import selectors
from zhunru.certificates.models import Issuance
from zhunru.certificates.tests.conftest import ID_A, ID_X, PHONE_A, TODAY
from zhunru.core.errors import Forbidden, ValidationFailed
from zhunru.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_issuing_stores_only_ciphertext_and_masks(issue, community_worker, may):
    row = issue()
    assert row.number == "东湖社区证明〔2026〕1号" and row.issued_on == TODAY
    assert row.id_number_masked == ID_A[:6] + "********" + ID_A[-4:]
    assert row.phone_masked == "138****5678"
    assert ID_A not in row.id_number_encrypted and PHONE_A not in row.phone_encrypted
    event = AuditEvent.objects.get(event_type="certificate_issuance.create")
    assert event.object_id == str(row.pk) and event.actor_id == community_worker.pk
    assert event.summary == {
        "number": row.number,
        "certificate": may.code,
        "community": "990101001001",
        "issued_on": "2026-03-02",
    }
    assert issue().number == "东湖社区证明〔2026〕2号"


def test_the_same_person_twice_gives_different_ciphertexts_and_one_index(issue):
    a, b = issue(), issue()
    assert a.id_number_encrypted != b.id_number_encrypted and a.phone_encrypted != b.phone_encrypted
    assert a.id_number_index == b.id_number_index


def test_search_by_full_id_number(issue, community_worker):
    a = issue()
    issue(id_number=ID_X)
    found = selectors.find_by_id_number(community_worker, community_worker.community, ID_A.lower())
    assert [r.pk for r in found] == [a.pk]
    x = selectors.find_by_id_number(community_worker, community_worker.community, ID_X.lower())
    assert len(list(x)) == 1
    with pytest.raises(ValidationFailed):
        selectors.find_by_id_number(community_worker, community_worker.community, ID_A[:10])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id_number": ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1")}, "id_number"),
        ({"phone": "1381234567"}, "phone"),
        ({"applicant_name": "  "}, "applicant_name"),
        ({"issued_on": TODAY + dt.timedelta(days=1)}, "issued_on"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(issue, changes, field):
    with pytest.raises(ValidationFailed) as caught:
        issue(**changes)
    assert caught.value.field == field
    for value in changes.values():
        if isinstance(value, str) and value.strip():
            assert value not in str(caught.value.message)
    assert (
        not Issuance.objects.exists()
        and not AuditEvent.objects.filter(event_type__startswith="cert")
        .exclude(event_type="certificate_type.create")
        .exists()
    )


def test_a_negative_list_certificate_cannot_be_issued(issue, must_not):
    with pytest.raises(ValidationFailed, match="不予出具"):
        issue(certificate_type=must_not)


def test_only_a_worker_of_the_community_may_issue(
    issue, huayuan_worker, street_officer, applicant, supervisor
):
    for actor in (huayuan_worker, street_officer, applicant, supervisor):
        with pytest.raises(Forbidden):
            issue(actor=actor)
    assert not Issuance.objects.exists()


def test_issuing_through_the_page(client, community_worker, may):
    client.force_login(community_worker)
    url = "/certificates/c/990101001001/new/"
    page = client.get(url)
    assert page.status_code == 200 and may.name in page.content.decode()
    bad = client.post(
        url,
        {
            "certificate_type": may.pk,
            "issued_on": "2026-03-02",
            "applicant_name": "刘晓梅",
            "id_number": "110101199003078038",
            "phone": PHONE_A,
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 200 and "校验位不正确" in html
    assert "110101199003078038" not in html and PHONE_A not in html  # never echoed back
    done = client.post(
        url,
        {
            "certificate_type": may.pk,
            "issued_on": "2026-03-01",
            "applicant_name": "刘晓梅",
            "id_number": ID_A,
            "phone": PHONE_A,
        },
        follow=True,
    )
    row = Issuance.objects.get()
    assert done.redirect_chain[-1][0] == f"/certificates/issuances/{row.pk}/"
    html = done.content.decode()
    assert row.id_number_masked in html and "138****5678" in html and ID_A not in html


def test_the_register_page_filters_and_searches_by_id(client, issue, community_worker, lists):
    issue()
    issue(applicant_name="王建国", id_number=ID_X, certificate_type=lists["ZM-P03"])
    client.force_login(community_worker)
    url = "/certificates/c/990101001001/"
    assert client.get(url, {"q": "王建国"}).content.decode().count('data-testid="issuance-row"') == 1
    html = client.get(url, {"type": lists["ZM-P03"].pk}).content.decode()
    assert "王建国" in html and "刘晓梅" not in html
    found = client.post(url, {"id_number": ID_X}).content.decode()
    assert (
        'data-testid="found"' in found
        and "王建国" in found.split('data-testid="found"')[1].split("</section>")[0]
    )
    assert ID_X not in found
    bad = client.post(url, {"id_number": "123"}).content.decode()
    assert "18 位" in bad
