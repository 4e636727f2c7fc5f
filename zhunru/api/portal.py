"""居务公开: the portal's statistics and open data, public and read only (no token needed). The same payload
as the downloads under /portal/data/; nothing names a reporting community, a report or a person."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from zhunru.api.auth import viewer
from zhunru.api.schemas import PUBLIC_ERRORS
from zhunru.core import clock
from zhunru.portal import opendata, selectors

router = Router(tags=["居务公开"])


class PortalPeriodOut(Schema):
    start: str
    end: str
    label: str


class PortalAreaOut(Schema):
    code: str = Field(description="街道区划代码（全区为空）")
    name: str
    communities: int
    notices: int = Field(description="收到的任务（按收到日期）")
    allowed_hours: float = Field(description="准许工作的预计工时，按月平均")
    unapproved: int
    negative: int
    refused: int
    admitted_per_community: float = Field(description="期末在效准入事项，平均每社区")
    signboards: int
    signboards_unadmitted: int
    ledgers_per_community: float
    reports_forms_per_community: float
    submissions_per_community: float
    certificates_refused: int


class PortalDistrictOut(PortalAreaOut):
    reported: int = Field(description="被举报的任务（只按全区合计）")


class PortalMonthOut(Schema):
    month: str
    notices: int
    allowed_hours: float
    unapproved: int
    negative: int
    refused: int
    certificates_refused: int


class PortalDepartmentOut(Schema):
    code: str
    name: str
    sent: int
    by_verdict: dict[str, int] = Field(description="按合规判定：duty、assist、admitted、negative、unapproved")
    not_admitted: int
    reports: int = Field(description="期间内收到的举报（只有数量）")
    cases: int = Field(description="期间内立案")
    substantiated: int = Field(description="期间内办结属实")
    measures: dict[str, int] = Field(
        description="属实案件的处理措施：rectify、circulate、interview、accountability"
    )


class PortalMatterMoneyOut(Schema):
    code: str
    name: str
    department: str
    communities: int
    committed: float
    paid: float
    confirmed: float
    disputed: float
    unpaid: float


class PortalFundingOut(Schema):
    year: int | None
    matters: list[PortalMatterMoneyOut]


class PortalCriterionOut(Schema):
    key: str
    label: str
    mean: float
    low: float = Field(description="95% 置信区间下限")
    high: float = Field(description="95% 置信区间上限")


class PortalEvaluationDepartmentOut(Schema):
    code: str
    name: str
    answers: int
    criteria: list[PortalCriterionOut]
    reply: str = Field(description="部门回应")
    reply_on: str | None


class PortalEvaluationOut(Schema):
    year: int | None = Field(description="公布的评议年度；尚未公布时为空")
    departments: list[PortalEvaluationDepartmentOut] = Field(description="5 份答卷以上的部门")


class PortalStatisticsOut(Schema):
    period: PortalPeriodOut
    as_of: str = Field(description="存量指标（准入事项、挂牌、台账）的计数日")
    generated_on: str
    district: PortalDistrictOut
    streets: list[PortalAreaOut]
    months: list[PortalMonthOut] = Field(description="截至期末的近12个月")
    departments: list[PortalDepartmentOut]
    funding: PortalFundingOut
    evaluation: PortalEvaluationOut


class PortalDatasetOut(Schema):
    key: str
    title: str
    description: str
    csv_url: str = Field(description="CSV 下载地址（UTF-8 带 BOM）")
    json_url: str = Field(description="JSON 下载地址")
    fields: list[dict[str, str]]
    licence: str


@router.get(
    "/statistics",
    auth=None,
    response={200: PortalStatisticsOut, **PUBLIC_ERRORS},
    operation_id="portal_statistics",
    summary="公开统计：全区、各街道、各月、各部门、经费和评议（公开；month=YYYY-MM、span=1/3/6/12）",
)
def statistics(request: HttpRequest, month: str = "", span: int = 12) -> dict[str, Any]:
    viewer(request)
    period = selectors.statistics_period({"month": month, "span": str(span)})
    return opendata.statistics_payload(period)


@router.get(
    "/funding",
    auth=None,
    response={200: PortalFundingOut, **PUBLIC_ERRORS},
    operation_id="portal_funding",
    summary="准入事项的经费承诺与拨付（公开；year 默认本年）",
)
def funding(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    viewer(request)
    return opendata.funding_payload(year or clock.today().year)


@router.get(
    "/evaluation",
    auth=None,
    response={200: PortalEvaluationOut, **PUBLIC_ERRORS},
    operation_id="portal_evaluation",
    summary="已公布的评议结果（公开；year 默认最近公布的年度）",
)
def evaluation(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    viewer(request)
    years = selectors.evaluation_years()
    chosen = (years[0] if years else None) if year is None else (year if year in years else None)
    return opendata.evaluation_payload(chosen, selectors.evaluation_results(chosen) if chosen else [])


@router.get(
    "/datasets",
    auth=None,
    response={200: list[PortalDatasetOut], **PUBLIC_ERRORS},
    operation_id="portal_datasets",
    summary="开放数据集：下载地址与字段说明（公开）",
)
def datasets(request: HttpRequest) -> list[dict[str, Any]]:
    viewer(request)
    return [
        {
            "key": d.key,
            "title": str(d.title),
            "description": str(d.description),
            "csv_url": reverse("portal:data_file", args=[d.key, "csv"]),
            "json_url": reverse("portal:data_file", args=[d.key, "json"]),
            "fields": [{"name": n, "description": str(desc)} for n, desc in d.fields],
            "licence": str(opendata.LICENCE),
        }
        for d in opendata.DATASETS.values()
    ]
