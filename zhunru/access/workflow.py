"""The state machines of the access procedure: one table each, read by the services and the UI.

Application:  draft → signed → submitted → (returned ⇄ resubmitted) → accepted → under_review
              → (hearing_scheduled → hearing_held) → approved | approved_with_conditions | rejected;
              withdrawn from any state before acceptance. A return during review pauses the decision clock.
Exit request: submitted → under_review → exited | exit_rejected; withdrawn before review.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from zhunru.access.models import Status
from zhunru.accounts.roles import Role

S = Status
PRE_ACCEPTANCE = frozenset({S.DRAFT, S.SIGNED, S.SUBMITTED, S.RETURNED, S.RESUBMITTED})
REVIEWING = frozenset({S.UNDER_REVIEW, S.HEARING_SCHEDULED, S.HEARING_HELD})
FINAL = frozenset(
    {S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REJECTED, S.EXITED, S.EXIT_REJECTED, S.WITHDRAWN}
)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    targets: frozenset[str]
    roles: tuple[str, ...]
    label: object


def _t(name: str, sources: set[str], targets: set[str], roles: tuple[str, ...], label: object) -> Transition:
    return Transition(name, frozenset(sources), frozenset(targets), roles, label)


DEPT = (Role.DEPT_CLERK, Role.DEPT_HEAD)
OFFICE = (Role.APPROVAL_CLERK,)

APPLICATION_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t("sign", {S.DRAFT}, {S.SIGNED}, (Role.DEPT_HEAD,), pgettext_lazy("action", "签发")),
        _t("submit", {S.SIGNED}, {S.SUBMITTED}, DEPT, pgettext_lazy("action", "提交")),
        _t("withdraw", set(PRE_ACCEPTANCE), {S.WITHDRAWN}, DEPT, pgettext_lazy("action", "撤回")),
        _t(
            "return",
            {S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW},
            {S.RETURNED},
            OFFICE,
            pgettext_lazy("action", "退回补正"),
        ),
        _t(
            "resubmit",
            {S.RETURNED},
            {S.RESUBMITTED, S.UNDER_REVIEW},
            DEPT,
            pgettext_lazy("action", "补正后重新提交"),
        ),
        _t("accept", {S.SUBMITTED, S.RESUBMITTED}, {S.ACCEPTED}, OFFICE, pgettext_lazy("action", "受理")),
        _t("start_review", {S.ACCEPTED}, {S.UNDER_REVIEW}, OFFICE, pgettext_lazy("action", "开始审查")),
        _t(
            "schedule_hearing",
            {S.UNDER_REVIEW},
            {S.HEARING_SCHEDULED},
            OFFICE,
            pgettext_lazy("action", "安排听证"),
        ),
        _t(
            "record_hearing",
            {S.HEARING_SCHEDULED},
            {S.HEARING_HELD},
            OFFICE,
            pgettext_lazy("action", "记录听证"),
        ),
        _t(
            "decide",
            {S.UNDER_REVIEW, S.HEARING_HELD},
            {S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REJECTED},
            OFFICE,
            pgettext_lazy("action", "作出决定"),
        ),
    ]
}

EXIT_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t(
            "withdraw",
            {S.SUBMITTED},
            {S.WITHDRAWN},
            (Role.COMMUNITY_WORKER, Role.STREET_OFFICER, Role.APPROVAL_CLERK),
            pgettext_lazy("action", "撤回"),
        ),
        _t("accept", {S.SUBMITTED}, {S.UNDER_REVIEW}, OFFICE, pgettext_lazy("action", "受理并审查")),
        _t(
            "decide",
            {S.UNDER_REVIEW},
            {S.EXITED, S.EXIT_REJECTED},
            OFFICE,
            pgettext_lazy("action", "作出决定"),
        ),
    ]
}

OPINION_STATES = REVIEWING


def allowed(table: dict[str, Transition], status: str) -> list[Transition]:
    return [t for t in table.values() if status in t.sources]
