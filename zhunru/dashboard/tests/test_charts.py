"""The server-rendered SVG charts: the plotted values are in the picture, texts are escaped, and every
chart on a page has the table of its numbers beside it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from zhunru.dashboard import charts


def test_bar_chart_carries_each_value():
    svg = str(charts.bar_chart("收到的任务", ["09", "10", "11"], [("任务", [1, 0, 6])]))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<title>收到的任务</title>" in svg and 'role="img"' in svg
    assert re.findall(r'class="value">([^<]*)<', svg) == ["1", "0", "6"]
    assert "<title>11 任务: 6</title>" in svg
    assert svg.count("<rect") == 3  # no legend for a single series


def test_the_tallest_bar_fills_the_scale():
    svg = str(charts.bar_chart("t", ["a", "b"], [("s", [5, 10])]))
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert heights[1] == pytest.approx(2 * heights[0])
    assert heights[1] == pytest.approx(charts.HEIGHT - charts.TOP - charts.BOTTOM)


def test_line_chart_with_two_series_and_a_legend():
    svg = str(
        charts.line_chart(
            "走势", ["10", "11"], [("工时", [Decimal("12.0"), Decimal("2.5")]), ("拒绝", [0, 2])]
        )
    )
    assert re.findall(r'class="value">([^<]*)<', svg) == ["12", "2.5", "0", "2"]
    assert svg.count("<polyline") == 2 and ">工时</text>" in svg and ">拒绝</text>" in svg


def test_texts_are_escaped():
    svg = str(charts.bar_chart('<script>alert("x")</script>', ["<b>"], [("a&b", [1])]))
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&lt;b&gt;" in svg


def test_all_zero_and_empty():
    assert 'class="value">0<' in str(charts.bar_chart("t", ["a"], [("s", [0])]))
    assert "<svg" in str(charts.line_chart("t", [], [("s", [])]))


@pytest.mark.django_db
def test_page_charts_show_the_figures(client, world, supervisor):
    client.force_login(supervisor)
    html = client.get("/dashboard/burden/", {"month": "2026-11"}).content.decode()
    assert html.count("<svg") == 2
    # the trend chart plots November's 6 demands, 3 not admitted, 2 refused: the same numbers as its table
    assert "<title>26-11 收到任务: 6</title>" in html and "<title>26-11 未准入: 3</title>" in html
    assert "<title>26-11 工时: 12</title>" in html
    html = client.get("/dashboard/office/", {"month": "2026-11"}).content.decode()
    assert "<title>26-11 作出决定: 3</title>" in html and "<title>26-10 收到申请: 2</title>" in html


def test_horizontal_bars_for_long_names():
    svg = str(
        charts.hbar_chart("各部门", ["区卫生健康委员会", "区民政局"], [("派出", [3, 2]), ("未准入", [1, 1])])
    )
    assert re.findall(r'class="value">([^<]*)<', svg) == ["3", "1", "2", "1"]
    assert ">区卫生健康委员会</text>" in svg and "<title>区民政局 未准入: 1</title>" in svg
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)" height="11"', svg)]
    assert widths[0] == pytest.approx(3 * widths[1])
