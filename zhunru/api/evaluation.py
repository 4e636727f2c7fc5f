"""Evaluation (评议): the approval office opens, closes and publishes the yearly round; a community worker
rates the departments that sent her community work; a department reads its results (means and 95 %
intervals, from five answers) and its head replies; provider satisfaction surveys. Same services and
selectors as the web pages: no answer here carries the community that gave it, except a community's
own answers to that community."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zhunru.accounts.roles import Role
from zhunru.api.auth import actor
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.present import PREFIX, named
from zhunru.api.schemas import ERRORS, Named, page_of
from zhunru.areas.models import Department
from zhunru.core.errors import Forbidden, NotFound
from zhunru.evaluation import selectors, services, workflow
from zhunru.evaluation.models import CRITERIA, EvaluationRound, ProviderSurvey, RoundStatus
from zhunru.evaluation.selectors import DepartmentResult

router = Router(tags=["评议"])


# ---------------------------------------------------------------- shapes


class EvaluationAction(Schema):
    name: str = Field(description="close、reopen 或 publish")
    label: str
    method: str
    path: str


class RoundOut(Schema):
    year: int
    status: str = Field(description="open 答卷中、closed 已截止、published 已公布")
    status_label: str
    due_on: dt.date | None = Field(description="答卷截止日期")
    note: str
    opened_on: dt.date
    closed_on: dt.date | None
    published_on: dt.date | None
    actions: list[EvaluationAction]


class RoundIn(Schema):
    year: int = Field(description="评议年度（每年一次）")
    due_on: dt.date | None = Field(None, description="答卷截止日期（选填）")
    note: str = ""


class CriterionOut(Schema):
    key: str = Field(description="promptness、money、burden 或 attitude")
    label: str
    mean: float = Field(description="平均分（1–5）")
    low: float = Field(description="95% 置信区间下限（t 分布，截取到 1–5）")
    high: float = Field(description="95% 置信区间上限")


class ReplyOut(Schema):
    text: str
    written_on: dt.date


class DepartmentResultOut(Schema):
    department: Named
    published: bool = Field(description="答卷满 5 份才公布；不足时 criteria 为空、answers 为空")
    answers: int | None = Field(description="答卷数（不足 5 份时只向准入办显示）")
    criteria: list[CriterionOut]
    reply: ReplyOut | None = Field(description="部门的书面回应")


class AnswerIn(Schema):
    department: str = Field(description="被评议单位的统一社会信用代码")
    promptness: int = Field(description="任务布置及时合理，1–5")
    money: int = Field(description="经费落实到位，1–5")
    burden: int = Field(description="减轻社区负担，1–5")
    attitude: int = Field(description="工作作风态度，1–5")
    comment: str = Field("", description="意见建议（只有准入办可见，且不显示社区）")


class OwnAnswerOut(Schema):
    promptness: int
    money: int
    burden: int
    attitude: int
    comment: str
    updated_at: dt.datetime


class EvaluationTodoOut(Schema):
    department: Named
    answered: bool
    answer: OwnAnswerOut | None = Field(description="本社区的答卷（只返回给本社区）")


class ReplyIn(Schema):
    text: str = Field(description="部门负责人对本单位评议结果的回应，随结果公布")


class ProgressOut(Schema):
    community: Named
    to_rate: int = Field(description="应评部门数")
    answered: int = Field(description="已评部门数")


class SurveyOut(Schema):
    id: int
    community: Named
    year: int
    provider_name: str
    kind: str = Field(description="property 物业服务企业、utility 市政公用单位、social 社会组织、other 其他")
    kind_label: str
    surveyed_on: dt.date
    asked: int
    satisfied: int
    not_satisfied: int
    rate: float = Field(description="满意率 = 满意人数 ÷ 参评人数")
    flagged: bool = Field(description="满意率不足 50%：物业服务企业依法启动解除合同程序")
    note: str


class SurveyIn(Schema):
    provider_name: str
    kind: str = Field(description="property、utility、social 或 other")
    year: int = Field(description="测评年度")
    surveyed_on: dt.date
    asked: int = Field(description="参评人数")
    satisfied: int = Field(description="满意人数")
    not_satisfied: int = Field(description="不满意人数；满意 + 不满意 ≤ 参评")
    note: str = ""


RoundPage = page_of(RoundOut, "EvaluationRoundPage")
SurveyPage = page_of(SurveyOut, "ProviderSurveyPage")
ROUND = {200: RoundOut, **ERRORS}
OFFICE = workflow.OFFICE


# ---------------------------------------------------------------- presenting


def _round(user: Any, rnd: EvaluationRound) -> dict[str, Any]:
    base = f"{PREFIX}/evaluation/rounds/{rnd.year}"
    return {
        "year": rnd.year,
        "status": rnd.status,
        "status_label": str(RoundStatus(rnd.status).label),
        "due_on": rnd.due_on,
        "note": rnd.note,
        "opened_on": rnd.opened_on,
        "closed_on": rnd.closed_on,
        "published_on": rnd.published_on,
        "actions": [
            {
                "name": name,
                "label": str(workflow.ROUND_TRANSITIONS[name].label),
                "method": "POST",
                "path": f"{base}/{name}",
            }
            for name in selectors.round_actions(user, rnd)
        ],
    }


def _result(r: DepartmentResult, *, office: bool) -> dict[str, Any]:
    return {
        "department": named(r.department),
        "published": r.published,
        "answers": r.answers if (r.published or office) else None,
        "criteria": [
            {
                "key": c.key,
                "label": c.label,
                "mean": round(c.mean, 4),
                "low": round(c.low, 4),
                "high": round(c.high, 4),
            }
            for c in r.criteria
        ],
        "reply": {"text": r.reply.text, "written_on": r.reply.written_on} if r.reply else None,
    }


def _survey(s: ProviderSurvey) -> dict[str, Any]:
    return {
        "id": s.pk,
        "community": named(s.community),
        "year": s.year,
        "provider_name": s.provider_name,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "surveyed_on": s.surveyed_on,
        "asked": s.asked,
        "satisfied": s.satisfied,
        "not_satisfied": s.not_satisfied,
        "rate": round(s.rate, 4),
        "flagged": s.flagged,
        "note": s.note,
    }


def _require(request: HttpRequest, *roles: str) -> Any:
    user = actor(request)
    if not user.has_role(*roles):
        raise Forbidden()
    return user


# ---------------------------------------------------------------- rounds


@router.get(
    "/rounds",
    response={200: RoundPage, **ERRORS},
    operation_id="evaluation_rounds_list",
    summary="年度评议列表",
)
def rounds(request: HttpRequest, page: int = 1, page_size: int = PAGE_SIZE) -> dict:
    user = _require(request, *selectors.VIEW_ROLES)
    return paginate(selectors.visible_rounds(user), page, page_size, lambda r: _round(user, r))


@router.post(
    "/rounds",
    response={201: RoundOut, **ERRORS},
    operation_id="evaluation_round_open",
    summary="开启年度评议（准入办）",
)
def open_round(request: HttpRequest, payload: RoundIn) -> Status[dict[str, Any]]:
    user = actor(request)
    rnd = services.round_open(actor=user, year=payload.year, due_on=payload.due_on, note=payload.note)
    return Status(201, _round(user, rnd))


@router.get("/rounds/{int:year}", response=ROUND, operation_id="evaluation_round_get", summary="年度评议")
def get_round(request: HttpRequest, year: int) -> dict:
    user = actor(request)
    return _round(user, selectors.access_round(user, year))


def _transition(request: HttpRequest, year: int, service: Any) -> dict[str, Any]:
    user = actor(request)
    rnd = service(actor=user, round=selectors.access_round(user, year))
    return _round(user, rnd)


@router.post(
    "/rounds/{int:year}/close",
    response=ROUND,
    operation_id="evaluation_round_close",
    summary="截止答卷（准入办）",
)
def close(request: HttpRequest, year: int) -> dict:
    return _transition(request, year, services.round_close)


@router.post(
    "/rounds/{int:year}/reopen",
    response=ROUND,
    operation_id="evaluation_round_reopen",
    summary="重新开放答卷（准入办）",
)
def reopen(request: HttpRequest, year: int) -> dict:
    return _transition(request, year, services.round_reopen)


@router.post(
    "/rounds/{int:year}/publish",
    response=ROUND,
    operation_id="evaluation_round_publish",
    summary="公布结果（准入办负责人）",
)
def publish(request: HttpRequest, year: int) -> dict:
    return _transition(request, year, services.round_publish)


# ---------------------------------------------------------------- a community


def _todo(user: Any, rnd: EvaluationRound) -> list[dict[str, Any]]:
    return [
        {
            "department": named(row.department),
            "answered": row.done,
            "answer": (
                {
                    **{k: getattr(row.answer, k) for k in CRITERIA},
                    "comment": row.answer.comment,
                    "updated_at": row.answer.updated_at,
                }
                if row.answer
                else None
            ),
        }
        for row in selectors.community_todo(user, rnd)
    ]


@router.get(
    "/rounds/{int:year}/todo",
    response={200: list[EvaluationTodoOut], **ERRORS},
    operation_id="evaluation_todo",
    summary="本社区要评议的部门及本社区的答卷（社区工作者）",
)
def todo(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    user = _require(request, Role.COMMUNITY_WORKER)
    return _todo(user, selectors.access_round(user, year))


@router.post(
    "/rounds/{int:year}/answers",
    response={200: list[EvaluationTodoOut], **ERRORS},
    operation_id="evaluation_answer",
    summary="评议一个部门（社区工作者；再次提交替换原答卷）",
)
def answer(request: HttpRequest, year: int, payload: AnswerIn) -> list[dict[str, Any]]:
    user = _require(request, Role.COMMUNITY_WORKER)
    rnd = selectors.access_round(user, year)
    department = Department.objects.filter(code=payload.department.strip()).first()
    if department is None:
        raise NotFound()
    services.answer_submit(
        actor=user,
        round=rnd,
        department=department,
        comment=payload.comment,
        **{k: getattr(payload, k) for k in CRITERIA},
    )
    return _todo(user, rnd)


# ---------------------------------------------------------------- results


@router.get(
    "/rounds/{int:year}/results",
    response={200: list[DepartmentResultOut], **ERRORS},
    operation_id="evaluation_results",
    summary="评议结果：每个部门各项的平均分和 95% 置信区间（满 5 份答卷才公布）",
)
def results(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    """Published: everybody. Closed: the approval office (all) and a department (its own). Never a
    single answer, a community or a comment."""
    user = _require(request, *selectors.VIEW_ROLES)
    rnd = selectors.access_round(user, year)
    office = selectors.is_office(user)
    return [_result(r, office=office) for r in selectors.results_for(user, rnd)]


@router.get(
    "/rounds/{int:year}/comments",
    response={200: list[str], **ERRORS},
    operation_id="evaluation_comments",
    summary="一个部门收到的意见建议（准入办；不含社区）",
)
def comments(request: HttpRequest, year: int, department: str) -> list[str]:
    user = _require(request, *OFFICE)
    rnd = selectors.access_round(user, year)
    found = Department.objects.filter(code=department.strip()).first()
    if found is None or not selectors.results_visible(user, rnd):
        raise NotFound()
    return selectors.office_comments(user, rnd, found.pk)


@router.get(
    "/rounds/{int:year}/progress",
    response={200: list[ProgressOut], **ERRORS},
    operation_id="evaluation_progress",
    summary="各社区答卷进度（准入办；不含分数）",
)
def progress(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    user = _require(request, *OFFICE)
    rnd = selectors.access_round(user, year)
    return [
        {"community": named(p.community), "to_rate": p.to_rate, "answered": p.answered}
        for p in selectors.round_progress(user, rnd)
    ]


@router.post(
    "/rounds/{int:year}/reply",
    response={200: DepartmentResultOut, **ERRORS},
    operation_id="evaluation_reply",
    summary="回应本单位的评议结果（部门负责人；截止后可写，再次提交替换）",
)
def reply(request: HttpRequest, year: int, payload: ReplyIn) -> dict[str, Any]:
    user = _require(request, Role.DEPT_HEAD)
    rnd = selectors.access_round(user, year)
    services.reply_write(actor=user, round=rnd, text=payload.text)
    own = selectors.own_result(user, rnd)
    if own is None:
        raise NotFound()
    return _result(own, office=False)


# ---------------------------------------------------------------- provider surveys

SURVEY_ROLES = (Role.COMMUNITY_WORKER, Role.STREET_OFFICER, *OFFICE)


@router.get(
    "/provider-surveys",
    response={200: SurveyPage, **ERRORS},
    operation_id="evaluation_provider_surveys",
    summary="服务单位满意度测评（社区：本社区；街道：辖区社区；准入办：全部）",
)
def surveys(
    request: HttpRequest,
    q: str = "",
    year: int | None = None,
    kind: str = "",
    flagged: bool = False,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict:
    user = _require(request, *SURVEY_ROLES)
    params = {"q": q, "kind": kind, "flagged": "1" if flagged else "", "year": str(year) if year else ""}
    qs, _f = selectors.filtered_surveys(user, params)
    return paginate(qs, page, page_size, _survey)


@router.post(
    "/provider-surveys",
    response={201: SurveyOut, **ERRORS},
    operation_id="evaluation_provider_survey_record",
    summary="登记一次满意度测评（社区工作者；不足 50% 自动提示街道）",
)
def record_survey(request: HttpRequest, payload: SurveyIn) -> Status[dict[str, Any]]:
    user = actor(request)
    survey = services.provider_survey_record(actor=user, **payload.dict())
    return Status(201, _survey(survey))


@router.delete(
    "/provider-surveys/{int:survey_id}",
    response={204: None, **ERRORS},
    operation_id="evaluation_provider_survey_delete",
    summary="删除本社区登记错误的测评（社区工作者）",
)
def delete_survey(request: HttpRequest, survey_id: int) -> Status[None]:
    user = _require(request, Role.COMMUNITY_WORKER)
    services.provider_survey_delete(actor=user, survey=selectors.access_survey(user, survey_id))
    return Status(204, None)
