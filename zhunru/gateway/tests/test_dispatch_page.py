"""The dispatch page (/gateway/dispatch/): a department picks one of its own matters in force and the
communities; it sees what it dispatched and what became of it, not the communities' lists."""

from __future__ import annotations

import pytest

from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter
from zhunru.gateway.models import TaskNotice

pytestmark = pytest.mark.django_db


def test_dispatch_on_the_page(client, catalog, applicant, today):
    client.force_login(applicant)
    page = client.get("/gateway/dispatch/").content.decode()
    assert "SF-Z01" in page and "SF-A08" in page  # its own admitted and assistance matters
    assert "SF-A01" not in page and "SF-D01" not in page  # not another department's, not a duty
    donghu = Area.objects.get(code="990101001001")
    matter = Matter.objects.get(code="SF-Z01")
    response = client.post(
        "/gateway/dispatch/",
        {
            "matter": matter.pk,
            "communities": [donghu.pk],
            "text": "请通知老年人参加体检。",
            "deadline": "2026-06-30",
        },
    )
    assert response.status_code == 302
    notice = TaskNotice.objects.get()
    assert notice.source == "dispatch" and notice.verdict == "admitted"
    listing = client.get("/gateway/dispatch/").content.decode()
    assert "东湖社区" in listing and "请通知老年人参加体检。" in listing


def test_a_matter_out_of_the_list_cannot_be_posted(client, catalog, applicant, today):
    client.force_login(applicant)
    other = Matter.objects.get(code="SF-A01")
    donghu = Area.objects.get(code="990101001001")
    response = client.post(
        "/gateway/dispatch/", {"matter": other.pk, "communities": [donghu.pk], "text": "核查低保。"}
    )
    assert response.status_code == 400
    assert not TaskNotice.objects.exists()


def test_a_department_without_matters_is_told_to_apply(client, catalog, district, today):
    from zhunru.conftest import make_user

    education = Department.objects.get(name="区教育局")
    clerk = make_user("educlerk", role="dept_clerk", department=education)
    client.force_login(clerk)
    page = client.get("/gateway/dispatch/").content.decode()
    assert 'data-testid="dispatch-form"' not in page and "请先申请准入" in page
