"""开放数据: the catalog, the decisions and the statistics as records with described fields, for the CSV and
JSON downloads under /portal/data/ and the public API (/api/v1/portal/…). The same payload everywhere.

Nothing here names a community that reported, a report or a person: the statistics are the district's,
its streets' and its departments' (reports only as district totals and per department)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhunru.access.selectors import public_decisions
from zhunru.catalog import selectors as catalog_selectors
from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.core import clock
from zhunru.dashboard.figures import Period
from zhunru.gateway.models import Verdict
from zhunru.portal import selectors
from zhunru.supervision.models import Measure

LICENCE = gettext_lazy(
    "本数据按知识共享署名 4.0 国际许可协议（CC BY 4.0）开放：可以自由复制、传播、改编和商业使用，"
    "请注明来源“社区工作事项准入 · 居务公开”。"
)
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
FORMATS = ("csv", "json")


@dataclass(frozen=True)
class Dataset:
    key: str
    title: Any
    description: Any
    fields: tuple[tuple[str, Any], ...]  # (name, description)


CATALOG = Dataset(
    "catalog",
    gettext_lazy("现行社区工作事项清单"),
    gettext_lazy("已发布且未失效的清单事项，列与清单导入导出格式（catalog.csv）相同。"),
    (
        ("code", gettext_lazy("事项编码")),
        ("name", gettext_lazy("事项名称")),
        ("list", gettext_lazy("清单类别：duty 依法履职、assist 依法协助、admitted 准入、negative 负面")),
        ("kind", gettext_lazy("事项类型：task、signboard、ledger、report、assessment、certificate 等")),
        ("department", gettext_lazy("责任部门")),
        ("field", gettext_lazy("服务领域")),
        ("basis", gettext_lazy("依据")),
        ("description", gettext_lazy("事项描述")),
        ("valid_from", gettext_lazy("生效日期（YYYY-MM-DD）")),
        ("valid_to", gettext_lazy("失效日期（YYYY-MM-DD）")),
        ("scope", gettext_lazy("适用范围：社区区划代码，以 ; 分隔；空为全部社区")),
    ),
)

DECISIONS = Dataset(
    "decisions",
    gettext_lazy("准入、不予准入和退出决定书"),
    gettext_lazy("联席会议作出的全部决定书，新的在前；全文和 PDF 见 url。"),
    (
        ("number", gettext_lazy("文号")),
        ("year", gettext_lazy("年度")),
        ("seq", gettext_lazy("序号")),
        (
            "outcome",
            gettext_lazy("决定：approved、approved_with_conditions、rejected、exited、exit_rejected"),
        ),
        ("outcome_label", gettext_lazy("决定（中文）")),
        ("decided_on", gettext_lazy("决定日期")),
        ("title", gettext_lazy("标题")),
        ("matter_code", gettext_lazy("事项编码")),
        ("matter_name", gettext_lazy("事项名称")),
        ("department", gettext_lazy("申请或责任部门")),
        ("digest", gettext_lazy("SM3 摘要（核验用）")),
        ("url", gettext_lazy("公开文本地址")),
        ("pdf_url", gettext_lazy("PDF 地址")),
    ),
)

STATISTICS = Dataset(
    "statistics",
    gettext_lazy("社区负担与准入统计"),
    gettext_lazy(
        "全区、各街道、各月和各部门的统计数，以及当年每个准入事项的经费承诺与拨付和最近公布的评议结果。"
        "CSV 为长表：每行一个数值。举报只按全区和部门计数，不涉及任何社区。"
    ),
    (
        (
            "section",
            gettext_lazy(
                "部分：district 全区、street 街道、month 月份、department 部门、funding 经费、evaluation 评议"
            ),
        ),
        ("code", gettext_lazy("对象编码：街道区划代码、月份（YYYY-MM）、部门编码或事项编码")),
        ("name", gettext_lazy("对象名称")),
        ("measure", gettext_lazy("指标（见下表）")),
        ("value", gettext_lazy("数值")),
        ("period", gettext_lazy("统计期间")),
    ),
)

DATASETS = {d.key: d for d in (CATALOG, DECISIONS, STATISTICS)}

# the statistics' measures, as named in the CSV's `measure` column and the JSON's keys
AREA_MEASURES: tuple[tuple[str, Any], ...] = (
    ("communities", gettext_lazy("社区数")),
    ("notices", gettext_lazy("收到任务")),
    ("allowed_hours", gettext_lazy("准许工作工时（每月）")),
    ("unapproved", gettext_lazy("未经准入的任务")),
    ("negative", gettext_lazy("负面清单的任务")),
    ("refused", gettext_lazy("社区拒绝的任务")),
    ("admitted_per_community", gettext_lazy("在效准入事项（平均每社区）")),
    ("signboards", gettext_lazy("在挂牌子")),
    ("signboards_unadmitted", gettext_lazy("其中未经准入的牌子")),
    ("ledgers_per_community", gettext_lazy("台账（平均每社区）")),
    ("reports_forms_per_community", gettext_lazy("报表（平均每社区）")),
    ("submissions_per_community", gettext_lazy("台账报表年报送次数（平均每社区）")),
    ("certificates_refused", gettext_lazy("拒开的负面清单证明")),
)
DISTRICT_ONLY: tuple[tuple[str, Any], ...] = (("reported", gettext_lazy("被举报的任务（仅全区）")),)
MONTH_MEASURES: tuple[tuple[str, Any], ...] = (
    ("notices", gettext_lazy("收到任务")),
    ("allowed_hours", gettext_lazy("准许工作工时")),
    ("unapproved", gettext_lazy("未经准入的任务")),
    ("negative", gettext_lazy("负面清单的任务")),
    ("refused", gettext_lazy("社区拒绝的任务")),
    ("certificates_refused", gettext_lazy("拒开的负面清单证明")),
)
DEPARTMENT_MEASURES: tuple[tuple[str, Any], ...] = (
    ("sent", gettext_lazy("派出任务")),
    *[(f"verdict_{v}", label) for v, label in Verdict.choices],
    ("not_admitted", gettext_lazy("未准入的任务（负面清单和未经准入）")),
    ("reports", gettext_lazy("收到的举报")),
    ("cases", gettext_lazy("立案")),
    ("substantiated", gettext_lazy("办结属实")),
    *[(f"measure_{m}", label) for m, label in Measure.choices],
)
FUNDING_MEASURES: tuple[tuple[str, Any], ...] = (
    ("communities", gettext_lazy("承诺社区数")),
    ("committed", gettext_lazy("承诺经费（元）")),
    ("paid", gettext_lazy("已拨付（元，不含已撤销）")),
    ("confirmed", gettext_lazy("社区已确认到账（元）")),
    ("disputed", gettext_lazy("社区有异议（元）")),
    ("unpaid", gettext_lazy("欠拨（元）")),
)
EVALUATION_MEASURES: tuple[tuple[str, Any], ...] = (
    ("answers", gettext_lazy("答卷数")),
    ("mean_<criterion>", gettext_lazy("该项平均分（1–5）")),
    ("low_<criterion>", gettext_lazy("95% 置信区间下限")),
    ("high_<criterion>", gettext_lazy("95% 置信区间上限")),
)


def measure_groups() -> list[tuple[Any, tuple[tuple[str, Any], ...]]]:
    """For the data page: each section's measures with their meaning."""
    return [
        (_("全区和街道（district、street）"), AREA_MEASURES + DISTRICT_ONLY),
        (_("月份（month，近12个月）"), MONTH_MEASURES),
        (_("部门（department）"), DEPARTMENT_MEASURES),
        (_("经费（funding，按准入事项）"), FUNDING_MEASURES),
        (_("评议（evaluation，5 份答卷以上的部门）"), EVALUATION_MEASURES),
    ]


