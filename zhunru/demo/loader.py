"""Loads the demo district through the same services a user would use. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from zhunru.accounts import services as account_services
from zhunru.accounts.models import User
from zhunru.accounts.roles import Role
from zhunru.areas import services as area_services
from zhunru.areas.models import Area, Department
from zhunru.core.tabular import ImportReport

DEMO_PASSWORD = "Zhunru@2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    organization: str  # department name, or a community code


DEMO_ACCOUNTS = [
    DemoAccount("clerk", "王经办", Role.DEPT_CLERK, "区卫生健康委员会"),
    DemoAccount("head", "李主任", Role.DEPT_HEAD, "区卫生健康委员会"),
    DemoAccount("street", "赵科长", Role.STREET_OFFICER, "东湖街道办事处"),
    DemoAccount("worker", "陈社工", Role.COMMUNITY_WORKER, "990101001001"),
    DemoAccount("office", "周经办", Role.APPROVAL_CLERK, "区社区工作准入联席会议办公室"),
    DemoAccount("approver", "吴委员", Role.APPROVER, "区民政局"),
    DemoAccount("approver2", "冯委员", Role.APPROVER, "区司法局"),
    DemoAccount("approver3", "褚委员", Role.APPROVER, "西岭街道办事处"),
    DemoAccount("officehead", "孙主任", Role.APPROVAL_HEAD, "区社区工作准入联席会议办公室"),
    DemoAccount("supervisor", "郑监察", Role.SUPERVISOR, "区纪委监委"),
    DemoAccount("sysadmin", "系统管理员", Role.SYSADMIN, "区社区工作准入联席会议办公室"),
    DemoAccount("secadmin", "安全管理员", Role.SECADMIN, "区社区工作准入联席会议办公室"),
    DemoAccount("auditor", "审计管理员", Role.AUDITADMIN, "区社区工作准入联席会议办公室"),
]


def data_file(name: str) -> bytes:
    return resources.files("zhunru.demo").joinpath("data", name).read_bytes()


def load_district() -> list[ImportReport]:
    reports = [
        area_services.departments_import(
            actor=None, name="departments.csv", data=data_file("departments.csv")
        ),
        area_services.communities_import(
            actor=None, name="communities.csv", data=data_file("communities.csv")
        ),
    ]
    for report in reports:
        if not report.ok:
            raise RuntimeError("demo data invalid: " + "; ".join(e.line(report.file) for e in report.errors))
    return reports


def ensure_account(spec: DemoAccount, password: str = DEMO_PASSWORD) -> User:
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        org = spec.organization
        community = Area.objects.get(code=org) if org.isdigit() else None
        department = None if community else Department.objects.get(name=org)
        user, _ = account_services.user_create(
            actor=None,
            username=spec.username,
            full_name=spec.full_name,
            department=department,
            community=community,
            password=password,
            must_change_password=False,
        )
    if spec.role not in user.role_set:
        account_services.role_grant(actor=None, user=user, role=spec.role)
    return user


def load_catalog() -> None:
    from zhunru.catalog import services as catalog_services
    from zhunru.catalog.models import Matter

    report = catalog_services.catalog_import(actor=None, name="catalog.csv", data=data_file("catalog.csv"))
    if not report.ok:
        raise RuntimeError("demo catalog invalid: " + "; ".join(e.line(report.file) for e in report.errors))
    fields = {
        "SF-Z08": (["姓名", "身份证号", "联系电话", "家庭人口", "困难类型", "帮扶措施"], "每季度"),
        "SF-Z09": (["姓名", "身份证号", "联系电话", "就业状态", "就业困难类型"], "每月"),
    }
    for code, (data_fields, frequency) in fields.items():
        matter = Matter.objects.filter(code=code).first()
        if matter is not None and not matter.data_fields:
            catalog_services.matter_set_data_fields(
                actor=None, matter=matter, data_fields=data_fields, frequency=frequency
            )


def load() -> list[User]:
    from zhunru.demo import procedure

    load_district()
    load_catalog()
    users = [ensure_account(spec) for spec in DEMO_ACCOUNTS]
    procedure.load_applications({u.username: u for u in users})
    from zhunru.demo import gateway

    gateway.load_notices()
    from zhunru.demo import registries

    registries.load_signboards()
    from zhunru.demo import supervision

    supervision.load_cases(next(u for u in users if u.username == "supervisor"))
    from zhunru.demo import certificates

    certificates.load()
    from zhunru.demo import funding

    funding.load_funding({u.username: u for u in users})
    from zhunru.demo import evaluation

    evaluation.load_evaluation()
    return users
