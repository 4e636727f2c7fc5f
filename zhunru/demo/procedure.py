"""Demo applications in every state of the procedure, made through the services (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhunru.access import decisions, exits
from zhunru.access import services as svc
from zhunru.access.models import AccessApplication
from zhunru.accounts.models import User
from zhunru.core import clock


def _data(name: str, tasks: str, basis: str, start: dt.date, **extra: Any) -> dict[str, Any]:
    data = {
        "matter_name": name,
        "community_tasks": tasks,
        "basis": basis,
        "start_date": start.isoformat(),
        "contact_name": "王经办",
        "contact_phone": "0000-12345678",
        "kind": "task",
        "field": "卫生健康",
        "frequency": "yearly",
        "community_role": "assist",
        "workload_hours": "4",
        "money_per_community_year": "5000",
        "money_source": "区财政专项",
        "no_assessment_declared": True,
    }
    data.update(extra)
    return data


def _signed_and_submitted(u: dict[str, User], data: dict[str, Any]) -> AccessApplication:
    app = svc.application_create(actor=u["clerk"], data=data)
    svc.application_sign(actor=u["head"], application=app)
    return svc.application_submit(actor=u["clerk"], application=app)


def _under_review(u: dict[str, User], data: dict[str, Any]) -> AccessApplication:
    app = _signed_and_submitted(u, data)
    svc.application_accept(actor=u["office"], application=app)
    return svc.application_start_review(actor=u["office"], application=app)


def _approve(u: dict[str, User], app: AccessApplication, **kwargs: Any) -> Any:
    for name in ("approver", "approver2", "approver3"):
        svc.opinion_give(
            actor=u[name], application=app, stance="agree", reasons="依据充分，经费落实，同意准入。"
        )
    return decisions.application_decide(actor=u["office"], application=app, outcome="approved", **kwargs)


def load_applications(u: dict[str, User]) -> None:
    if AccessApplication.objects.exists():
        return
    today = clock.today()
    start = today + dt.timedelta(days=75)
    basis = "《基本医疗卫生与健康促进法》；《国家基本公共卫生服务规范（第三版）》"

    svc.application_create(
        actor=u["clerk"],
        data=_data(
            "社区慢性病患者随访登记",
            "每季度通知辖区高血压、糖尿病患者到社区卫生服务中心随访",
            basis,
            start,
            kind="ledger",
            data_fields="姓名；身份证号；联系电话；慢性病类型；随访日期",
        ),
    )
    _signed_and_submitted(
        u, _data("家庭医生签约服务宣传", "在居务公开栏张贴家庭医生签约服务海报，协助发放宣传册", basis, start)
    )

    returned = _signed_and_submitted(
        u,
        _data(
            "老年人健康档案信息核对",
            "协助核对辖区老年人健康档案中的住址和联系方式",
            "区卫健委工作安排",
            start,
        ),
    )
    svc.application_return(
        actor=u["office"],
        application=returned,
        reason="请补充法律或政策依据的具体条款，并说明与现有台账的关系。",
    )

    review = _under_review(
        u,
        _data(
            "孕产妇健康管理服务通知",
            "将辖区孕产妇名单推送给社区卫生服务中心，通知孕产妇参加产前检查",
            basis,
            start,
        ),
    )
    svc.opinion_give(
        actor=u["approver"],
        application=review,
        stance="agree_with_conditions",
        reasons="属于基本公共卫生服务，可以准入。",
        conditions="名单由卫生服务中心直接对接，社区只做通知。",
    )

    hearing = _under_review(
        u,
        _data(
            "社区心理健康服务站挂牌",
            "在党群服务中心悬挂心理健康服务站牌子，每月安排一次心理咨询",
            basis,
            start,
            kind="signboard",
            signboard_wanted=True,
        ),
    )
    svc.application_schedule_hearing(
        actor=u["office"],
        application=hearing,
        scheduled_on=today + dt.timedelta(days=14),
        place="区民政局三楼会议室",
        participants="东湖社区、花园路社区居民代表；区卫健委",
        agenda="是否需要在社区新增挂牌；场地与人员如何保障",
    )

    approved = _under_review(
        u,
        _data(
            "65岁以上老年人流感疫苗接种通知",
            "根据接种门诊提供的名单，通知辖区65岁以上老年人免费接种流感疫苗",
            basis,
            start,
            money_per_community_year="6000",
        ),
    )
    _approve(u, approved)

    rejected = _under_review(
        u,
        _data(
            "健康知识答题排名活动",
            "组织居民参与线上健康知识答题，按社区参与率排名通报",
            "区卫健委年度宣传方案",
            start,
            kind="assessment",
            money_per_community_year="0",
        ),
    )
    for name in ("approver", "approver2", "approver3"):
        svc.opinion_give(
            actor=u[name],
            application=rejected,
            stance="disagree",
            reasons="以参与率对社区排名通报，属于负面清单中部门单独对社区考核评比排名。",
        )
    decisions.application_decide(
        actor=u["office"],
        application=rejected,
        outcome="rejected",
        reasons="属于负面清单“部门单独对社区考核评比排名”，且无法律依据。",
    )

    to_exit = _under_review(
        u,
        _data(
            "居民健康素养问卷入户调查",
            "每年入户发放并回收居民健康素养调查问卷",
            basis,
            start,
            money_per_community_year="2000",
        ),
    )
    decision = _approve(u, to_exit)
    request = exits.exit_request_create(
        actor=u["worker"],
        matter=decision.matter,
        reasons=["residents", "duplicate"],
        explanation="居民普遍反映入户问卷打扰生活，且与统计部门的住户调查重复。",
        resident_signatures=326,
    )
    exits.exit_request_accept(actor=u["office"], exit_request=request)
    for name in ("approver", "approver2", "approver3"):
        svc.opinion_give(
            actor=u[name], exit_request=request, stance="agree", reasons="居民普遍不认可，且与住户调查重复。"
        )
    decisions.exit_decide(
        actor=u["office"],
        exit_request=request,
        outcome="exited",
        reasons="居民普遍不认可，且与统计部门住户调查重复，决定退出。",
    )