# ---------------------------------------------------------------- records


def _num(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def catalog_records() -> list[dict[str, Any]]:
    return catalog_selectors.snapshot()


def catalog_updated() -> dt.date | None:
    last = Matter.objects.filter(status__in=[Matter.Status.PUBLISHED, Matter.Status.EXITED]).aggregate(
        m=Max("updated_at")
    )["m"]
    return timezone.localtime(last).date() if last else None


def decision_records() -> list[dict[str, Any]]:
    out = []
    for d in public_decisions():
        content = d.content or {}
        out.append(
            {
                "number": d.number,
                "year": d.year,
                "seq": d.seq,
                "outcome": d.outcome,
                "outcome_label": d.get_outcome_display(),
                "decided_on": d.decided_on.isoformat(),
                "title": str(content.get("title", "")),
                "matter_code": d.matter.code if d.matter else str(content.get("matter_code", "")),
                "matter_name": d.matter.name if d.matter else str(content.get("matter_name", "")),
                "department": str(content.get("department", "")),
                "digest": d.digest,
                "url": reverse("portal:decision", args=[d.year, d.seq]),
                "pdf_url": reverse("portal:decision_pdf", args=[d.year, d.seq]),
            }
        )
    return out


def decisions_updated() -> dt.date | None:
    return public_decisions().order_by().aggregate(m=Max("decided_on"))["m"]


def _area(a: selectors.AreaFigures, *, district: bool) -> dict[str, Any]:
    t = a.total
    out: dict[str, Any] = {
        "code": a.code,
        "name": a.name,
        "communities": a.communities,
        "notices": t.notices,
        "allowed_hours": _num(t.allowed_hours),
        "unapproved": t.unapproved,
        "negative": t.negative,
        "refused": t.refused,
        "admitted_per_community": _num(a.per_community("admitted")),
        "signboards": t.signboards,
        "signboards_unadmitted": t.signboards_unadmitted,
        "ledgers_per_community": _num(a.per_community("ledgers")),
        "reports_forms_per_community": _num(a.per_community("reports_forms")),
        "submissions_per_community": _num(a.per_community("submissions")),
        "certificates_refused": t.certificates_refused,
    }
    if district:
        out["reported"] = t.reported  # reports: the district total only
    return out


def statistics_payload(period: Period) -> dict[str, Any]:
    """Everything the statistics pages show, as plain JSON-ready data (a bounded number of queries)."""
    stats = selectors.public_statistics(period)
    departments = selectors.department_statistics(period)
    year = period.end.year
    eval_years = selectors.evaluation_years()
    eval_year = eval_years[0] if eval_years else None
    results = selectors.evaluation_results(eval_year) if eval_year else []
    return {
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat(), "label": period.label},
        "as_of": period.as_of.isoformat(),
        "generated_on": clock.today().isoformat(),
        "district": _area(stats.district, district=True),
        "streets": [_area(s, district=False) for s in stats.streets],
        "months": [
            {
                "month": m.month.strftime("%Y-%m"),
                "notices": m.notices,
                "allowed_hours": _num(m.allowed_hours),
                "unapproved": m.unapproved,
                "negative": m.negative,
                "refused": m.refused,
                "certificates_refused": m.certificates_refused,
            }
            for m in stats.trend
        ],
        "departments": [
            {
                "code": d.code,
                "name": d.name,
                "sent": d.sent,
                "by_verdict": {v: d.by_verdict.get(v, 0) for v in Verdict.values},
                "not_admitted": d.not_admitted,
                "reports": d.reports,
                "cases": d.cases,
                "substantiated": d.substantiated,
                "measures": {m: d.measures.get(m, 0) for m in Measure.values},
            }
            for d in departments
        ],
        "funding": funding_payload(year),
        "evaluation": evaluation_payload(eval_year, results),
    }


