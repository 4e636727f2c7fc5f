"""The monthly district report (月度报告) as a PDF: the district's figures of one month, always in Chinese,
rendered by WeasyPrint with no external resource (access.letters.html_to_pdf)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from zhunru.access.letters import html_to_pdf
from zhunru.core import clock
from zhunru.dashboard import figures, selectors, tables

TEMPLATE = "dashboard/monthly_report.html"
REPORT_LANGUAGE = "zh-hans"
# Above this many communities (a city) the printed report sums them by street: 5,000 rows are for the Excel
# export, and laying them out would take the PDF renderer a minute.
COMMUNITY_ROWS = 200
# Above this many departments (a city, street offices included) the printed report lists those with
# something in the month (demands sent, reports, cases, money, an evaluation) and counts the others.
DEPARTMENT_ROWS = 200


def quiet(d: figures.DepartmentFigures) -> bool:
    """Nothing to report about the department this month."""
    return not (d.sent or d.reports or d.substantiated or d.committed or d.paid or d.evaluation)


def street_rows(rows: list[figures.CommunityBurden]) -> list[figures.CommunityBurden]:
    """The burden table's rows for streets: each street's sums, with its number of communities in the
    column that names a community's street (headed 社区数 in this table)."""
    return [
        dataclasses.replace(s.total, code=s.code, name=s.name, street=str(s.communities))
        for s in figures.street_burden(rows)
    ]


def report_html(month: dt.date) -> str:
    with translation.override(REPORT_LANGUAGE):
        data = selectors.monthly_report(month)
        total = data["total"]
        burden = tables.burden_table(data["rows"], total, reports=False)
        if len(data["rows"]) > COMMUNITY_ROWS:
            burden = tables.burden_table(street_rows(data["rows"]), total, reports=False)
            burden.title = _("各街道负担")
            burden.headers[:2] = [_("街道"), _("社区数")]
            burden.notes.append(
                _("本区共 {n} 个社区，报告按街道汇总；各社区明细见统计页的 Excel 导出。").format(
                    n=len(data["rows"])
                )
            )
        departments = tables.departments_table(data["departments"])
        if len(data["departments"]) > DEPARTMENT_ROWS:
            listed = [d for d in data["departments"] if not quiet(d)]
            departments = tables.departments_table(listed)
            departments.notes.append(
                _("另有 {n} 个单位本月没有派出任务、被举报、案件、经费和评议，未列出；").format(
                    n=len(data["departments"]) - len(listed)
                )
                + _("完整名单见统计页的 Excel 导出。")
            )
        context = {
            "month": month,
            "data": data,
            "total": total,
            "not_admitted": total.unapproved + total.negative,
            "generated_on": clock.today(),
            "tables": [
                burden,
                tables.trend_table(data["trend"], reports=False),
                departments,
                tables.office_table(data["office"]),
                tables.reductions_table(data["reductions"], data["baseline"], data["period"].as_of),
            ],
        }
        return render_to_string(TEMPLATE, context)


def report_pdf(month: dt.date) -> bytes:
    """The report as a PDF (WeasyPrint, loaded only now; data: URLs only, as access.letters)."""
    return html_to_pdf(report_html(month))
