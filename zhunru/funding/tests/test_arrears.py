"""The arrears page against a small example worked out by hand."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from zhunru.funding import services
from zhunru.funding.tests.conftest import pay

pytestmark = pytest.mark.django_db

DONGHU, HUAYUAN = "990101001001", "990101001002"


class Cells(HTMLParser):
    """{row data-code: {data-col: text}} of the page's table rows."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self.row: str | None = None
        self.col: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "tr" and "data-code" in a:
            self.row = a["data-code"]
            self.rows[self.row] = {}
        elif tag in ("td", "th") and self.row and "data-col" in a:
            self.col = a["data-col"]
            self.rows[self.row][self.col] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.col = None
        if tag == "tr":
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.row and self.col:
            self.rows[self.row][self.col] += data.strip()


def cells(client, **params) -> dict[str, dict[str, str]]:
    response = client.get("/funding/", params)
    assert response.status_code == 200
    parser = Cells()
    parser.feed(response.content.decode())
    return parser.rows


COLS = ("committed", "paid", "confirmed", "disputed", "pending", "unpaid", "overdue")


def figures(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row[c] for c in COLS)


@pytest.fixture
def example(make_decision, applicant, community_worker, huayuan_worker):
    """Matter A: 3000 yuan a year for 东湖社区 and 花园路社区; matter B: 5000 yuan for 东湖社区 only.
    A: 1000 to each (东湖 confirms, 花园路 disputes), then 2000 more to 东湖 (not yet confirmed).
    B: 1500 to 东湖, confirmed."""
    a = make_decision(money="3000")
    b = make_decision(money="5000", communities=[DONGHU], matter_name="社区居民健康讲座")
    first = pay(applicant, a, [DONGHU, HUAYUAN], "1000", "A-1")
    services.disbursement_line_confirm(actor=community_worker, line=first.lines.get(community__code=DONGHU))
    services.disbursement_line_dispute(
        actor=huayuan_worker, line=first.lines.get(community__code=HUAYUAN), note="未到账"
    )
    pay(applicant, a, [DONGHU], "2000", "A-2")
    second = pay(applicant, b, [DONGHU], "1500", "B-1")
    services.disbursement_line_confirm(actor=community_worker, line=second.lines.get())
    return a, b


def test_the_page_by_matter_department_and_community(client, example, approval_clerk):
    a, b = example
    client.force_login(approval_clerk)
    # Per commitment (committed C, paid P, confirmed F, disputed D; pending = P−F−D; unpaid = C−(P−D)):
    #   A/东湖   C 3000  P 1000+2000 = 3000  F 1000  D 0     pending 2000  unpaid 3000−3000 = 0
    #   A/花园路 C 3000  P 1000              F 0     D 1000  pending 0     unpaid 3000−(1000−1000) = 3000
    #   B/东湖   C 5000  P 1500              F 1500  D 0     pending 0     unpaid 5000−1500 = 3500
    # Matter A = 6000, 4000, 1000, 1000, 2000, 3000; matter B = 5000, 1500, 1500, 0, 0, 3500.
    # Total = 11000, 5500, 2500, 1000, 2000, 6500. Nothing is overdue on 2026-03-02 (due in April).
    rows = cells(client, year=2026, by="matter")
    assert figures(rows[a.matter.code]) == (
        "6000.00",
        "4000.00",
        "1000.00",
        "1000.00",
        "2000.00",
        "3000.00",
        "0.00",
    )
    assert figures(rows[b.matter.code]) == (
        "5000.00",
        "1500.00",
        "1500.00",
        "0.00",
        "0.00",
        "3500.00",
        "0.00",
    )
    assert figures(rows["total"]) == (
        "11000.00",
        "5500.00",
        "2500.00",
        "1000.00",
        "2000.00",
        "6500.00",
        "0.00",
    )

    # one department: its row is the total
    rows = cells(client, year=2026, by="department")
    assert figures(rows[a.matter.department.code]) == figures(rows["total"])

    # 东湖 = A/东湖 + B/东湖 = 8000, 4500, 2500, 0, 2000, 0 + 3500 = 3500; 花园路 = A/花园路.
    # Reference (④ 二(四), ⑤20): 东湖 has 2860 households: 80000 + 40 × (2860 − 2000) = 114400 public-welfare
    # + 50000 work funding = 164400; 花园路 has 1930 households (≤ 2000): 80000 + 50000 = 130000.
    rows = cells(client, year=2026, by="community")
    assert figures(rows[DONGHU]) == ("8000.00", "4500.00", "2500.00", "0.00", "2000.00", "3500.00", "0.00")
    assert figures(rows[HUAYUAN]) == ("3000.00", "1000.00", "0.00", "1000.00", "0.00", "3000.00", "0.00")
    assert (
        rows[DONGHU]["reference"].startswith("164400.00")
        and "公益 114400.00 + 工作 50000.00" in rows[DONGHU]["reference"]
    )
    assert rows[HUAYUAN]["reference"].startswith("130000.00")

    # another year has nothing
    assert list(cells(client, year=2025, by="matter")) == []


def test_overdue_is_the_unpaid_part_past_the_limit(client, example, approval_clerk, today):
    a, _b = example
    due = a.application.start_date
    limit = services.add_working_days(due, 30)
    client.force_login(approval_clerk)
    today(limit)  # on the 30th working day after the due date: not yet overdue
    assert cells(client, year=2026)["total"]["overdue"] == "0.00"
    today(limit + dt.timedelta(days=1))  # then the whole unpaid 6500 is overdue
    rows = cells(client, year=2026)
    assert rows["total"]["overdue"] == "6500.00" and rows[a.matter.code]["overdue"] == "3000.00"


def test_the_excel_export_has_the_same_figures(client, example, approval_clerk):
    import io

    import openpyxl

    client.force_login(approval_clerk)
    response = client.get("/funding/export.xlsx", {"year": 2026, "by": "community"})
    assert response.status_code == 200 and "funding-community-2026" in response["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("区划代码", "社区", "街道", "承诺（元）")
    donghu = next(r for r in rows if r[0] == DONGHU)
    assert donghu[3:10] == (8000, 4500, 2500, 0, 2000, 3500, 0) and donghu[10:] == (2860, 114400, 50000)
    assert rows[-1][1] == "合计" and rows[-1][3] == 11000


def test_reference_amounts_follow_the_settings(approval_clerk):
    assert services.reference_amounts(2000) == (80000, 50000)
    assert services.reference_amounts(2001) == (80040, 50000)
    services.funding_settings_update(actor=approval_clerk, welfare_per_household="50", work_minimum="60000")
    assert services.reference_amounts(2100) == (85000, 60000)


def test_words_on_the_page(client, example, community_worker):
    client.force_login(community_worker)
    text = client.get("/funding/", {"year": 2026, "by": "community"}).content.decode()
    assert re.search(r"公益事业经费每户 40\.00 元", text)
