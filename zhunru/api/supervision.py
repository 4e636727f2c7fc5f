"""Supervision (监督): cases for the supervision office, anonymous counts for a reported department, a
community's own reports. Who reported is in the supervision office's answers only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from zhunru.accounts.roles import Role
from zhunru.api.auth import actor
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.present import PREFIX, named
from zhunru.api.schemas import ERRORS, DeadlineOut, Named, page_of
from zhunru.areas.models import Department
from zhunru.core.errors import Forbidden
from zhunru.supervision import selectors, services, workflow
from zhunru.supervision.models import CaseStatus, RetaliationFlag, SupervisionCase, ViolationReport

router = Router(tags=["监督"])

ACTION_PATHS = {"start_investigation": "start", "conclude": "conclude"}


# ---------------------------------------------------------------- shapes


class SupervisionAction(Schema):
    name: str = Field(description="start_investigation 或 conclude")
    label: str
    method: str
    path: str


class SupervisionCaseSummary(Schema):
    id: int
    number: str = Field(description="案件编号，如 示范区监督〔2026〕3号")
    status: str = Field(description="received、investigating 或 concluded")
    status_label: str
    department: Named | None = Field(description="被举报单位（来源不明时为空）")
    department_text: str = Field(description="来源不明时登记的原文")
    matter: Named | None
    reports: int = Field(description="举报数")
    received_on: dt.date
    start_due: dt.date = Field(description="启动调查期限（受理后若干工作日）")
    conclude_due: dt.date = Field(description="办结期限（受理后若干工作日）")
    started_on: dt.date | None
    concluded_on: dt.date | None
    substantiated: bool | None = Field(description="举报是否属实（办结前为空）")
    measures: list[str] = Field(
        description="处理措施：rectify 责令整改、circulate 通报、interview 约谈、accountability 问责"
    )


class SupervisionReporter(Schema):
    username: str
    full_name: str


class SupervisionEvidence(Schema):
    text: str
    received_on: str
    department_text: str
    verdict: str
    verdict_label: str
    reason: str
    matter_code: str
    matter_name: str
    attachment: str
    deadline: str


class ViolationReportOut(Schema):
    id: int
    reference: str
    community: Named
    reported_by: SupervisionReporter
    reported_on: dt.date
    notice_id: int
    evidence: SupervisionEvidence


class SupervisionHistoryOut(Schema):
    transition: str
    from_status: str
    to_status: str
    actor: str
    note: str
    at: dt.datetime


class CaseFeedbackOut(Schema):
    community: Named
    text: str
    sent_on: dt.date
    recipients: int


class SupervisionCaseDetail(SupervisionCaseSummary):
    measure_labels: list[str]
    conclusion: str
    deadline: DeadlineOut | None
    report_list: list[ViolationReportOut]
    history: list[SupervisionHistoryOut]
    feedback: list[CaseFeedbackOut]
    actions: list[SupervisionAction]


class CaseConcludeIn(Schema):
    substantiated: bool = Field(description="举报是否属实")
    measures: list[str] = Field(
        default_factory=list, description="属实时至少一项：rectify、circulate、interview、accountability"
    )
    conclusion: str = Field(description="办理结论，将反馈给每个举报社区")


class RetaliationFlagOut(Schema):
    id: int
    kind: str = Field(description="demand 新派任务、evaluation 评议、assessment 考核")
    kind_label: str
    department: Named
    community: Named
    report_reference: str
    case_id: int
    notice_id: int | None
    occurred_on: dt.date
    days_after_report: int
    description: str
    flagged_at: dt.datetime


class DepartmentStatOut(Schema):
    month: str = Field(description="YYYY-MM")
    matter: str = Field(description="事项名称（未匹配事项时为空）")
    reports: int = Field(description="举报数")
    cases: int = Field(description="涉及的案件数")
    substantiated: int = Field(description="其中经查属实的案件数")


class MyReportCaseOut(Schema):
    number: str
    status: str
    status_label: str
    substantiated: bool | None
    measures: list[str]


class MyReportOut(Schema):
    id: int
    reference: str
    reported_on: dt.date
    department: Named | None
    department_text: str
    matter: Named | None
    text: str
    case: MyReportCaseOut
    feedback: list[CaseFeedbackOut]


CasePage = page_of(SupervisionCaseSummary, "SupervisionCasePage")
FlagPage = page_of(RetaliationFlagOut, "RetaliationFlagPage")
MyReportPage = page_of(MyReportOut, "MyReportPage")
DETAIL = {200: SupervisionCaseDetail, **ERRORS}


# ---------------------------------------------------------------- presenting


def _case_summary(case: SupervisionCase) -> dict[str, Any]:
    count = getattr(case, "report_count", None)
    return {
        "id": case.pk,
        "number": case.number,
        "status": case.status,
        "status_label": str(CaseStatus(case.status).label),
        "department": named(case.department),
        "department_text": case.department_text,
        "matter": named(case.matter),
        "reports": count if count is not None else case.reports.count(),
        "received_on": case.received_on,
        "start_due": case.start_due,
        "conclude_due": case.conclude_due,
        "started_on": case.started_on,
        "concluded_on": case.concluded_on,
        "substantiated": case.substantiated,
        "measures": list(case.measures),
    }


def _report(r: ViolationReport) -> dict[str, Any]:
    evidence = {key: str(r.evidence.get(key, "") or "") for key in SupervisionEvidence.model_fields}
    return {
        "id": r.pk,
        "reference": r.reference,
        "community": named(r.community),
        "reported_by": {"username": r.reported_by.username, "full_name": r.reported_by.full_name},
        "reported_on": r.reported_on,
        "notice_id": r.notice_id,
        "evidence": evidence,
    }


def _case_detail(user: Any, case: SupervisionCase) -> dict[str, Any]:
    d = selectors.deadline(case)
    base = f"{PREFIX}/supervision/cases/{case.pk}"
    return {
        **_case_summary(case),
        "measure_labels": case.measure_labels,
        "conclusion": case.conclusion,
        "deadline": (
            {"label": d.label, "due": d.due, "left": d.left, "paused": d.paused, "overdue": d.overdue}
            if d is not None
            else None
        ),
        "report_list": [_report(r) for r in selectors.case_reports(case)],
        "history": [
            {
                "transition": h.transition,
                "from_status": h.from_status,
                "to_status": h.to_status,
                "actor": (h.actor.full_name or h.actor.username) if h.actor else "",
                "note": h.note,
                "at": h.at,
            }
            for h in case.history.select_related("actor")
        ],
        "feedback": [
            {
                "community": named(f.community),
                "text": f.text,
                "sent_on": f.sent_on,
                "recipients": f.recipients,
            }
            for f in case.feedback.select_related("community")
        ],
        "actions": [
            {
                "name": name,
                "label": str(workflow.CASE_TRANSITIONS[name].label),
                "method": "POST",
                "path": f"{base}/{ACTION_PATHS[name]}",
            }
            for name in selectors.case_actions(user, case)
        ],
    }


def _detail(request: HttpRequest, case_id: int) -> dict[str, Any]:
    user = actor(request)
    return _case_detail(user, selectors.access_case(user, case_id))


def _require(request: HttpRequest, *roles: str) -> Any:
    user = actor(request)
    if not user.has_role(*roles):
        raise Forbidden()
    return user


# ---------------------------------------------------------------- supervision office


@router.get(
    "/cases",
    response={200: CasePage, **ERRORS},
    operation_id="supervision_cases_list",
    summary="监督案件列表（纪检监察人员）",
)
def cases(
    request: HttpRequest,
    status: str = "",
    department: str = "",
    year: int | None = None,
    q: str = "",
    overdue: bool = False,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict:
    """Filters: status, department (统一社会信用代码), year, q (number, reference, department, matter),
    overdue (a time limit has passed)."""
    user = _require(request, Role.SUPERVISOR)
    params: dict[str, str] = {"status": status, "q": q, "overdue": "1" if overdue else ""}
    if year:
        params["year"] = str(year)
    if department:
        found = Department.objects.filter(code=department.strip()).values_list("pk", flat=True).first()
        params["department"] = str(found or 0)
    qs, _filters = selectors.filtered_cases(user, params)
    return paginate(qs, page, page_size, _case_summary)


@router.get(
    "/cases/{int:case_id}", response=DETAIL, operation_id="supervision_case_get", summary="监督案件详情"
)
def case(request: HttpRequest, case_id: int) -> dict:
    return _detail(request, case_id)


@router.post(
    "/cases/{int:case_id}/start",
    response=DETAIL,
    operation_id="supervision_case_start",
    summary="启动调查（纪检监察人员）",
)
def start(request: HttpRequest, case_id: int) -> dict:
    user = actor(request)
    services.case_start_investigation(actor=user, case=selectors.access_case(user, case_id))
    return _detail(request, case_id)


@router.post(
    "/cases/{int:case_id}/conclude",
    response=DETAIL,
    operation_id="supervision_case_conclude",
    summary="办结并向举报社区反馈（纪检监察人员）",
)
def conclude(request: HttpRequest, case_id: int, payload: CaseConcludeIn) -> dict:
    user = actor(request)
    services.case_conclude(
        actor=user,
        case=selectors.access_case(user, case_id),
        substantiated=payload.substantiated,
        measures=payload.measures,
        conclusion=payload.conclusion,
    )
    return _detail(request, case_id)


@router.get(
    "/flags",
    response={200: FlagPage, **ERRORS},
    operation_id="supervision_flags_list",
    summary="疑似打击报复提示（纪检监察人员）",
)
def flags(request: HttpRequest, page: int = 1, page_size: int = PAGE_SIZE) -> dict:
    user = _require(request, Role.SUPERVISOR)

    def present(f: RetaliationFlag) -> dict[str, Any]:
        return {
            "id": f.pk,
            "kind": f.kind,
            "kind_label": str(RetaliationFlag.Kind(f.kind).label),
            "department": named(f.department),
            "community": named(f.community),
            "report_reference": f.report.reference,
            "case_id": f.report.case_id,
            "notice_id": f.notice_id,
            "occurred_on": f.occurred_on,
            "days_after_report": f.days_after_report,
            "description": f.description,
            "flagged_at": f.flagged_at,
        }

    return paginate(selectors.visible_flags(user), page, page_size, present)


# ---------------------------------------------------------------- a reported department: counts only


@router.get(
    "/department-stats",
    response={200: list[DepartmentStatOut], **ERRORS},
    operation_id="supervision_department_stats",
    summary="本单位被举报统计（部门经办人、负责人；只有匿名的数量）",
)
def department_stats(request: HttpRequest) -> list[dict[str, Any]]:
    user = _require(request, *selectors.DEPARTMENT_ROLES)
    return [
        {
            "month": r.month.strftime("%Y-%m"),
            "matter": r.matter,
            "reports": r.reports,
            "cases": r.cases,
            "substantiated": r.substantiated,
        }
        for r in selectors.department_stats(user)
    ]


# ---------------------------------------------------------------- a community


@router.get(
    "/my-reports",
    response={200: MyReportPage, **ERRORS},
    operation_id="supervision_my_reports",
    summary="本社区的举报及办理结果（社区工作者）",
)
def my_reports(request: HttpRequest, page: int = 1, page_size: int = PAGE_SIZE) -> dict:
    user = _require(request, Role.COMMUNITY_WORKER)

    def present(r: ViolationReport) -> dict[str, Any]:
        c = r.case
        return {
            "id": r.pk,
            "reference": r.reference,
            "reported_on": r.reported_on,
            "department": named(r.department),
            "department_text": str(r.evidence.get("department_text", "")),
            "matter": named(r.matter),
            "text": str(r.evidence.get("text", "")),
            "case": {
                "number": c.number,
                "status": c.status,
                "status_label": str(CaseStatus(c.status).label),
                "substantiated": c.substantiated,
                "measures": list(c.measures),
            },
            "feedback": [
                {
                    "community": named(f.community),
                    "text": f.text,
                    "sent_on": f.sent_on,
                    "recipients": f.recipients,
                }
                for f in c.community_feedback  # type: ignore[attr-defined]
            ],
        }

    return paginate(selectors.community_reports(user), page, page_size, present)
