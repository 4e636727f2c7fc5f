"""Every state change of evaluation: a round's opening and transitions, a community's answer, a
department's reply, a provider survey. One transaction each, with its audit event and notifications.

Rating a department twice in a round: while the round is open the new answer replaces the old one (one
answer per community, department and round; the audit log keeps both events); once it is closed,
answers are refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zhunru.accounts.models import User
from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import users_with_role
from zhunru.areas.models import Department
from zhunru.core import audit, clock
from zhunru.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from zhunru.evaluation import selectors, workflow
from zhunru.evaluation.models import (
    CRITERIA,
    SCORE_MAX,
    SCORE_MIN,
    Criterion,
    DepartmentReply,
    EvaluationAnswer,
    EvaluationRound,
    ProviderKind,
    ProviderSurvey,
    RoundStatusChange,
)
from zhunru.evaluation.models import RoundStatus as S
from zhunru.inbox.services import notify

NOTE_MAX = 2000
COMMENT_MAX = 2000
REPLY_MAX = 3000
NAME_MAX = 100
COUNT_MAX = 1_000_000


def round_link(rnd: EvaluationRound) -> str:
    return f"/evaluation/{rnd.year}/"


# ---------------------------------------------------------------- rounds


def _clean_year(year: Any, today: dt.date) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise ValidationFailed(_("请填写评议年度。"), field="year") from None
    if not 2000 <= value <= today.year:
        raise ValidationFailed(
            _("评议年度应在 2000 年至 {y} 年之间（评议的是已经过去或正在进行的一年）。").format(y=today.year),
            field="year",
        )
    return value


def round_open(*, actor: Any, year: Any, due_on: dt.date | None = None, note: str = "") -> EvaluationRound:
    """The approval office opens the year's round (one per year); every community worker is told."""
    require_role(actor, *workflow.OFFICE)
    today = clock.today()
    value = _clean_year(year, today)
    if due_on is not None and due_on < today:
        raise ValidationFailed(_("答卷截止日期不能早于今天。"), field="due_on")
    note = str(note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed(_("说明过长（最多 {n} 个字符）。").format(n=NOTE_MAX), field="note")
    with transaction.atomic():
        if EvaluationRound.objects.select_for_update().filter(year=value).exists():
            raise Conflict(_("{y} 年度评议已经开启过，每年只有一次评议。").format(y=value))
        rnd = EvaluationRound.objects.create(year=value, due_on=due_on, note=note, opened_on=today)
        RoundStatusChange.objects.create(round=rnd, transition="open", to_status=S.OPEN, actor=actor)
        audit.record(
            actor=actor,
            event_type="evaluation_round.open",
            obj=rnd,
            summary={"year": value, "due_on": due_on.isoformat() if due_on else ""},
        )
        due = _("，请于 {d} 前完成").format(d=due_on.isoformat()) if due_on else ""
        notify(
            users_with_role(Role.COMMUNITY_WORKER),
            title=_("{y} 年度评议开始：请评议当年向本社区派过工作的部门{due}").format(y=value, due=due),
            link=round_link(rnd),
        )
    return rnd


def _lock_round(pk: int) -> EvaluationRound:
    found = EvaluationRound.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def _check_transition(name: str, status: str) -> None:
    t = workflow.ROUND_TRANSITIONS[name]
    if status not in t.sources:
        raise InvalidTransition(
            _("评议当前状态为“{status}”，不能“{action}”。").format(status=S(status).label, action=t.label)
        )


def _move(rnd: EvaluationRound, *, actor: Any, transition: str, to: str, **updates: Any) -> None:
    """The conditional update every transition ends with: status and version must be unchanged."""
    done = EvaluationRound.objects.filter(pk=rnd.pk, status=rnd.status, version=rnd.version).update(
        status=to, version=F("version") + 1, **updates
    )
    if not done:
        raise Conflict()
    RoundStatusChange.objects.create(
        round=rnd, transition=transition, from_status=rnd.status, to_status=to, actor=actor
    )
    audit.record(
        actor=actor,
        event_type=f"evaluation_round.{transition}",
        obj=rnd,
        summary={"year": rnd.year, "from": rnd.status, "to": to},
    )
    rnd.refresh_from_db()


def round_close(*, actor: Any, round: EvaluationRound) -> EvaluationRound:
    require_role(actor, *workflow.ROUND_TRANSITIONS["close"].roles)
    with transaction.atomic():
        locked = _lock_round(round.pk)
        _check_transition("close", locked.status)
        _move(locked, actor=actor, transition="close", to=S.CLOSED, closed_on=clock.today())
        rated = locked.answers.values_list("department_id", flat=True).distinct()
        heads = User.objects.filter(
            is_active=True, role_grants__role=Role.DEPT_HEAD, department_id__in=rated
        ).distinct()
        notify(
            heads,
            title=_("{y} 年度评议已截止：可查看本单位结果并书面回应").format(y=locked.year),
            link=round_link(locked),
        )
    return locked


def round_reopen(*, actor: Any, round: EvaluationRound) -> EvaluationRound:
    require_role(actor, *workflow.ROUND_TRANSITIONS["reopen"].roles)
    with transaction.atomic():
        locked = _lock_round(round.pk)
        _check_transition("reopen", locked.status)
        _move(locked, actor=actor, transition="reopen", to=S.OPEN, closed_on=None)
    return locked


def round_publish(*, actor: Any, round: EvaluationRound) -> EvaluationRound:
    """The head of the approval office publishes: results of departments with five answers or more."""
    require_role(actor, *workflow.ROUND_TRANSITIONS["publish"].roles)
    with transaction.atomic():
        locked = _lock_round(round.pk)
        _check_transition("publish", locked.status)
        _move(locked, actor=actor, transition="publish", to=S.PUBLISHED, published_on=clock.today())
        rated = locked.answers.values_list("department_id", flat=True).distinct()
        people = User.objects.filter(
            is_active=True,
            role_grants__role__in=selectors.DEPARTMENT_ROLES,
            department_id__in=rated,
        ).distinct()
        notify(people, title=_("{y} 年度评议结果已公布").format(y=locked.year), link=round_link(locked))
    return locked


# ---------------------------------------------------------------- a community's answer


def _clean_score(key: str, value: Any) -> int:
    label = Criterion(key).label
    if isinstance(value, bool):
        value = None
    try:
        score = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(_("请为“{c}”打分（1–5 分）。").format(c=label), field=key) from None
    if str(score) != str(value).strip() or not SCORE_MIN <= score <= SCORE_MAX:
        raise ValidationFailed(
            _("“{c}”的分数应为 1–5 分的整数，收到“{v}”。").format(c=label, v=value), field=key
        )
    return score


def answer_submit(
    *, actor: Any, round: EvaluationRound, department: Department, comment: str = "", **scores: Any
) -> EvaluationAnswer:
    """A community worker rates one department for her community (promptness, money, burden, attitude:
    1–5 each, and a comment). Answering again while the round is open replaces the earlier answer."""
    require_role(actor, Role.COMMUNITY_WORKER)
    if actor is None or not actor.community_id:
        raise Forbidden(_("评议须由社区工作者为本社区提交。"))
    unknown = set(scores) - set(CRITERIA)
    if unknown:
        raise ValidationFailed(
            _("未知评议项：{k}").format(k="、".join(sorted(unknown))), field=sorted(unknown)[0]
        )
    clean = {key: _clean_score(key, scores.get(key)) for key in CRITERIA}
    text = str(comment or "").strip()
    if len(text) > COMMENT_MAX:
        raise ValidationFailed(_("意见建议过长（最多 {n} 个字符）。").format(n=COMMENT_MAX), field="comment")
    with transaction.atomic():
        locked = _lock_round(round.pk)
        if locked.status != S.OPEN:
            raise InvalidTransition(
                _("{y} 年度评议{s}，不能再提交或修改答卷。").format(y=locked.year, s=S(locked.status).label)
            )
        if not selectors.rateable_departments(actor.community, locked.year).filter(pk=department.pk).exists():
            raise ValidationFailed(
                _("{d} 在 {y} 年没有向本社区派过工作，不在本社区的评议范围内。").format(
                    d=department.name, y=locked.year
                ),
                field="department",
            )
        existing = (
            EvaluationAnswer.objects.select_for_update()
            .filter(round=locked, community_id=actor.community_id, department=department)
            .first()
        )
        if existing is None:
            answer = EvaluationAnswer.objects.create(
                round=locked, community_id=actor.community_id, department=department, comment=text, **clean
            )
        else:
            answer = existing
            for key, value in clean.items():
                setattr(answer, key, value)
            answer.comment = text
            answer.save()
        audit.record(
            actor=actor,
            event_type="evaluation_answer.update" if existing else "evaluation_answer.submit",
            obj=answer,
            summary={"year": locked.year, "department": department.pk, "community": actor.community_id},
        )
    return answer


# ---------------------------------------------------------------- a department's reply


def reply_write(*, actor: Any, round: EvaluationRound, text: str) -> DepartmentReply:
    """The department head answers her department's results in writing, once the round is closed (before
    or after publication); writing again replaces the reply."""
    require_role(actor, Role.DEPT_HEAD)
    if actor is None or not actor.department_id:
        raise Forbidden(_("回应须由部门负责人为本单位书写。"))
    body = str(text or "").strip()
    if not body:
        raise ValidationFailed(_("请填写回应内容。"), field="text")
    if len(body) > REPLY_MAX:
        raise ValidationFailed(_("回应过长（最多 {n} 个字符）。").format(n=REPLY_MAX), field="text")
    with transaction.atomic():
        locked = _lock_round(round.pk)
        if locked.status not in workflow.REPLYING:
            raise InvalidTransition(_("评议截止后才能回应评议结果。"))
        if not locked.answers.filter(department_id=actor.department_id).exists():
            raise ValidationFailed(_("本单位在 {y} 年度评议中没有答卷，无需回应。").format(y=locked.year))
        reply, created = DepartmentReply.objects.update_or_create(
            round=locked,
            department_id=actor.department_id,
            defaults={"text": body, "written_on": clock.today(), "written_by": actor},
        )
        audit.record(
            actor=actor,
            event_type="evaluation_reply.write" if created else "evaluation_reply.update",
            obj=reply,
            summary={"year": locked.year, "department": actor.department_id, "length": len(body)},
        )
    return reply


# ---------------------------------------------------------------- provider surveys


def _clean_count(key: str, label: str, value: Any) -> int:
    if isinstance(value, bool):
        value = None
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(_("请填写{f}（整数）。").format(f=label), field=key) from None
    if str(count) != str(value).strip() or not 0 <= count <= COUNT_MAX:
        raise ValidationFailed(_("{f}应为 0 或正整数，收到“{v}”。").format(f=label, v=value), field=key)
    return count


def provider_survey_record(
    *,
    actor: Any,
    provider_name: str,
    kind: str,
    year: Any,
    surveyed_on: dt.date,
    asked: Any,
    satisfied: Any,
    not_satisfied: Any,
    note: str = "",
) -> ProviderSurvey:
    """A community worker records residents' satisfaction with a provider serving the community. Below
    50 % satisfied (satisfied / asked) it is flagged and the street office is told: for a 物业服务企业,
    the contract-termination procedure (群众满意率达不到50%的，依法解除物业服务合同)."""
    require_role(actor, Role.COMMUNITY_WORKER)
    if actor is None or not actor.community_id:
        raise Forbidden(_("满意度测评须由社区工作者为本社区登记。"))
    today = clock.today()
    name = " ".join(str(provider_name or "").split())
    if not name:
        raise ValidationFailed(_("请填写服务单位名称。"), field="provider_name")
    if len(name) > NAME_MAX:
        raise ValidationFailed(
            _("服务单位名称过长（最多 {n} 个字符）。").format(n=NAME_MAX), field="provider_name"
        )
    if kind not in ProviderKind.values:
        raise ValidationFailed(_("请选择服务单位类别。"), field="kind")
    if not isinstance(surveyed_on, dt.date):
        raise ValidationFailed(_("请填写测评日期。"), field="surveyed_on")
    if surveyed_on > today:
        raise ValidationFailed(_("测评日期不能晚于今天。"), field="surveyed_on")
    try:
        year_value = int(year)
    except (TypeError, ValueError):
        raise ValidationFailed(_("请填写测评年度。"), field="year") from None
    if not year_value <= surveyed_on.year <= year_value + 1:
        raise ValidationFailed(
            _("测评年度应为测评日期当年或上一年（年末测评可在次年初进行）。"), field="year"
        )
    n_asked = _clean_count("asked", _("参评人数"), asked)
    n_yes = _clean_count("satisfied", _("满意人数"), satisfied)
    n_no = _clean_count("not_satisfied", _("不满意人数"), not_satisfied)
    if n_asked == 0:
        raise ValidationFailed(_("参评人数应大于 0。"), field="asked")
    if n_yes + n_no > n_asked:
        raise ValidationFailed(
            _("满意人数（{a}）与不满意人数（{b}）之和不能超过参评人数（{c}）。").format(
                a=n_yes, b=n_no, c=n_asked
            ),
            field="satisfied",
        )
    text = str(note or "").strip()
    if len(text) > NOTE_MAX:
        raise ValidationFailed(_("备注过长（最多 {n} 个字符）。").format(n=NOTE_MAX), field="note")
    flagged = n_yes * 2 < n_asked
    with transaction.atomic():
        survey = ProviderSurvey.objects.create(
            community_id=actor.community_id,
            year=year_value,
            provider_name=name,
            kind=kind,
            surveyed_on=surveyed_on,
            asked=n_asked,
            satisfied=n_yes,
            not_satisfied=n_no,
            note=text,
            flagged=flagged,
        )
        audit.record(
            actor=actor,
            event_type="provider_survey.record",
            obj=survey,
            summary={
                "provider": name,
                "kind": kind,
                "year": year_value,
                "asked": n_asked,
                "satisfied": n_yes,
                "not_satisfied": n_no,
                "flagged": flagged,
            },
        )
        if flagged:
            community = actor.community
            street_officers = (
                users_with_role(Role.STREET_OFFICER).filter(department__area_id=community.parent_id)
                if community.parent_id
                else User.objects.none()
            )
            what = _("请依法启动解除物业服务合同程序") if kind == ProviderKind.PROPERTY else _("请督促整改")
            notify(
                street_officers,
                title=_("{c}居民对{p}的满意率为 {r}，不足50%：{w}").format(
                    c=community.name, p=name, r=survey.rate_percent, w=what
                ),
                link="/evaluation/providers/?flagged=1",
            )
    return survey


def provider_survey_delete(*, actor: Any, survey: ProviderSurvey) -> None:
    """The community that recorded a survey withdraws it (a mistaken entry)."""
    require_role(actor, Role.COMMUNITY_WORKER)
    with transaction.atomic():
        locked = ProviderSurvey.objects.select_for_update().filter(pk=survey.pk).first()
        if locked is None:
            raise NotFound()
        if actor is not None and actor.community_id != locked.community_id:
            raise NotFound()
        audit.record(
            actor=actor,
            event_type="provider_survey.delete",
            obj=locked,
            summary={"provider": locked.provider_name, "year": locked.year, "flagged": locked.flagged},
        )
        locked.delete()
