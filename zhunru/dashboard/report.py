"""The monthly district report (月度报告) as a PDF: the district's figures of one month, always in Chinese,
rendered by WeasyPrint with no external resource (access.letters.html_to_pdf)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation

from zhunru.access.letters import html_to_pdf
from zhunru.core import clock
from zhunru.dashboard import selectors, tables

TEMPLATE = "dashboard/monthly_report.html"
REPORT_LANGUAGE = "zh-hans"


def report_html(month: dt.date) -> str:
    with translation.override(REPORT_LANGUAGE):
        data = selectors.monthly_report(month)
        total = data["total"]
        context = {
            "month": month,
            "data": data,
            "total": total,
            "not_admitted": total.unapproved + total.negative,
            "generated_on": clock.today(),
            "tables": [
                tables.burden_table(data["rows"], total, reports=False),
                tables.trend_table(data["trend"], reports=False),
                tables.departments_table(data["departments"]),
                tables.office_table(data["office"]),
                tables.reductions_table(data["reductions"], data["baseline"], data["period"].as_of),
            ],
        }
        return render_to_string(TEMPLATE, context)


def report_pdf(month: dt.date) -> bytes:
    """The report as a PDF (WeasyPrint, loaded only now; data: URLs only, as access.letters)."""
    return html_to_pdf(report_html(month))
