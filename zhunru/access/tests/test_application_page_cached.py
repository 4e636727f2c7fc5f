"""The application page keeps what the application's rows show (head, review aids, opinions and tally,
content, hearings, history) under their change stamps (core.stamps): a change made by any code shows on
the next view, what belongs to the viewer (actions, forms with their CSRF token, the deadline) is never
shared, and the page costs the same few queries however large the catalog or the history."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhunru.access import exits, selectors
from zhunru.access import services as svc
from zhunru.access.models import AccessApplication, Attachment, Opinion, StatusChange
from zhunru.access.models import Status as S
from zhunru.access.tests.factories import approved_application
from zhunru.access.tests.states import build, fresh, schedule_hearing
from zhunru.accounts.roles import Role
from zhunru.catalog.models import Matter, MatterList
from zhunru.conftest import make_user

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": )"[A-Za-z0-9]+"')


def page(client: Client, user, app: AccessApplication) -> str:
    client.force_login(user)
    response = client.get(f"/access/applications/{app.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html: str) -> str:
    return CSRF.sub(r'\1"…"', html)


def listed(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"')[1].split("</ul>")[0]


def tally(html: str) -> str:
    return html.split('data-testid="tally"')[1].split("</p>")[0]


def matter(district, code: str, name: str, **kw) -> Matter:
    values = {"list": MatterList.ADMITTED, "kind": "task", "status": Matter.Status.PUBLISHED, **kw}
    return Matter.objects.create(code=code, name=name, department=district["weijian"], **values)


def test_a_change_of_the_rows_shows_on_the_next_view_whichever_code_makes_it(client, people, district):
    app = build(people, S.UNDER_REVIEW)
    first = page(client, people.office, app)
    assert "尚无审查意见" in first and "已提出意见 0 人" in tally(first)
    assert without_tokens(page(client, people.office, app)) == without_tokens(first)  # kept

    member = people.approvers[0]
    Opinion.objects.create(application=app, reviewer=member, stance="agree", reasons="社区可以承受")
    html = page(client, people.office, app)
    assert "社区可以承受" in html and "已提出意见 1 人" in tally(html)

    AccessApplication.objects.filter(pk=app.pk).update(matter_name="老年人反诈宣传（改）")  # no signal
    assert "老年人反诈宣传（改）" in page(client, people.office, app)

    app.scope_areas.add(district["huayuan_community"])
    assert district["huayuan_community"].name in page(client, people.office, app)

    Attachment.objects.create(
        application=app,
        name="依据文件.pdf",
        content_type="application/pdf",
        size=2048,
        sm3="ab" * 32,
        file="attachments/2026/x.pdf",
        uploaded_by=people.clerk,
    )
    assert "依据文件.pdf" in page(client, people.office, app)

    StatusChange.objects.create(application=app, transition="note", to_status=S.UNDER_REVIEW, note="电话沟通")
    assert "电话沟通" in page(client, people.office, app)

    schedule_hearing(people, app)
    html = page(client, people.office, app)
    assert "区政务中心三楼会议室" in html and 'data-testid="status">已安排听证' in html


def test_the_catalog_the_quorum_and_the_joint_meeting_show_at_once(client, people, district):
    app = build(people, S.UNDER_REVIEW, kind="ledger", data_fields=["身份证号", "血压"])
    html = page(client, people.office, app)
    assert "未发现相似事项" in listed(html, "similar") and "均未被" in listed(html, "overlaps")
    assert "联席会议成员 2 人" in tally(html) and "法定人数 2 人" in tally(html)

    matter(district, "SQ-001", "防诈骗宣传", description="组织居民参加防诈骗宣传活动")
    matter(district, "TZ-001", "老年人健康台账", kind="ledger", data_fields=["身份证号码", "姓名"])
    html = page(client, people.office, app)
    assert "SQ-001 防诈骗宣传" in listed(html, "similar")
    assert "身份证号" in listed(html, "overlaps") and "TZ-001 老年人健康台账" in listed(html, "overlaps")

    svc.procedure_settings_update(actor=people.office, quorum=3)
    assert "法定人数 3 人" in tally(page(client, people.office, app))

    third = make_user("approver3", role=Role.APPROVER, department=district["xiling"])
    assert "联席会议成员 3 人" in tally(page(client, people.office, app))
    third.is_active = False
    third.save()
    assert "联席会议成员 2 人" in tally(page(client, people.office, app))

    Matter.objects.filter(code="SQ-001").update(name="社区绿化养护", description="")  # updated_at as it was
    assert "SQ-001" not in listed(page(client, people.office, app), "similar")
    Matter.objects.filter(code="SQ-001").update(name="防诈骗宣传")
    assert "SQ-001 防诈骗宣传" in listed(page(client, people.office, app), "similar")
    Matter.objects.filter(code="SQ-001").update(status=Matter.Status.EXITED)
    assert "SQ-001" not in listed(page(client, people.office, app), "similar")


def test_each_viewer_gets_his_own_actions_and_forms(people, district):
    app = build(people, S.UNDER_REVIEW)
    office, member = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    html = page(office, people.office, app)  # cached by the office's view
    assert "提交审查意见" not in html and 'data-action="decide"' in html

    html = page(member, people.approvers[0], app)
    assert "提交审查意见" in html and 'data-action="decide"' not in html
    form = html.split(f'action="/access/applications/{app.pk}/opinion/"')[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = member.post(
        f"/access/applications/{app.pk}/opinion/",
        {"csrfmiddlewaretoken": token, "stance": "agree", "reasons": "同意准入"},
    )
    assert response.status_code == 302  # the form's token is the member's own
    html = page(member, people.approvers[0], app)
    assert "同意准入" in html and "提交审查意见" not in html  # one opinion per member
    assert "提交审查意见" in page(Client(), people.approvers[1], app)

    # the applying department: the tally in the opinion states, but not the review aids (the part the
    # office sees is not shared); its own returned application with the edit link and the upload form
    matter(district, "SQ-001", "老年人防诈骗宣传")
    assert "SQ-001" in listed(page(office, people.office, app), "similar")
    html = page(Client(), people.clerk, app)
    assert (
        "SQ-001" not in html
        and "未发现相似事项" in listed(html, "similar")
        and "已提出意见 1 人" in tally(html)
    )
    returned = build(people, S.RETURNED)
    page(Client(), people.office, returned)
    html = page(Client(), people.clerk, returned)
    assert "修改申请" in html and 'enctype="multipart/form-data"' in html and "请补充法律依据" in html
    assert 'enctype="multipart/form-data"' not in page(Client(), people.office, returned)


def test_the_deadline_is_counted_on_the_day_of_the_view(client, people, today):
    app = build(people, S.SUBMITTED)
    html = page(client, people.office, app)
    left = re.search(r"还剩 (\d+) 个工作日", html).group(1)
    today(dt.date(2026, 3, 3))
    html = page(client, people.office, app)
    assert re.search(r"还剩 (\d+) 个工作日", html).group(1) == str(int(left) - 1)


@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW, S.HEARING_HELD, S.APPROVED, S.RETURNED])
def test_the_page_is_the_same_with_the_cache_off(client, people, district, settings, status):
    app = build(people, status, data_fields=["身份证号"])
    matter(district, "SQ-001", "防诈骗宣传")
    for user in (people.office, people.approvers[0], people.clerk):
        settings.PAGE_CACHE_SECONDS = 600
        cached = [without_tokens(page(client, user, app)) for _ in range(2)]
        settings.PAGE_CACHE_SECONDS = 0
        assert cached[0] == cached[1] == without_tokens(page(client, user, app))


def test_the_exit_page_still_offers_the_opinion_form(client, district, today, approver, approval_clerk):
    worker = make_user("worker9", role=Role.COMMUNITY_WORKER, community=district["donghu_community"])
    req = exits.exit_request_create(
        actor=worker, matter=approved_application(district).matter, reasons=["unpaid"], explanation="无经费"
    )
    exits.exit_request_accept(actor=approval_clerk, exit_request=req)
    client.force_login(approver)
    html = client.get(f"/access/exits/{req.pk}/").content.decode()
    assert f'action="/access/exits/{req.pk}/opinion/"' in html and "提交审查意见" in html


def queries(client: Client, user, app: AccessApplication) -> tuple[int, int]:
    """The queries of a first view (nothing kept) and of the next one."""
    page(client, user, app)  # logged in, the session touched
    cache.clear()
    selectors._catalog_cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/access/applications/{app.pk}/").status_code == 200
        # PostgreSQL in a test's transaction: running the pending stamp triggers is not a read (core.stamps)
        counts.append(sum(not q["sql"].startswith("SET CONSTRAINTS") for q in captured.captured_queries))
    return counts[0], counts[1]


def test_the_queries_do_not_grow_with_the_catalog_or_the_history(client, people, district):
    app = build(people, S.UNDER_REVIEW, kind="ledger", data_fields=["身份证号", "血压"])
    matter(district, "TZ-000", "防诈骗宣传台账", kind="ledger", data_fields=["身份证号"])
    small = queries(client, people.office, app)

    Matter.objects.bulk_create(
        Matter(
            code=f"TZ-{n:03d}",
            name=f"第{n}号老年人防诈骗宣传台账",
            description="每季度组织一次防诈骗宣传活动",
            list=MatterList.ADMITTED,
            kind="ledger",
            department=district["weijian"],
            status=Matter.Status.PUBLISHED,
            data_fields=["身份证号", "姓名", "血压"],
        )
        for n in range(1, 301)
    )
    for member in people.approvers:
        svc.opinion_give(actor=member, application=app, stance="agree", reasons="同意")
    StatusChange.objects.bulk_create(
        StatusChange(
            application=app, transition="note", to_status=S.UNDER_REVIEW, note=f"第{n}次沟通", actor=actor
        )
        for n in range(40)
        for actor in (people.office, people.clerk)
    )
    big = queries(client, people.office, app)
    html = page(client, people.office, app)
    assert "第39次沟通" in html and listed(html, "similar").count("<li>") == 5
    assert big == small
    assert big[1] <= 10  # the next view: session, user, roles, the row, members, stamps, the menu's
    assert big[1] < big[0]


def brute_force_similar(app: AccessApplication, limit: int) -> list[tuple[str, float]]:
    """The plain definition: every current matter compared with the application (before the index)."""

    def bigrams(text: str) -> set[str]:
        text = re.sub(r"[\s\W_]+", "", text or "")
        return {text[i : i + 2] for i in range(len(text) - 1)}

    probe = bigrams(app.matter_name) | bigrams(app.community_tasks)
    name_probe = bigrams(app.matter_name)
    scored = []
    for m in Matter.objects.filter(status=Matter.Status.PUBLISHED).order_by("list", "code"):
        words = bigrams(m.name) | bigrams(m.description)
        if not words:
            continue
        name = bigrams(m.name)
        score = max(
            len(probe & words) / len(probe | words), len(name_probe & name) / max(1, len(name_probe | name))
        )
        if score >= 0.12:
            scored.append((m.code, round(score, 2)))
    scored.sort(key=lambda pair: pair[1], reverse=True)
    return scored[:limit]


def test_the_index_finds_what_comparing_with_every_matter_finds(people, district):
    words = [
        "老年人",
        "防诈骗",
        "宣传",
        "台账",
        "社区",
        "健康",
        "档案",
        "活动",
        "登记",
        "服务",
        "安全",
        "检查",
    ]
    rng = random.Random(7)
    for n in range(120):
        name = "".join(rng.sample(words, rng.randint(1, 3)))
        description = "".join(rng.sample(words, rng.randint(0, 4)))
        matter(district, f"SQ-{n:03d}", name, description=description, list=rng.choice(list(MatterList)))
    for data in (
        {},
        {"matter_name": "社区安全检查登记", "community_tasks": "每月检查一次"},
        {"matter_name": "健康档案", "community_tasks": "档案"},
    ):
        app = build(people, S.SUBMITTED, **data)
        found = [(m.code, score) for m, score in selectors.similar_matters(app, limit=200)]
        assert found == brute_force_similar(fresh(app), 200) and found
