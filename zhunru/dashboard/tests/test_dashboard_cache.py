"""The dashboard's figures are computed once per DASHBOARD_CACHE_SECONDS (default 5 minutes) for a
dashboard scope, filters, language and day, and shared by the page numbers and the Excel exports; the page
says when they were computed. 0 computes them on every view."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhunru import conf
from zhunru.accounts.roles import Role
from zhunru.conftest import make_user
from zhunru.dashboard import figures, kept, pages, selectors, tables
from zhunru.dashboard.selectors import Filters
from zhunru.dashboard.tests.conftest import notice
from zhunru.dashboard.tests.test_exports import sheet

pytestmark = pytest.mark.django_db
NOV = {"month": "2026-11"}


def at(hour: int, minute: int, second: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 11, 25, hour, minute, second))


@pytest.fixture(autouse=True)
def _five_minutes(settings):
    settings.DASHBOARD_CACHE_SECONDS = 300


@pytest.fixture
def clock(monkeypatch) -> list[dt.datetime]:
    """The time the cache sees (kept.now): set clock[0]."""
    now = [at(9, 7)]
    monkeypatch.setattr(kept, "now", lambda: now[0])
    return now


@pytest.fixture
def computed(monkeypatch) -> list[Any]:
    """The scopes community_burden was computed for, one per computation."""
    calls: list[Any] = []
    real = figures.community_burden

    def counting(scope: Any, period: Any) -> Any:
        calls.append(scope)
        return real(scope, period)

    monkeypatch.setattr(figures, "community_burden", counting)
    return calls


def burden_total(response, column: str = "收到任务") -> Any:
    table = response.context["built"].table("burden")
    return table.footer[table.headers.index(column)]


def body(response) -> str:
    """The page without its frame (whose CSRF token changes on every view)."""
    html = response.content.decode()
    return html[html.index("<h1>") : html.rindex("</section>")]


def export_total(client) -> Any:
    rows = sheet(client.get("/dashboard/burden/burden.xlsx", NOV))
    return rows[-1][rows[0].index("收到任务")]


def shown(response) -> list[str]:
    block = next(b for b in response.context["built"].blocks if b.table.key == "burden")
    return [row[0] for row in block.page]


def test_a_second_view_takes_the_kept_figures(client, world, approval_clerk, computed):
    client.force_login(approval_clerk)
    first = client.get("/dashboard/burden/", NOV)
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/dashboard/burden/", NOV)
    assert len(computed) == 1
    assert body(second) == body(first)
    # no demand, community or department read: neither the figures nor the filters' choices
    tables_read = ('FROM "gateway_tasknotice"', 'FROM "areas_area"', 'FROM "areas_department"')
    assert not [q["sql"] for q in queries if any(t in q["sql"] for t in tables_read)]
    # another user with the same dashboard (the whole district) shares them
    head = make_user("officehead2", role=Role.APPROVAL_HEAD, department=world["office"])
    client.force_login(head)
    assert burden_total(client.get("/dashboard/burden/", NOV)) == 6 and len(computed) == 1


def test_paging_and_exporting_share_one_computation(client, world, supervisor, computed, monkeypatch):
    monkeypatch.setattr(tables, "BURDEN_PER_PAGE", 2)
    client.force_login(supervisor)
    pages = [shown(client.get("/dashboard/burden/", {**NOV, "page": str(n)})) for n in (1, 2, 3)]
    everyone = sheet(client.get("/dashboard/burden/burden.xlsx", NOV))[1:-1]
    assert len(computed) == 1
    assert pages == [[r[0] for r in everyone[i : i + 2]] for i in (0, 2, 4)]
    last = client.get("/dashboard/burden/", {**NOV, "page": "99"})  # clamped to the last page
    assert shown(last) == [r[0] for r in everyone[(len(everyone) - 1) // 2 * 2 :]]
    assert len(computed) == 1


def test_other_filters_pages_and_scopes_are_computed_apart(
    client, world, approval_clerk, supervisor, community_worker, computed
):
    client.force_login(approval_clerk)
    assert burden_total(client.get("/dashboard/burden/", NOV)) == 6
    assert burden_total(client.get("/dashboard/burden/", {"month": "2026-09"})) == 1
    east = client.get("/dashboard/burden/", {**NOV, "street": world["donghu_community"].parent_id})
    assert burden_total(east) == 5  # 东湖 4, 花园路 1
    assert len(computed) == 3
    office = client.get("/dashboard/office/", NOV)
    assert len(computed) == 3 and "作出决定" in office.content.decode()
    # the office never sees who reported, even after supervision viewed the same filters
    client.force_login(supervisor)
    assert burden_total(client.get("/dashboard/burden/", NOV), "已举报") == 1
    client.force_login(approval_clerk)
    assert "已举报" not in client.get("/dashboard/burden/", NOV).context["built"].table("burden").headers
    # a community worker sees her community only
    client.force_login(community_worker)
    rows = client.get("/dashboard/burden/", NOV).context["built"].table("burden").rows
    assert [r[0] for r in rows] == ["东湖社区"]
    assert len(computed) == 5


def test_english_and_chinese_are_kept_apart(client, world, approval_clerk, computed):
    client.force_login(approval_clerk)
    chinese = body(client.get("/dashboard/burden/", NOV))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = body(client.get("/dashboard/burden/", NOV))
    assert "Export to Excel" in english and "导出 Excel" not in english
    assert "Figures as of" in english and "数据更新于" not in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert body(client.get("/dashboard/burden/", NOV)) == chinese
    assert "导出 Excel" in chinese and "Export to Excel" not in chinese
    assert len(computed) == 2


def test_the_page_says_when_its_figures_were_computed(client, world, approval_clerk, clock, computed):
    client.force_login(approval_clerk)
    response = client.get("/dashboard/burden/", NOV)
    assert "数据更新于 09:07（每 5 分钟更新）" in response.content.decode()
    assert burden_total(response) == 6
    notice(world["donghu_community"], "duty", dt.date(2026, 11, 24), world["weijian"])
    clock[0] = at(9, 11, 59)  # under five minutes: the 09:07 figures, and the page says so
    response = client.get("/dashboard/burden/", NOV)
    assert burden_total(response) == 6 and "数据更新于 09:07" in response.content.decode()
    assert export_total(client) == 6  # the export too
    clock[0] = at(9, 12, 1)  # five minutes on: computed again
    response = client.get("/dashboard/burden/", NOV)
    assert burden_total(response) == 7 and "数据更新于 09:12（每 5 分钟更新）" in response.content.decode()
    assert len(computed) == 2


def test_one_request_computes_while_the_others_show_the_previous_figures(
    client, world, approval_clerk, clock, computed, monkeypatch
):
    client.force_login(approval_clerk)
    key = client.get("/dashboard/burden/", NOV).context["built"].kept_key
    notice(world["donghu_community"], "duty", dt.date(2026, 11, 24), world["weijian"])
    clock[0] = at(9, 13)
    assert cache.add(f"{key}:computing", 1, 60)  # another request is computing them
    response = client.get("/dashboard/burden/", NOV)
    assert burden_total(response) == 6 and "数据更新于 09:07" in response.content.decode()
    assert len(computed) == 1
    # an export never takes the older copy: it waits for the new one, and then computes it itself
    monkeypatch.setattr(kept, "WAIT_SECONDS", 0.2)
    assert export_total(client) == 7
    assert len(computed) == 2
    cache.delete(f"{key}:computing")
    response = client.get("/dashboard/burden/", NOV)  # the export's figures, now fresh
    assert burden_total(response) == 7 and "数据更新于 09:13" in response.content.decode()
    assert len(computed) == 2


def test_with_no_copy_yet_the_others_wait_for_the_one_being_computed(
    client, world, approval_clerk, computed, monkeypatch
):
    board = selectors.require_dashboard(approval_clerk, "burden")
    f = Filters.from_query(NOV, board)
    key = kept.figures_key("burden", board, f, tables.BURDEN_PER_PAGE)
    assert cache.add(f"{key}:computing", 1, 60)  # another request has started computing them
    waits: list[float] = []

    def the_other_request_finishes(seconds: float) -> None:
        waits.append(seconds)
        kept._compute(key, lambda: pages.BUILDERS["burden"](approval_clerk, board, f), 300)
        cache.delete(f"{key}:computing")

    monkeypatch.setattr(kept.time, "sleep", the_other_request_finishes)
    client.force_login(approval_clerk)
    assert burden_total(client.get("/dashboard/burden/", NOV)) == 6
    assert len(waits) == 1 and len(computed) == 1  # computed once, by the other request


def test_zero_seconds_computes_on_every_view(client, world, approval_clerk, computed, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    client.force_login(approval_clerk)
    assert burden_total(client.get("/dashboard/burden/", NOV)) == 6
    notice(world["donghu_community"], "duty", dt.date(2026, 11, 24), world["weijian"])
    response = client.get("/dashboard/burden/", NOV)
    assert burden_total(response) == 7 and "数据更新于" not in response.content.decode()
    assert len(computed) == 2


@pytest.mark.parametrize(("value", "seconds"), [(None, 300), ("0", 0), ("60", 60)])
def test_the_setting_comes_from_the_environment(monkeypatch, tmp_path, value, seconds):
    monkeypatch.setenv("ZHUNRU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ZHUNRU_DEBUG", "1")
    monkeypatch.delenv("ZHUNRU_DASHBOARD_CACHE_SECONDS", raising=False)
    if value is not None:
        monkeypatch.setenv("ZHUNRU_DASHBOARD_CACHE_SECONDS", value)
    assert conf.load().dashboard_cache_seconds == seconds


def test_a_malformed_setting_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("ZHUNRU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ZHUNRU_DEBUG", "1")
    monkeypatch.setenv("ZHUNRU_DASHBOARD_CACHE_SECONDS", "-5")
    with pytest.raises(conf.ConfigError, match="ZHUNRU_DASHBOARD_CACHE_SECONDS"):
        conf.load()


def test_kept_rows_read_as_a_list():
    rows = [[f"社区{i}", i] for i in range(23)]
    packed = kept.PackedRows(rows, 5)
    assert len(packed) == 23 and list(packed) == rows
    assert packed[0] == rows[0] and packed[-1] == rows[-1] and packed[7] == rows[7]
    for s in (
        slice(0, 5),
        slice(5, 10),
        slice(3, 17),
        slice(20, 99),
        slice(30, 40),
        slice(None),
        slice(1, 9, 2),
    ):
        assert packed[s] == rows[s], s
    with pytest.raises(IndexError):
        packed[23]
