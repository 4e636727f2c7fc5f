"""Request and response shapes of the HTTP API. Inputs are parsed here; the services validate them."""

from __future__ import annotations

import builtins
import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import create_model


class ErrorOut(Schema):
    error: str = Field(
        description="错误代码：validation_failed、unauthenticated、forbidden、not_found、conflict…"
    )
    message: str = Field(description="错误说明（中文）")
    field: str | None = Field(None, description="出错的字段")
    details: list[dict[str, Any]] | None = Field(None, description="逐项的校验错误")


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
PUBLIC_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of `item`: {count, page, pages, page_size, items}."""
    return create_model(  # type: ignore[call-overload,no-any-return]
        name,
        __base__=Schema,
        count=(int, Field(description="总条数")),
        page=(int, Field(description="当前页（从 1 开始）")),
        pages=(int, Field(description="总页数")),
        page_size=(int, Field(description="每页条数")),
        items=(list[item], ...),  # type: ignore[valid-type]
    )


class Named(Schema):
    code: str
    name: str


class Action(Schema):
    name: str = Field(description="操作名称，如 sign、submit、start_review、opinion")
    label: str = Field(description="操作的中文名称")
    method: str
    path: str = Field(description="执行该操作的接口路径")


class DeadlineOut(Schema):
    label: str
    due: dt.date
    left: int = Field(description="剩余工作日（逾期为负数）")
    paused: bool
    overdue: bool


class HistoryOut(Schema):
    transition: str
    from_status: str
    to_status: str
    actor: str
    note: str
    at: dt.datetime


class OpinionOut(Schema):
    reviewer: str
    organization: str
    stance: str
    stance_label: str
    reasons: str
    conditions: str
    created_at: dt.datetime


class TallyOut(Schema):
    members: int = Field(description="联席会议成员人数")
    eligible: int = Field(description="有表决权的人数（申请或责任单位的成员回避）")
    required: int = Field(description="法定人数")
    cast: int = Field(description="已提出意见的人数")
    agree: int
    agree_with_conditions: int
    disagree: int
    quorate: bool


class DecisionRef(Schema):
    number: str
    year: int
    seq: int
    outcome: str
    outcome_label: str
    decided_on: dt.date
    digest: str


# ---------------------------------------------------------------- me, areas, departments


class RoleOut(Schema):
    role: str
    label: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    organization: str
    organization_kind: str
    department: Named | None
    community: Named | None
    roles: list[RoleOut]


class AreaOut(Schema):
    code: str
    name: str
    level: str
    level_label: str
    parent_code: str | None
    parent_name: str | None
    households: int
    population: int


class DepartmentOut(Schema):
    code: str = Field(description="统一社会信用代码")
    name: str
    kind: str
    kind_label: str
    aliases: list[str]
    area_code: str | None
    active: bool


# ---------------------------------------------------------------- catalog


class MatterOut(Schema):
    code: str
    name: str
    list: str
    list_label: str
    kind: str
    kind_label: str
    department: str
    field: str
    basis: str
    description: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    scope_all: bool
    scope: builtins.list[str] = Field(description="适用社区的区划代码（scope_all 为真时为空）")
    status: str
    status_label: str
    data_fields: builtins.list[str]
    frequency: str


class MatterRow(Schema):
    code: str
    name: str
    list: str
    kind: str
    department: str
    field: str
    basis: str
    description: str
    valid_from: str
    valid_to: str
    scope: str


class VersionOut(Schema):
    number: int
    published_at: dt.datetime
    published_by: str
    note: str
    items: int = Field(description="该版本的事项数")


class ChangedItem(Schema):
    code: str
    old: MatterRow
    new: MatterRow
    fields: list[str]


class VersionDiffOut(Schema):
    old: int = Field(description="较早的版本号")
    new: int = Field(description="较新的版本号")
    added: list[MatterRow]
    removed: list[MatterRow]
    changed: list[ChangedItem]


class RowErrorOut(Schema):
    row: int
    column: str
    message: str
    message_en: str


class ImportReportOut(Schema):
    file: str
    ok: bool
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    summary: str
    warnings: list[str]
    errors: list[RowErrorOut]


class ImportFailedOut(ErrorOut):
    report: ImportReportOut


# ---------------------------------------------------------------- applications


class ApplicationIn(Schema):
    """Fields of the application form (申请准入社区工作事项审批表). Every field is optional here;
    the service says what is missing, in Chinese."""

    matter_name: str | None = Field(None, description="事项名称")
    kind: str | None = Field(None, description="事项类型：task、signboard、ledger、report…")
    field: str | None = Field(None, description="服务领域")
    community_tasks: str | None = Field(None, description="社区需承担的工作")
    basis: str | None = Field(None, description="法律政策依据")
    scope_kind: str | None = Field(None, description="实施范围：all、streets、communities")
    scope_areas: list[str] | None = Field(None, description="街道或社区的区划代码")
    start_date: dt.date | None = Field(None, description="开始日期")
    end_date: dt.date | None = Field(None, description="结束日期（长期事项留空）")
    frequency: str | None = Field(
        None, description="频次：once、daily、weekly、monthly、quarterly、yearly、as_needed"
    )
    community_role: str | None = Field(None, description="社区角色：lead、assist")
    workload_hours: Decimal | None = Field(None, description="预计工作量（小时/社区/月）")
    money_per_community_year: Decimal | None = Field(None, description="经费（元/社区/年）")
    money_source: str | None = None
    staff: str | None = None
    training: str | None = None
    equipment: str | None = None
    data_fields: list[str] | None = Field(None, description="采集字段")
    signboard_wanted: bool | None = None
    no_assessment_declared: bool | None = Field(None, description="承诺不单独对社区考核评比排名")
    contact_name: str | None = None
    contact_phone: str | None = None


class ApplicationSummary(Schema):
    id: int
    reference: str
    status: str
    status_label: str
    version: int
    matter_name: str
    kind: str
    department: Named
    start_date: dt.date
    submitted_on: dt.date | None
    accept_due: dt.date | None
    decision_due: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sm3: str
    uploaded_by: str
    uploaded_at: dt.datetime


class HearingOut(Schema):
    scheduled_on: dt.date
    place: str
    notice_days: int
    participants: str
    agenda: str
    held_on: dt.date | None
    minutes: str
    outcome: str


class ApplicationDetail(ApplicationSummary):
    field: str
    community_tasks: str
    basis: str
    scope_kind: str
    scope_areas: list[Named]
    end_date: dt.date | None
    frequency: str
    community_role: str
    workload_hours: str
    money_per_community_year: str
    money_source: str
    staff: str
    training: str
    equipment: str
    data_fields: list[str]
    signboard_wanted: bool
    no_assessment_declared: bool
    contact_name: str
    contact_phone: str
    unfunded: bool = Field(description="有工作量但未安排经费")
    created_by: str
    signed_by: str | None
    accepted_on: dt.date | None
    paused_on: dt.date | None
    return_reason: str
    unfunded_justification: str
    admitted_matter: str | None = Field(description="准入后清单中的事项编码")
    deadline: DeadlineOut | None
    actions: list[Action] = Field(description="当前用户现在可以执行的操作")
    attachments: list[AttachmentOut]
    hearings: list[HearingOut]
    opinions: list[OpinionOut] = Field(description="审查意见（审查期间及准入办、联席会议成员可见）")
    tally: TallyOut | None = Field(description="表决情况（可见范围同审查意见）")
    history: list[HistoryOut]
    decision: DecisionRef | None


class ReasonIn(Schema):
    reason: str = Field("", description="理由")


class ReturnIn(Schema):
    reason: str = Field(description="需要补正的内容")


class NoteIn(Schema):
    note: str = Field("", description="补正说明")


class HearingIn(Schema):
    scheduled_on: dt.date
    place: str
    participants: str
    agenda: str
    notice_days: int | None = Field(None, description="公告期（日），默认按程序设置")


class HearingRecordIn(Schema):
    held_on: dt.date
    minutes: str
    outcome: str


class OpinionIn(Schema):
    stance: str = Field(description="agree（同意）、agree_with_conditions（附条件同意）、disagree（不同意）")
    reasons: str
    conditions: str = ""


class DecideIn(Schema):
    outcome: str = Field(description="approved、approved_with_conditions、rejected")
    reasons: str = ""
    conditions: str = Field("", description="附加条件，每行一条")
    unfunded_justification: str = Field("", description="无经费准入的书面理由")


class SimilarMatter(Schema):
    code: str
    name: str
    list: str
    department: str
    score: float


class FieldOverlap(Schema):
    field: str
    matters: list[Named]


class SimilarOut(Schema):
    similar: list[SimilarMatter]
    data_field_overlaps: list[FieldOverlap]


# ---------------------------------------------------------------- decisions


class DecisionOut(DecisionRef):
    title: str
    matter_code: str
    matter_name: str
    department: str
    application: str | None = Field(description="准入申请编号")
    exit_request: str | None = Field(description="退出申请编号")
    public_url: str


class DecisionDetail(DecisionOut):
    content: dict[str, Any] = Field(description="决定书全文（签发时的内容，SM3 摘要据此计算）")
    intact: bool = Field(description="内容与 SM3 摘要相符")


class VerifyOut(Schema):
    found: bool
    intact: bool | None
    decision: DecisionDetail | None


# ---------------------------------------------------------------- exit requests


class ExitIn(Schema):
    matter_code: str = Field(description="现行清单中准入事项的编码")
    reasons: list[str] = Field(description="理由类别：residents、unpaid、repealed、duplicate、other")
    explanation: str
    resident_signatures: int = 0


class ExitDecideIn(Schema):
    outcome: str = Field(description="exited（决定退出）、exit_rejected（决定不退出）")
    reasons: str


class ExitSummary(Schema):
    id: int
    reference: str
    status: str
    status_label: str
    version: int
    matter: Named
    requester_org: str
    submitted_on: dt.date
    accept_due: dt.date | None
    decision_due: dt.date | None
    created_at: dt.datetime


class ExitDetail(ExitSummary):
    reasons: list[str]
    reason_labels: list[str]
    explanation: str
    resident_signatures: int
    requested_by: str
    accepted_on: dt.date | None
    deadline: DeadlineOut | None
    actions: list[Action]
    opinions: list[OpinionOut]
    tally: TallyOut | None
    history: list[HistoryOut]
    decision: DecisionRef | None


# ---------------------------------------------------------------- inbox


class TodoOut(Schema):
    title: str
    action: str
    due: dt.date | None
    left: int | None = Field(description="距期限的工作日（逾期为负数）")
    overdue: bool
    link: str = Field(description="网页地址")
    api: str = Field(description="接口地址")


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


PK = Annotated[int, Field(ge=1, le=2**63 - 1)]  # a row id the database can hold


class MarkReadIn(Schema):
    ids: list[PK] | None = Field(None, max_length=1000, description="要标为已读的通知；省略则全部标为已读")
    up_to: PK | None = Field(None, description="只标记编号不大于此值的通知（即列表中已显示的）")


class CountOut(Schema):
    count: int