def evaluation_payload(year: int | None, results: list[Any]) -> dict[str, Any]:
    return {
        "year": year,
        "departments": [
            {
                "code": r.department.code,
                "name": r.department.name,
                "answers": r.answers,
                "criteria": [
                    {
                        "key": c.key,
                        "label": c.label,
                        "mean": round(c.mean, 2),
                        "low": round(c.low, 2),
                        "high": round(c.high, 2),
                    }
                    for c in r.criteria
                ],
                "reply": r.reply.text if r.reply else "",
                "reply_on": r.reply.written_on.isoformat() if r.reply else None,
            }
            for r in results
        ],
    }


def funding_payload(year: int | None) -> dict[str, Any]:
    rows = selectors.funding_by_matter(year) if year else []
    return {
        "year": year,
        "matters": [
            {
                "code": m.code,
                "name": m.name,
                "department": m.department,
                "communities": m.communities,
                "committed": _num(m.committed),
                "paid": _num(m.paid),
                "confirmed": _num(m.confirmed),
                "disputed": _num(m.disputed),
                "unpaid": _num(m.unpaid),
            }
            for m in rows
        ],
    }


def statistics_rows(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The statistics as a long table: one row per (section, object, measure)."""
    period = payload["period"]["label"]
    rows: list[dict[str, Any]] = []

    def add(section: str, code: str, name: str, measure: str, value: Any) -> None:
        rows.append(
            {
                "section": section,
                "code": code,
                "name": name,
                "measure": measure,
                "value": value,
                "period": period,
            }
        )

    district = payload["district"]
    for key, _label in AREA_MEASURES + DISTRICT_ONLY:
        add("district", "", district["name"], key, district[key])
    for s in payload["streets"]:
        for key, _label in AREA_MEASURES:
            add("street", s["code"], s["name"], key, s[key])
    for m in payload["months"]:
        for key, _label in MONTH_MEASURES:
            add("month", m["month"], m["month"], key, m[key])
    for d in payload["departments"]:
        for key in ("sent", "not_admitted", "reports", "cases", "substantiated"):
            add("department", d["code"], d["name"], key, d[key])
        for v, n in d["by_verdict"].items():
            add("department", d["code"], d["name"], f"verdict_{v}", n)
        for m, n in d["measures"].items():
            add("department", d["code"], d["name"], f"measure_{m}", n)
    for m in payload["funding"]["matters"]:
        for key, _label in FUNDING_MEASURES:
            add("funding", m["code"], m["name"], key, m[key])
    ev = payload["evaluation"]
    for d in ev["departments"]:
        add("evaluation", d["code"], d["name"], "answers", d["answers"])
        for c in d["criteria"]:
            for part in ("mean", "low", "high"):
                add("evaluation", d["code"], d["name"], f"{part}_{c['key']}", c[part])
    return rows


# ---------------------------------------------------------------- files


def to_csv(fields: list[str], records: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a BOM (so that Excel reads the Chinese), one header row of the field names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for r in records:
        writer.writerow(["" if r.get(f) is None else r.get(f) for f in fields])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def build(key: str, params: Any) -> tuple[Dataset, list[dict[str, Any]], dict[str, Any]]:
    """The dataset, its records (CSV rows) and its JSON document."""
    dataset = DATASETS[key]
    meta: dict[str, Any] = {
        "dataset": key,
        "title": str(dataset.title),
        "licence": str(LICENCE),
        "licence_url": LICENCE_URL,
        "fields": [{"name": n, "description": str(d)} for n, d in dataset.fields],
    }
    builders: dict[str, Callable[[], tuple[list[dict[str, Any]], dict[str, Any]]]] = {
        "catalog": lambda: _catalog(meta),
        "decisions": lambda: _decisions(meta),
        "statistics": lambda: _statistics(meta, params),
    }
    records, document = builders[key]()
    return dataset, records, document


def _catalog(meta: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    records = catalog_records()
    updated = catalog_updated()
    labels = {"list": dict(MatterList.choices), "kind": dict(MatterKind.choices)}
    meta["updated"] = updated.isoformat() if updated else None
    meta["labels"] = {k: {v: str(label) for v, label in choices.items()} for k, choices in labels.items()}
    return records, {**meta, "records": records}


def _decisions(meta: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    records = decision_records()
    updated = decisions_updated()
    meta["updated"] = updated.isoformat() if updated else None
    return records, {**meta, "records": records}


def _statistics(meta: dict[str, Any], params: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    payload = statistics_payload(selectors.statistics_period(params))
    meta["updated"] = payload["generated_on"]
    return statistics_rows(payload), {**meta, **payload}
