"""Who sees what, on the pages and through the selectors; the forms; the settings page."""

from __future__ import annotations

import pytest

from zhunru.core.models import AuditEvent
from zhunru.funding import selectors, services
from zhunru.funding.models import Disbursement, FundingSettings, LineStatus
from zhunru.funding.tests.conftest import pay

pytestmark = pytest.mark.django_db

DONGHU, HUAYUAN, XILING = "990101001001", "990101001002", "990101002001"


@pytest.fixture
def two(make_decision, applicant):
    """A 卫健委 matter for 东湖 and 花园路, and another for 西岭 (another street)."""
    a = make_decision()
    b = make_decision(communities=[XILING], matter_name="西岭社区健康讲座")
    pay(applicant, a, [DONGHU, HUAYUAN], "1000", "A-1")
    pay(applicant, b, [XILING], "1000", "B-1")
    return a, b


def communities_seen(user) -> set[str]:
    return set(selectors.visible_commitments(user).values_list("community__code", flat=True))


def test_data_scope(
    two,
    applicant,
    other_clerk,
    community_worker,
    street_officer,
    approval_clerk,
    office_head,
    supervisor,
    outsider,
):
    assert communities_seen(applicant) == {DONGHU, HUAYUAN, XILING}  # its own matters
    assert communities_seen(other_clerk) == set()  # another department's
    assert communities_seen(community_worker) == {DONGHU}
    assert communities_seen(street_officer) == {DONGHU, HUAYUAN}  # 东湖街道
    for user in (approval_clerk, office_head, supervisor):
        assert communities_seen(user) == {DONGHU, HUAYUAN, XILING}
    assert communities_seen(outsider) == set()


def test_pages_answer_404_outside_the_scope(client, two, community_worker, other_clerk, outsider):
    a, b = two
    client.force_login(community_worker)
    assert client.get(f"/funding/matters/{a.matter_id}/").status_code == 200
    assert client.get(f"/funding/matters/{b.matter_id}/").status_code == 404
    xiling_line = Disbursement.objects.get(voucher_number="B-1").lines.get()
    assert client.post(f"/funding/lines/{xiling_line.pk}/confirm/").status_code == 404
    xiling_line.refresh_from_db()
    assert xiling_line.status == LineStatus.PENDING
    client.force_login(other_clerk)
    assert client.get(f"/funding/matters/{a.matter_id}/").status_code == 404
    assert client.post(f"/funding/matters/{a.matter_id}/disburse/", {}).status_code == 404
    client.force_login(outsider)
    assert client.get("/funding/").status_code == 403


def test_the_department_records_through_the_form(client, decision, applicant):
    client.force_login(applicant)
    page = client.get(f"/funding/matters/{decision.matter_id}/").content.decode()
    assert 'data-testid="disburse-form"' in page and "东湖社区" in page
    url = f"/funding/matters/{decision.matter_id}/disburse/"
    bad = client.post(
        url,
        {
            "year": "2026",
            "paid_on": "2026-03-01",
            "voucher_number": "V-9",
            "amount": "-5",
            "communities": [DONGHU],
        },
    )
    assert bad.status_code == 400 and "必须大于 0" in bad.content.decode()
    unknown = client.post(
        url,
        {
            "year": "2026",
            "paid_on": "2026-03-01",
            "voucher_number": "V-9",
            "amount": "5",
            "communities": ["990101009999"],
        },
    )
    assert unknown.status_code == 400 and "社区不存在：990101009999" in unknown.content.decode()
    assert not Disbursement.objects.exists()
    good = client.post(
        url,
        {
            "year": "2026",
            "paid_on": "2026-03-01",
            "voucher_number": "V-9",
            "amount": "500",
            "communities": [DONGHU, HUAYUAN],
        },
    )
    assert good.status_code == 302
    assert Disbursement.objects.get().total == 1000


def test_the_community_confirms_and_disputes_on_the_list(client, two, community_worker, street_officer):
    line = Disbursement.objects.get(voucher_number="A-1").lines.get(community__code=DONGHU)
    client.force_login(street_officer)  # sees it, cannot answer for the community
    page = client.get("/funding/disbursements/").content.decode()
    assert "花园路社区" in page and 'data-action="confirm"' not in page
    client.force_login(community_worker)
    page = client.get("/funding/disbursements/").content.decode()
    assert f'data-action="dispute" data-line="{line.pk}"' in page and "花园路社区" not in page
    response = client.post(
        f"/funding/lines/{line.pk}/dispute/", {"note": "", "next": "/funding/disbursements/"}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == LineStatus.PENDING  # a dispute needs a note
    client.post(f"/funding/lines/{line.pk}/dispute/", {"note": "未到账", "next": "https://evil.example/"})
    line.refresh_from_db()
    assert line.status == LineStatus.DISPUTED and line.note == "未到账"
    response = client.post(f"/funding/lines/{line.pk}/confirm/")
    assert response.status_code == 302 and response["Location"] == "/funding/disbursements/"
    line.refresh_from_db()
    assert line.status == LineStatus.CONFIRMED


def test_the_settings_page_is_the_office_s(client, approval_clerk, applicant, supervisor):
    for user in (applicant, supervisor):
        client.force_login(user)
        assert client.get("/funding/settings/").status_code == 403
    client.force_login(approval_clerk)
    assert client.get("/funding/settings/").status_code == 200
    form = {
        "overdue_working_days": "20",
        "due_month": "2",
        "due_day": "30",
        "welfare_per_household": "40",
        "welfare_base_households": "2000",
        "welfare_minimum": "80000",
        "work_minimum": "50000",
    }
    response = client.post("/funding/settings/", form)
    assert response.status_code == 200 and "2 月没有 30 日" in response.content.decode()
    assert not FundingSettings.objects.exists()
    response = client.post("/funding/settings/", {**form, "due_day": "28"})
    assert response.status_code == 302
    row = FundingSettings.objects.get()
    assert (row.overdue_working_days, row.due_month, row.due_day) == (20, 2, 28)
    assert AuditEvent.objects.filter(event_type="funding.settings").count() == 1


def test_settings_reject_negative_rates(approval_clerk):
    from zhunru.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as err:
        services.funding_settings_update(actor=approval_clerk, work_minimum="-1")
    assert err.value.field == "work_minimum" and not FundingSettings.objects.exists()


def test_navigation_entry(client, community_worker, outsider):
    client.force_login(community_worker)
    assert ">经费</a>" in client.get("/").content.decode()
    client.force_login(outsider)
    assert ">经费</a>" not in client.get("/").content.decode()
