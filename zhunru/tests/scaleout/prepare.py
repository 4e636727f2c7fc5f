"""`python -m zhunru.tests.scaleout.prepare RACE OVERDUE`: fill the (migrated) scale-out database
through the services. Prints JSON: API tokens, the login, the ids of the applications.

- RACE applications of 区卫生健康委员会, submitted today: the test drives them to a decision over HTTP;
- OVERDUE applications submitted long ago and never accepted: the workers must escalate each once.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import django

PASSWORD = "Scale@Out2026"


def main(race: int, overdue: int) -> dict:
    django.setup()
    from zhunru.access import services as svc
    from zhunru.accounts import services as accounts
    from zhunru.accounts.models import User
    from zhunru.accounts.roles import Role
    from zhunru.areas.models import Department
    from zhunru.core import clock
    from zhunru.core.workdays import add_working_days
    from zhunru.demo import loader

    loader.load_district()
    dept = {d.name: d for d in Department.objects.all()}
    office = Department.objects.get(kind=Department.Kind.APPROVAL)

    def person(username: str, role: str, department: Department) -> User:
        user, _password = accounts.user_create(
            actor=None,
            username=username,
            department=department,
            email=f"{username}@example.cn",
            password=PASSWORD,
            must_change_password=False,
        )
        accounts.role_grant(actor=None, user=user, role=role)
        return User.objects.get(pk=user.pk)

    clerk = person("wj_clerk", Role.DEPT_CLERK, dept["区卫生健康委员会"])
    head = person("wj_head", Role.DEPT_HEAD, dept["区卫生健康委员会"])
    office1 = person("office1", Role.APPROVAL_CLERK, office)
    office2 = person("office2", Role.APPROVAL_CLERK, office)
    person("office_head", Role.APPROVAL_HEAD, office)
    approver1 = person("approver1", Role.APPROVER, dept["区民政局"])
    approver2 = person("approver2", Role.APPROVER, dept["东湖街道办事处"])

    def token(user: User) -> str:
        return accounts.api_token_create(actor=None, user=user, name="scale-out test")[1]

    today = clock.today()
    start = add_working_days(today, svc.procedure_settings().submit_lead_days + 5)
    form = {
        "matter_name": "老年人防诈骗宣传",
        "kind": "task",
        "community_tasks": "每季度组织一次防诈骗宣传活动",
        "basis": "《中华人民共和国反电信网络诈骗法》",
        "start_date": start.isoformat(),
        "workload_hours": "2",
        "money_per_community_year": "3000",
        "money_source": "区级财政",
        "no_assessment_declared": True,
        "contact_name": "王经办",
        "contact_phone": "010-12345678",
    }

    def submitted(name: str) -> int:
        app = svc.application_create(actor=clerk, data={**form, "matter_name": name})
        svc.application_sign(actor=head, application=app)
        svc.application_submit(actor=clerk, application=app)
        return app.pk

    race_ids = [submitted(f"社区事项{i:03d}") for i in range(race)]
    real_today = clock.today
    clock.today = lambda: today - dt.timedelta(days=60)  # submitted two months ago, never accepted
    try:
        overdue_ids = [submitted(f"逾期事项{i:03d}") for i in range(overdue)]
    finally:
        clock.today = real_today
    return {
        "race": race_ids,
        "overdue": overdue_ids,
        "tokens": {
            "office1": token(office1),
            "office2": token(office2),
            "approver1": token(approver1),
            "approver2": token(approver2),
        },
        "password": PASSWORD,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
