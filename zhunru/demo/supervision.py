"""Demo supervision: the refused demo demands are reported, plus a few more so that one case groups the
reports of several communities; the cases stand in every state (received, investigating, concluded as
substantiated with measures, concluded as not substantiated)."""

from __future__ import annotations

from zhunru.accounts.models import User
from zhunru.gateway import services as gateway
from zhunru.gateway.models import TaskNotice
from zhunru.supervision import services
from zhunru.supervision.models import Measure, SupervisionCase, ViolationReport

EXTRA_REPORTS = 6  # pending not-admitted demands also refused and reported


def _grouped_first(notices: list[TaskNotice]) -> list[TaskNotice]:
    """The notices with, first, one from each of two communities asked the same by the same department
    (so that one case groups several communities' reports), then the rest in their order."""
    by_pair: dict[tuple[int | None, str], dict[int, TaskNotice]] = {}
    for notice in notices:
        by_pair.setdefault((notice.department_id, notice.matter_code), {}).setdefault(
            notice.community_id, notice
        )
    group = next((list(g.values())[:2] for g in by_pair.values() if len(g) >= 2), [])
    return group + [n for n in notices if n not in group]


def load_cases(supervisor: User) -> list[SupervisionCase]:
    """Only on a district without reports (loading twice changes nothing)."""
    if ViolationReport.objects.exists():
        return []
    for notice in TaskNotice.objects.filter(action=TaskNotice.Action.REFUSED, reported_at__isnull=True):
        gateway.notice_report(actor=notice.created_by, notice=notice)
    pending = list(
        TaskNotice.objects.filter(action=TaskNotice.Action.PENDING, created_by__isnull=False)
        .exclude(verdict__in=["duty", "assist", "admitted"])
        .exclude(department__isnull=True)
        .order_by("department_id", "matter_code", "external_id")
    )
    for notice in _grouped_first(pending)[:EXTRA_REPORTS]:
        gateway.notice_refuse_and_report(actor=notice.created_by, notice=notice)
    cases = list(SupervisionCase.objects.order_by("pk"))
    plan = [None, "investigate", "substantiated", "not_substantiated"]
    for case, step in zip(cases[: len(plan)][::-1], plan, strict=False):
        if step is None:
            continue
        case = services.case_start_investigation(actor=supervisor, case=case)
        if step == "substantiated":
            services.case_conclude(
                actor=supervisor,
                case=case,
                substantiated=True,
                measures=[Measure.RECTIFY, Measure.INTERVIEW],
                conclusion="经查，该单位绕开准入程序直接向社区派发任务属实，已责令限期整改并约谈分管负责人。",
            )
        elif step == "not_substantiated":
            services.case_conclude(
                actor=supervisor,
                case=case,
                substantiated=False,
                measures=[],
                conclusion="经查，该任务系单位工作人员个人转发的参考信息，未要求社区办理，举报不属实，已提醒规范发文。",
            )
    return cases
