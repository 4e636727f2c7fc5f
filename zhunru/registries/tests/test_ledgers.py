"""The ledger and report-form registry: frequency → submissions a year (checked against a hand-computed
example), per community and department; and the one 一表通 field index, read by the registry page and by
the access review page alike."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.access.models import Status
from zhunru.access.selectors import data_field_overlaps
from zhunru.access.tests.states import People, build
from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.core.models import WorkdayOverride
from zhunru.registries import selectors

pytestmark = pytest.mark.django_db


def ledger(code, name, department, frequency, fields=(), kind=MatterKind.LEDGER, scope=None, **kw):
    matter = Matter.objects.create(
        code=code,
        name=name,
        list=kw.pop("list", MatterList.ADMITTED),
        kind=kind,
        department=department,
        status=kw.pop("status", Matter.Status.PUBLISHED),
        frequency=frequency,
        data_fields=list(fields),
        scope_all=scope is None,
        **kw,
    )
    if scope is not None:
        matter.scope_areas.set(scope)
    return matter


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("每季度", "quarterly"),  # what the access decision stores (the Chinese label)
        ("Quarterly", "quarterly"),  # ... or the English label, when decided in English
        ("quarterly", "quarterly"),
        ("每日", "daily"),
        ("每天", "daily"),
        ("每周", "weekly"),
        ("Weekly", "weekly"),
        (" 每 月 ", "monthly"),
        ("月报", "monthly"),
        ("每年", "yearly"),
        ("一次性", "once"),
        ("One-off", "once"),
        ("每半年", "half_yearly"),
        ("不定期", "as_needed"),
        ("As needed", "as_needed"),
        ("", None),
        ("看情况", None),
    ],
)
def test_frequency_words(text, code):
    assert selectors.frequency_code(text) == code


def test_submissions_a_year():
    # 2025 by the official schedule: 261 weekdays − 18 weekday holidays (元旦 1, 春节 6, 清明 1, 劳动节 3,
    # 端午 1, 国庆中秋 6) + 5 make-up Saturdays/Sundays (1-26, 2-8, 4-27, 9-28, 10-11) = 248 working days
    assert selectors.working_days_in_year(2025) == 248
    per_year = {c: selectors.submissions_per_year(c, 2025) for c in selectors.FREQUENCY_WORDS}
    assert per_year == {
        "daily": 248,
        "weekly": 52,
        "monthly": 12,
        "quarterly": 4,
        "half_yearly": 2,
        "yearly": 1,
        "once": 1,
        "as_needed": None,
    }
    assert selectors.submissions_per_year(None, 2025) is None


def test_daily_follows_the_workday_table():
    WorkdayOverride.objects.create(day=dt.date(2025, 12, 31), is_workday=False, note="test")
    assert selectors.working_days_in_year(2025) == 247


def test_the_registry_by_hand(district, today):
    """东湖社区 in 2025, by hand:
    区卫生健康委员会: daily ledger 248 + monthly report 12 = 260
    区民政局: quarterly 4 + weekly (stored in English) 52 + once 1 = 57, plus one as-needed (not counted)
    total 317; 西岭社区 has one yearly form more (scoped to 西岭街道): 318. A negative-list ledger and an
    exited one count nowhere."""
    today(dt.date(2025, 6, 1))
    weijian, minzheng = district["weijian"], district["minzheng"]
    ledger("TZ-1", "健康档案日报", weijian, "每日")
    ledger("TZ-2", "健康月报", weijian, "每月", kind=MatterKind.REPORT)
    ledger("TZ-3", "困难群众台账", minzheng, "每季度", list=MatterList.ASSIST)
    ledger("TZ-4", "养老周报", minzheng, "Weekly", kind=MatterKind.REPORT)
    ledger("TZ-5", "一次性普查表", minzheng, "一次性", kind=MatterKind.REPORT)
    ledger("TZ-6", "临时统计", minzheng, "不定期", kind=MatterKind.REPORT)
    ledger(
        "TZ-7",
        "西岭年报",
        minzheng,
        "每年",
        kind=MatterKind.REPORT,
        scope=[district["xiling_community"].parent],
    )
    ledger("FM-1", "负面台账", minzheng, "每日", list=MatterList.NEGATIVE)
    ledger("TZ-8", "已退出台账", minzheng, "每日", status=Matter.Status.EXITED)
    rows = selectors.ledger_rows(2025)
    donghu = selectors.community_load(district["donghu_community"], rows)
    assert [r.matter.code for r in donghu.rows] == ["TZ-1", "TZ-2", "TZ-4", "TZ-5", "TZ-6", "TZ-3"]
    assert donghu.per_year == 317 and donghu.unknown == 1 and donghu.departments == 2
    assert [(d.department, d.matters, d.per_year, d.unknown) for d in donghu.by_department] == [
        ("区卫生健康委员会", 2, 260, 0),
        ("区民政局", 4, 57, 1),
    ]
    xiling = selectors.community_load(district["xiling_community"], rows)
    assert xiling.per_year == 318 and len(xiling.rows) == 7


@pytest.fixture
def two_departments(district):
    """姓名 and 身份证号 (written 身份证号码 by one) are collected by two departments; 血压 by one."""
    a = ledger("TZ-A", "老年人健康台账", district["weijian"], "每月", ["姓名", "身份证号码", "血压"])
    b = ledger("TZ-B", "低保家庭台账", district["minzheng"], "每季度", ["姓名 ", "身份证号", "家庭人口"])
    c = ledger("TZ-C", "慢病随访表", district["weijian"], "每月", ["血压"], kind=MatterKind.REPORT)
    return a, b, c


def test_the_field_index(two_departments):
    a, b, c = two_departments
    index = selectors.field_index()
    assert selectors.field_key("身份证号码") == selectors.field_key(" 身份证号 ") == "身份证号"
    assert selectors.field_key("ＩＤ") == "id"  # full-width folded
    assert index["身份证号"].matters == [a, b] and index["身份证号"].name == "身份证号码"
    assert index["血压"].matters == [a, c] and not index["血压"].shared  # one department twice
    shared = selectors.shared_fields()
    assert [(e.key, e.departments) for e in shared] == [
        ("姓名", ["区卫生健康委员会", "区民政局"]),
        ("身份证号", ["区卫生健康委员会", "区民政局"]),
    ]


def test_the_registry_page_and_the_review_page_agree(
    two_departments, district, client, applicant, dept_head, approval_clerk, approver, today, community_worker
):
    people = People(clerk=applicant, head=dept_head, office=approval_clerk, approvers=[approver])
    app = build(people, Status.ACCEPTED, kind="ledger", data_fields=["身份证号", "住址", "血压"])
    assert {f: [m.code for m in ms] for f, ms in data_field_overlaps(app).items()} == {
        "身份证号": ["TZ-A", "TZ-B"],
        "血压": ["TZ-A", "TZ-C"],
    }
    client.force_login(approval_clerk)
    review = client.get(f"/access/applications/{app.pk}/").content.decode()
    overlaps = review.split('data-testid="overlaps"')[1].split("</ul>")[0]
    assert "身份证号" in overlaps and "TZ-A 老年人健康台账" in overlaps and "TZ-B 低保家庭台账" in overlaps
    assert "住址" not in overlaps
    client.force_login(community_worker)
    registry = client.get("/registries/ledgers/").content.decode()
    shared = registry.split('data-testid="shared-fields"')[1].split("</ul>")[0]
    assert (
        'data-field="身份证号"' in shared
        and "TZ-A 老年人健康台账" in shared
        and "TZ-B 低保家庭台账" in shared
    )
    assert "血压" not in shared  # collected twice, but by one department
