"""A synthetic city for benchmarks (`zhunru seed-scale`): areas, departments, a catalog, applications in every
state and millions of registered demands, written straight into the tables with bulk_create.

This is bench data, not business: no service runs per row, so no audit event, notification or funding
commitment is written for the rows (one audit event records the run itself). The invariants the pages rely
on are kept: valid 12-digit area codes and GB 32100 credit codes, each application's status history leads
from "" to its status along access.workflow's transitions and its version counts them, decision numbers are
gapless per year with their counters (and application, refusal-letter counters) set past the last one,
each notice's verdict agrees with its matter's list, refused notices carry a numbered refusal letter.

Random but fixed (seeded); department activity follows a Zipf law; verdicts about 65 % allowed (duty, assist,
admitted), 23 % unapproved, 12 % negative; a share of the not-allowed ones refused, some of those reported.
Notices are generated and written in batches, so memory stays flat however many are asked for.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries, transaction
from django.utils import timezone

from zhunru.access import workflow
from zhunru.access.models import (
    AccessApplication,
    Decision,
    Hearing,
    Opinion,
    StatusChange,
)
from zhunru.access.models import Status as S
from zhunru.accounts.models import RoleGrant, User
from zhunru.accounts.roles import Role
from zhunru.areas.models import Area, Department
from zhunru.areas.validators import org_code_check_char, uscc_check_char
from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.core import clock
from zhunru.core.models import Counter
from zhunru.gateway.models import TaskNotice, Verdict


def _words(text: str) -> list[str]:
    return text.split()


PASSWORD = "Zhunru@2026"  # the demo password (zhunru.demo.loader.DEMO_PASSWORD)
PROVINCE_CITY = "9702"  # a fictitious province and city: the demo district is 990101
BATCH = 5000

COUNTY_WORDS = _words(
    "东城 西城 南湖 北塘 江滨 山前 新区 高新 临港 青山 白沙 清河 金桥 云溪 龙泉 凤鸣 石桥 柳林 松原 桃源 "
)
STREET_WORDS = _words(
    "朝阳 解放 人民 建设 胜利 和平 友谊 光明 文化 幸福 团结 红旗 长江 "
    "黄河 中山 新华 兴隆 永安 长安 太平 东风 前进 民主 东兴 西园 南苑 "
    "北关 滨河 湖滨 港湾 望江 临江 环城 府前 书院 鼓楼 钟楼 城关 大桥 "
    "车站 花园 学府 工业 科技 创业 振兴 德胜 安定 宏图 锦绣 金沙 银湖 "
    "翠屏 碧水 丹桂 紫荆 玉兰 海棠 芙蓉 梧桐 银杏 香樟 枫林 竹园 梅岭 "
    "兰亭 菊香 荷塘 杏坛 李园 桂花 樱花 "
)
COMMUNITY_A = _words(
    "东 西 南 北 中 上 下 前 后 新 老 大 小 长 高 青 白 红 金 银 "
    "玉 翠 碧 丹 紫 绿 彩 锦 华 盛 康 宁 安 福 寿 喜 乐 和 顺 泰 "
)
COMMUNITY_B = _words(
    "湖 园 苑 村 庄 桥 塘 河 坊 巷 里 街 门 楼 阁 亭 台 苑 林 山 坡 岭 溪 泉 湾 港 洲 岛 城 关 "
)
BUREAUS = [
    ("民政局", "民政"),
    ("卫生健康委员会", "卫生健康"),
    ("人力资源和社会保障局", "就业社保"),
    ("公安局", "综治"),
    ("司法局", "综治"),
    ("住房和城乡建设局", "城建"),
    ("城市管理局", "城管"),
    ("生态环境局", "环保"),
    ("应急管理局", "安全生产"),
    ("市场监督管理局", "市场监管"),
    ("教育局", "教育"),
    ("退役军人事务局", "退役军人"),
    ("残疾人联合会", "助残"),
    ("妇女联合会", "妇女儿童"),
    ("共青团委员会", "青年"),
    ("总工会", "工会"),
    ("统计局", "统计"),
    ("医疗保障局", "医保"),
    ("文化和旅游局", "文化"),
    ("体育局", "体育"),
    ("农业农村局", "农业"),
    ("自然资源局", "自然资源"),
    ("水务局", "水务"),
    ("消防救援大队", "消防"),
    ("税务局", "税务"),
    ("网信办", "网信"),
    ("宣传部", "宣传"),
    ("组织部", "党建"),
    ("政法委员会", "综治"),
    ("人民武装部", "征兵"),
]
TOPICS = _words(
    "老年人健康管理 退役军人服务 禁毒宣传 森林防火 垃圾分类 文明城市创建 "
    "食品安全 安全生产检查 消防安全 反诈宣传 人口普查 经济普查 征兵宣传 "
    "残疾人帮扶 低保复核 就业困难人员帮扶 医保参保 养老保险参保 计划生育 "
    "妇女儿童关爱 青少年教育 流动人口登记 出租房屋管理 矛盾纠纷排查 防汛抗旱 "
    "燃气安全 电动车充电安全 爱国卫生运动 疫苗接种 慢性病随访 全民健身 "
    "文化惠民 法治宣传 网格化管理 物业管理 加装电梯 老旧小区改造 环境整治 "
    "河长制巡查 志愿服务 "
)
KIND_NAMES: dict[str, str] = {
    MatterKind.TASK: "协助开展{t}工作",
    MatterKind.LEDGER: "{t}工作台账",
    MatterKind.REPORT: "{t}情况统计报表",
    MatterKind.SIGNBOARD: "{t}工作站挂牌",
    MatterKind.ASSESSMENT: "{t}工作考核评比",
    MatterKind.CERTIFICATE: "开具{t}相关证明",
    MatterKind.SYSTEM: "{t}信息系统录入",
    MatterKind.ORGANIZATION: "成立{t}工作领导小组",
    MatterKind.VENUE: "设立{t}活动室",
}
DUTY_NAMES = [
    "召集社区居民会议讨论{t}事项",
    "办理本社区{t}公共事务",
    "调解{t}相关民间纠纷",
    "组织居民参与{t}",
    "向居民宣传{t}政策",
]
LIST_SHARE = [
    (MatterList.DUTY, 0.10),
    (MatterList.ASSIST, 0.30),
    (MatterList.ADMITTED, 0.30),
]  # rest negative
LIST_KINDS: dict[str, list[str]] = {
    MatterList.DUTY: [MatterKind.TASK],
    MatterList.ASSIST: [MatterKind.TASK] * 6 + [MatterKind.LEDGER, MatterKind.REPORT],
    MatterList.ADMITTED: [MatterKind.TASK] * 3
    + [MatterKind.LEDGER, MatterKind.REPORT, MatterKind.SIGNBOARD, MatterKind.SYSTEM, MatterKind.VENUE],
    MatterList.NEGATIVE: [
        MatterKind.ASSESSMENT,
        MatterKind.CERTIFICATE,
        MatterKind.SIGNBOARD,
        MatterKind.SYSTEM,
        MatterKind.ORGANIZATION,
        MatterKind.REPORT,
        MatterKind.LEDGER,
        MatterKind.TASK,
    ],
}
LIST_LETTER = {
    MatterList.DUTY: "D",
    MatterList.ASSIST: "X",
    MatterList.ADMITTED: "Z",
    MatterList.NEGATIVE: "F",
}
VERDICT_MIX = [
    (Verdict.DUTY, 0.18),
    (Verdict.ASSIST, 0.25),
    (Verdict.ADMITTED, 0.22),
    (Verdict.UNAPPROVED, 0.23),
    (Verdict.NEGATIVE, 0.12),
]
UNAPPROVED_TEXTS = [
    "请社区每周上报{t}工作进展照片，不少于十张",
    "请社区安排两名工作人员参加{t}培训并在群里签到",
    "请社区于周五前在居民群转发{t}链接并截图反馈转发人数",
    "请社区协助填写{t}调查问卷，每户一份，下周一前交回",
    "请社区对辖区内{t}情况开展入户摸排，形成台账报送",
    "请社区配合开展{t}专项检查，每天报送检查记录",
    "请社区组织居民观看{t}直播并上报观看人数截图",
    "请社区腾出一间办公室作为{t}临时办公场所",
]
ALLOWED_TEMPLATES = [
    "请社区按要求做好{n}，{d}",
    "关于{n}的通知：请各社区认真落实，{d}",
    "{n}：请社区安排专人负责，{d}",
]
DUE_PHRASES = ["本月底前完成", "下周五前反馈", "请于十个工作日内完成", "按季度报送", "尽快落实"]
NOTICE_FIELDS = (
    "community",
    "department",
    "department_text",
    "received_on",
    "text",
    "deadline",
    "hours",
    "attachment",
    "verdict",
    "matter",
    "matter_code",
    "score",
    "reason",
    "matched_words",
    "action",
    "acted_at",
    "refused_on",
    "refusal",
    "reported_at",
    "report_reference",
    "source",
    "external_id",
    "created_by",
    "created_at",
)
DEPARTMENT_UNKNOWN = ["上级部门", "某工作群", "电话通知", "区里", "有关部门"]


def _nth(i: int, size: int) -> str:
    """ "" for the first round through a word list, then "2", "3", … so that names stay distinct."""
    return "" if i < size else str(i // size + 1)


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _pick(rng: random.Random, items: list[Any], cum: list[float]) -> Any:
    return items[bisect.bisect_left(cum, rng.random() * cum[-1])]


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


def uscc(area6: str, serial: int) -> str:
    """A valid 统一社会信用代码 for a government body (11…): area code, a GB 11714 code, check character."""
    body = f"{serial:08d}"
    org = body + org_code_check_char(body)
    first17 = "11" + area6 + org
    return first17 + uscc_check_char(first17)


def rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Scale:
    communities: int = 5000
    departments: int = 300
    matters: int = 1000
    notices: int = 2_000_000
    applications: int = 20_000
    seed: int = 20260101
    batch: int = BATCH
    days: int = 365  # notices are spread over the last N days


@dataclass
class Login:
    username: str
    role: str
    organization: str


@dataclass
class City:
    """What later steps need from earlier ones (ids only: no model instance is kept per notice)."""

    county_ids: list[int] = field(default_factory=list)
    street_ids: list[int] = field(default_factory=list)
    community_ids: list[int] = field(default_factory=list)
    community_cum: list[float] = field(default_factory=list)
    community_code: dict[int, str] = field(default_factory=dict)
    community_name: dict[int, str] = field(default_factory=dict)
    department_ids: list[int] = field(default_factory=list)  # functional departments, most active first
    department_cum: list[float] = field(default_factory=list)
    department_name: dict[int, str] = field(default_factory=dict)
    street_office_ids: list[int] = field(default_factory=list)
    approval_id: int = 0
    supervision_id: int = 0
    worker_of: dict[int, int] = field(default_factory=dict)  # community id → worker user id
    clerk_of: dict[int, int] = field(default_factory=dict)  # department id → clerk user id
    head_of: dict[int, int] = field(default_factory=dict)
    approver_ids: list[int] = field(default_factory=list)
    office_id: int = 0
    # matters by list: (id, code, name, department id) and by (list, department)
    matters: dict[str, list[tuple[int, str, str, int | None]]] = field(default_factory=dict)
    matters_of: dict[tuple[str, int], list[tuple[int, str, str, int | None]]] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)


class Seeder:
    def __init__(self, scale: Scale, out: Callable[[str], None] = print) -> None:
        self.scale = scale
        self.out = out
        self.rng = random.Random(scale.seed)
        self.city = City()
        self.today = clock.today()
        self.started = time.perf_counter()
        self.password = make_password(PASSWORD)

    # ------------------------------------------------------------ helpers

    def say(self, text: str) -> None:
        self.out(f"[{time.perf_counter() - self.started:7.1f} s, {rss_mb():6.0f} MB] {text}")

    def bulk(self, model: type, rows: list[Any]) -> list[Any]:
        with transaction.atomic():
            done = model.objects.bulk_create(rows, batch_size=self.scale.batch)  # type: ignore[attr-defined]
        reset_queries()
        return done

    # ------------------------------------------------------------ areas and departments

    def areas(self) -> None:
        n = max(1, self.scale.communities)
        counties = max(1, round(n / 500))
        streets = max(counties, round(n / 25))
        per_county = -(-streets // counties)
        if per_county > 199:  # street parts 001–099 (街道) then 100–199 (镇)
            raise ValueError("too many streets per county")
        per_street = -(-n // streets)
        if per_street > 999:
            raise ValueError("too many communities per street")
        rng = self.rng
        county_rows = [
            Area(
                code=f"{PROVINCE_CITY}{c + 1:02d}000000",
                name=f"{COUNTY_WORDS[c % len(COUNTY_WORDS)]}{_nth(c, len(COUNTY_WORDS))}区",
                level=Area.Level.COUNTY,
            )
            for c in range(counties)
        ]
        county_rows = self.bulk(Area, county_rows)
        street_rows = []
        for s in range(streets):
            county = county_rows[s % counties]
            part = s // counties + 1
            word = STREET_WORDS[s % len(STREET_WORDS)]
            suffix = "" if s < len(STREET_WORDS) else str(s // len(STREET_WORDS) + 1)
            street_rows.append(
                Area(
                    code=f"{county.code[:6]}{part:03d}000",  # 001–099 街道, 100–199 镇
                    name=f"{county.name}{word}{suffix}{'街道' if part < 100 else '镇'}",
                    level=Area.Level.STREET,
                    parent=county,
                )
            )
        street_rows = self.bulk(Area, street_rows)
        names = [a + b for a in COMMUNITY_A for b in dict.fromkeys(COMMUNITY_B)]
        rng.shuffle(names)
        community_rows = []
        for i in range(n):
            street = street_rows[i % streets]
            part = i // streets + 1
            base = names[i % len(names)]
            suffix = "" if i < len(names) else "第" + str(i // len(names) + 1)
            households = int(rng.paretovariate(2.0) * 900)
            community_rows.append(
                Area(
                    code=f"{street.code[:9]}{part:03d}",
                    name=f"{base}{suffix}社区",
                    level=Area.Level.COMMUNITY,
                    parent=street,
                    households=min(households, 20000),
                    population=min(households, 20000) * rng.randint(22, 31) // 10,
                )
            )
        community_rows = self.bulk(Area, community_rows)
        c = self.city
        c.county_ids = [a.pk for a in county_rows]
        c.street_ids = [a.pk for a in street_rows]
        c.community_ids = [a.pk for a in community_rows]
        c.community_cum = _cumulative([a.households + 200 for a in community_rows])
        c.community_code = {a.pk: a.code for a in community_rows}
        c.community_name = {a.pk: a.name for a in community_rows}
        self.street_rows = street_rows
        self.county_rows = county_rows
        self.community_rows = community_rows
        self.say(f"areas: {counties} counties, {streets} streets, {n} communities")

    def departments(self) -> None:
        c = self.city
        area6 = f"{PROVINCE_CITY}00"  # the city's own code for city-level bodies
        rows = [
            Department(
                code=uscc(area6, 1), name="市社区工作准入联席会议办公室", kind=Department.Kind.APPROVAL
            ),
            Department(code=uscc(area6, 2), name="市纪委监委", kind=Department.Kind.SUPERVISION),
        ]
        owners = ["市"] + [a.name for a in self.county_rows]
        for i in range(self.scale.departments):
            bureau, _field = BUREAUS[i % len(BUREAUS)]
            level = i // len(BUREAUS)
            owner = owners[level % len(owners)]
            again = "" if level < len(owners) else str(level // len(owners) + 1)
            county_code = area6 if owner == "市" else self.county_rows[(level % len(owners)) - 1].code[:6]
            rows.append(
                Department(
                    code=uscc(county_code, 100 + i),
                    name=f"{owner}{bureau}{again}",
                    kind=Department.Kind.DEPARTMENT,
                )
            )
        for j, street in enumerate(self.street_rows):
            rows.append(
                Department(
                    code=uscc(street.code[:6], 10000 + j),
                    name=f"{street.name}办事处" if street.name.endswith("街道") else f"{street.name}人民政府",
                    kind=Department.Kind.STREET,
                    area=street,
                )
            )
        rows = self.bulk(Department, rows)
        c.approval_id, c.supervision_id = rows[0].pk, rows[1].pk
        functional = [d for d in rows if d.kind == Department.Kind.DEPARTMENT]
        self.rng.shuffle(functional)  # activity rank is not the creation order
        c.department_ids = [d.pk for d in functional]
        c.department_cum = _cumulative(zipf_weights(len(functional)))
        c.department_name = {d.pk: d.name for d in rows}
        c.street_office_ids = [d.pk for d in rows if d.kind == Department.Kind.STREET]
        self.street_office_of = {d.area_id: d.pk for d in rows if d.kind == Department.Kind.STREET}
        self.say(
            f"departments: {len(functional)} functional, {len(c.street_office_ids)} street offices, 2 offices"
        )

    # ------------------------------------------------------------ users

    def users(self) -> None:
        c = self.city
        rows: list[User] = []
        grants: list[tuple[str, str]] = []

        def add(
            username: str,
            full_name: str,
            role: str,
            *,
            department: int | None = None,
            community: int | None = None,
        ) -> None:
            rows.append(
                User(
                    username=username,
                    full_name=full_name,
                    password=self.password,
                    department_id=department,
                    community_id=community,
                    must_change_password=False,
                )
            )
            grants.append((username, role))

        busiest = max(self.community_rows, key=lambda a: a.households)
        top = c.department_ids[0] if c.department_ids else None
        street_office = self.street_office_of[busiest.parent_id]  # type: ignore[index]
        approvers = c.department_ids[1:4] if len(c.department_ids) >= 4 else [c.approval_id] * 3
        named = [
            ("worker", "陈社工", Role.COMMUNITY_WORKER, None, busiest.pk),
            ("street", "赵科长", Role.STREET_OFFICER, street_office, None),
            ("clerk", "王经办", Role.DEPT_CLERK, top, None),
            ("head", "李主任", Role.DEPT_HEAD, top, None),
            ("office", "周经办", Role.APPROVAL_CLERK, c.approval_id, None),
            ("officehead", "孙主任", Role.APPROVAL_HEAD, c.approval_id, None),
            ("approver", "吴委员", Role.APPROVER, approvers[0], None),
            ("approver2", "冯委员", Role.APPROVER, approvers[1], None),
            ("approver3", "褚委员", Role.APPROVER, approvers[2], None),
            ("supervisor", "郑监察", Role.SUPERVISOR, c.supervision_id, None),
            ("sysadmin", "系统管理员", Role.SYSADMIN, c.approval_id, None),
            ("secadmin", "安全管理员", Role.SECADMIN, c.approval_id, None),
            ("auditor", "审计管理员", Role.AUDITADMIN, c.approval_id, None),
        ]
        for username, full_name, role, department, community in named:
            add(username, full_name, role, department=department, community=community)
            org = c.department_name.get(department, "") if department else f"{busiest.name}（{busiest.code}）"
            c.logins.append(Login(username, role, org))
        for area in self.community_rows:
            if area.pk != busiest.pk:
                add(f"w{area.code}", f"{area.name}社工", Role.COMMUNITY_WORKER, community=area.pk)
        for dept in c.department_ids + c.street_office_ids:
            if dept != top:
                add(f"clerk{dept}", "经办人", Role.DEPT_CLERK, department=dept)
                add(f"head{dept}", "负责人", Role.DEPT_HEAD, department=dept)
        for office_pk in self.street_office_of.values():
            if office_pk != street_office:
                add(f"street{office_pk}", "街道工作人员", Role.STREET_OFFICER, department=office_pk)
        rows = self.bulk(User, rows)
        by_name = {u.username: u for u in rows}
        self.bulk(RoleGrant, [RoleGrant(user=by_name[name], role=role) for name, role in grants])
        for u, (_name, role) in zip(rows, grants, strict=True):
            if role == Role.COMMUNITY_WORKER:
                c.worker_of[u.community_id] = u.pk  # type: ignore[index]
            elif role == Role.DEPT_CLERK:
                c.clerk_of[u.department_id] = u.pk  # type: ignore[index]
            elif role == Role.DEPT_HEAD:
                c.head_of[u.department_id] = u.pk  # type: ignore[index]
        c.approver_ids = [by_name[n].pk for n in ("approver", "approver2", "approver3")]
        c.office_id = by_name["office"].pk
        self.say(f"users: {len(rows)} ({len(named)} named logins)")

    # ------------------------------------------------------------ catalog

    def catalog(self) -> None:
        from zhunru.catalog import services as catalog_services

        c, rng = self.city, self.rng
        shares = [share for _l, share in LIST_SHARE]
        lists = [lst for lst, _s in LIST_SHARE] + [MatterList.NEGATIVE]
        cum = _cumulative([*shares, 1 - sum(shares)])
        rows: list[Matter] = []
        drafts: list[Matter] = []
        serial: dict[str, int] = dict.fromkeys(LIST_LETTER, 0)
        for i in range(self.scale.matters):
            lst = lists[i % 4] if i < 4 else _pick(rng, lists, cum)  # every list present, even when tiny
            serial[lst] += 1
            kind = rng.choice(LIST_KINDS[lst])
            topic = rng.choice(TOPICS)
            name = (rng.choice(DUTY_NAMES) if lst == MatterList.DUTY else KIND_NAMES[kind]).format(t=topic)
            department = None if lst == MatterList.DUTY else _pick(rng, c.department_ids, c.department_cum)
            valid_from = self.today - dt.timedelta(days=rng.randint(400, 1500))
            matter = Matter(
                code=f"SC-{LIST_LETTER[lst]}{serial[lst]:04d}",
                name=name,
                list=lst,
                kind=kind,
                department_id=department,
                field=topic[:40],
                basis="《城市居民委员会组织法》；有关规范性文件" if lst != MatterList.NEGATIVE else "",
                description=f"{name}（合成数据）",
                valid_from=valid_from,
                valid_to=None if rng.random() < 0.8 else self.today + dt.timedelta(days=rng.randint(30, 900)),
                scope_all=True,
                status=Matter.Status.DRAFT,
                data_fields=["姓名", "联系电话", topic]
                if kind in (MatterKind.LEDGER, MatterKind.REPORT)
                else [],
                frequency="每月" if kind in (MatterKind.LEDGER, MatterKind.REPORT) else "",
            )
            (drafts if rng.random() < 0.02 and i >= 4 else rows).append(matter)
        rows = self.bulk(Matter, rows)
        # some matters apply to a few streets only (试点): ~5 % of the departments' matters
        through = Matter.scope_areas.through
        scoped = [m for m in rows if m.list != MatterList.DUTY and rng.random() < 0.05]
        Matter.objects.filter(pk__in=[m.pk for m in scoped]).update(scope_all=False)
        links = []
        for m in scoped:
            m.scope_all = False
            for street in rng.sample(self.street_rows, min(len(self.street_rows), rng.randint(1, 3))):
                links.append(through(matter_id=m.pk, area_id=street.pk))
        self.bulk(through, links)
        catalog_services.catalog_publish(actor=None, note="合成城市数据（seed-scale）")
        exited = [m.pk for m in rows if m.list == MatterList.ADMITTED and rng.random() < 0.05]
        Matter.objects.filter(pk__in=exited).update(
            status=Matter.Status.EXITED, exited_on=self.today - dt.timedelta(days=30)
        )
        self.bulk(Matter, drafts)
        exited_set = set(exited)
        for m in rows:
            if m.pk in exited_set or not m.scope_all:  # demands use the city-wide matters
                continue
            item = (m.pk, m.code, m.name, m.department_id)
            c.matters.setdefault(m.list, []).append(item)
            if m.department_id:
                c.matters_of.setdefault((m.list, m.department_id), []).append(item)
        self.say(
            f"catalog: {len(rows)} published ({len(exited)} exited since, {len(scoped)} for some streets), "
            f"{len(drafts)} drafts"
        )

    # ------------------------------------------------------------ applications

    def applications(self) -> None:
        c, rng = self.city, self.rng
        # Over about three years; what is still open is recent (the office decides within weeks), so the
        # open share is small: ~3 % with the approval office, ~3 % with the departments.
        mix = [
            (S.DRAFT, 2.0),
            (S.SIGNED, 1.0),
            (S.SUBMITTED, 0.8),
            (S.RETURNED, 0.5),
            (S.RESUBMITTED, 0.3),
            (S.ACCEPTED, 0.4),
            (S.UNDER_REVIEW, 1.0),
            (S.HEARING_SCHEDULED, 0.2),
            (S.HEARING_HELD, 0.1),
            (S.APPROVED, 45),
            (S.APPROVED_WITH_CONDITIONS, 14),
            (S.REJECTED, 21),
            (S.WITHDRAWN, 13.7),
        ]
        statuses = [s for s, _w in mix]
        cum = _cumulative([w for _s, w in mix])
        seq_of_year: dict[int, int] = {}
        decision_seq: dict[int, int] = {}
        n = self.scale.applications
        made = 0
        for start in range(0, n, self.scale.batch):
            apps: list[AccessApplication] = []
            paths: list[list[tuple[str, str, str]]] = []
            for _ in range(min(self.scale.batch, n - start)):
                # every state present, then the mix
                status = statuses[made] if made < len(statuses) else _pick(rng, statuses, cum)
                made += 1
                dept = _pick(rng, c.department_ids, c.department_cum)
                path = self._path(status)
                final = status in workflow.FINAL
                created = self.today - dt.timedelta(
                    days=rng.randint(40, 1000) if final else rng.randint(3, 35)
                )
                year = created.year
                seq_of_year[year] = seq_of_year.get(year, 0) + 1
                topic = rng.choice(TOPICS)
                kind = rng.choice(
                    [MatterKind.TASK, MatterKind.LEDGER, MatterKind.REPORT, MatterKind.SIGNBOARD]
                )
                submitted = any(t == "submit" for t, _f, _to in path)
                accepted = any(t == "accept" for t, _f, _to in path)
                money = Decimal(rng.choice([0, 2000, 5000, 8000, 12000]))
                matter_id = None
                if status in (S.APPROVED, S.APPROVED_WITH_CONDITIONS):
                    own = c.matters_of.get((MatterList.ADMITTED, dept), [])
                    matter_id = rng.choice(own)[0] if own else None
                apps.append(
                    AccessApplication(
                        reference=f"SQ{year}-{seq_of_year[year]:04d}",
                        department_id=dept,
                        created_by_id=c.clerk_of[dept],
                        signed_by_id=c.head_of[dept] if len(path) > 1 and path[1][0] == "sign" else None,
                        status=status,
                        version=len(path),
                        matter_name=KIND_NAMES[kind].format(t=topic),
                        kind=kind,
                        field=topic,
                        community_tasks=f"社区协助开展{topic}相关工作，每月报送一次情况",
                        basis="《城市居民委员会组织法》；有关规范性文件",
                        start_date=created + dt.timedelta(days=60),
                        frequency="monthly",
                        workload_hours=Decimal(rng.randint(1, 12)),
                        money_per_community_year=money,
                        money_source="区财政专项" if money else "",
                        no_assessment_declared=True,
                        contact_name="经办人",
                        contact_phone="0000-12345678",
                        unfunded_justification="" if money else "工作量小，由部门派员协助完成",
                        submitted_on=created + dt.timedelta(days=3) if submitted else None,
                        accept_due=created + dt.timedelta(days=10) if submitted else None,
                        accepted_on=created + dt.timedelta(days=8) if accepted else None,
                        decision_due=created + dt.timedelta(days=30) if accepted else None,
                        returned_from=S.SUBMITTED if status == S.RETURNED else "",
                        return_reason="请补充法律政策依据"
                        if any(t == "return" for t, _f, _to in path)
                        else "",
                        admitted_matter_id=matter_id,
                    )
                )
                paths.append(path)
            with transaction.atomic():
                apps = AccessApplication.objects.bulk_create(apps, batch_size=self.scale.batch)
                history: list[StatusChange] = []
                opinions: list[Opinion] = []
                hearings: list[Hearing] = []
                decisions: list[Decision] = []
                for app, path in zip(apps, paths, strict=True):
                    for transition, source, target in path:
                        actor = self._actor(transition, app)
                        history.append(
                            StatusChange(
                                application_id=app.pk,
                                transition=transition,
                                from_status=source,
                                to_status=target,
                                actor_id=actor,
                            )
                        )
                    names = [t for t, _f, _to in path]
                    if "schedule_hearing" in names:
                        held = "record_hearing" in names
                        day = app.created_at.date() + dt.timedelta(days=20)
                        hearings.append(
                            Hearing(
                                application_id=app.pk,
                                scheduled_on=day,
                                place="联席会议办公室会议室",
                                notice_days=10,
                                participants="部门代表、社区代表、居民代表",
                                agenda=f"听取关于{app.matter_name}的意见",
                                minutes="与会代表充分发表意见。" if held else "",
                                outcome="多数代表同意。" if held else "",
                                held_on=day if held else None,
                            )
                        )
                    if "start_review" in names and app.status != S.WITHDRAWN:
                        final = app.status in (S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REJECTED)
                        voters = c.approver_ids if final else c.approver_ids[: rng.randint(0, 2)]
                        stance = Opinion.Stance.DISAGREE if app.status == S.REJECTED else Opinion.Stance.AGREE
                        opinions += [
                            Opinion(
                                application_id=app.pk, reviewer_id=r, stance=stance, reasons="意见见附件。"
                            )
                            for r in voters
                        ]
                    if app.status in (S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REJECTED):
                        decided = min(app.decision_due or self.today, self.today)
                        year = decided.year
                        decision_seq[year] = decision_seq.get(year, 0) + 1
                        seq = decision_seq[year]
                        decisions.append(self._decision(app, year, seq, decided, app.admitted_matter_id))
                self.bulk(StatusChange, history)
                self.bulk(Opinion, opinions)
                self.bulk(Hearing, hearings)
                self.bulk(Decision, decisions)
            self.say(f"applications: {made:,}/{n:,}")
        for year, value in seq_of_year.items():
            Counter.objects.update_or_create(key=f"application:{year}", defaults={"value": value})
        for year, value in decision_seq.items():
            Counter.objects.update_or_create(key=f"decision:{year}", defaults={"value": value})

    def _path(self, status: str) -> list[tuple[str, str, str]]:
        """The transitions (name, from, to) from nothing to `status`, along access.workflow."""
        rng = self.rng
        steps = [("create", "", S.DRAFT)]
        if status == S.DRAFT:
            return steps
        steps.append(("sign", S.DRAFT, S.SIGNED))
        if status == S.SIGNED:
            return steps
        if status == S.WITHDRAWN:
            stop = rng.choice([S.SIGNED, S.SUBMITTED])
            if stop == S.SUBMITTED:
                steps.append(("submit", S.SIGNED, S.SUBMITTED))
            steps.append(("withdraw", stop, S.WITHDRAWN))
            return steps
        steps.append(("submit", S.SIGNED, S.SUBMITTED))
        if status == S.SUBMITTED:
            return steps
        last = S.SUBMITTED
        if status in (S.RETURNED, S.RESUBMITTED) or rng.random() < 0.15:
            steps.append(("return", S.SUBMITTED, S.RETURNED))
            if status == S.RETURNED:
                return steps
            steps.append(("resubmit", S.RETURNED, S.RESUBMITTED))
            last = S.RESUBMITTED
            if status == S.RESUBMITTED:
                return steps
        steps.append(("accept", last, S.ACCEPTED))
        if status == S.ACCEPTED:
            return steps
        steps.append(("start_review", S.ACCEPTED, S.UNDER_REVIEW))
        if status == S.UNDER_REVIEW:
            return steps
        last = S.UNDER_REVIEW
        if status in (S.HEARING_SCHEDULED, S.HEARING_HELD) or rng.random() < 0.08:
            steps.append(("schedule_hearing", S.UNDER_REVIEW, S.HEARING_SCHEDULED))
            if status == S.HEARING_SCHEDULED:
                return steps
            steps.append(("record_hearing", S.HEARING_SCHEDULED, S.HEARING_HELD))
            last = S.HEARING_HELD
            if status == S.HEARING_HELD:
                return steps
        steps.append(("decide", last, status))
        return steps

    def _actor(self, transition: str, app: AccessApplication) -> int:
        c = self.city
        if transition == "sign":
            return c.head_of[app.department_id]
        if transition in ("create", "submit", "resubmit", "withdraw"):
            return c.clerk_of[app.department_id]
        return c.office_id

    def _decision(
        self, app: AccessApplication, year: int, seq: int, decided: dt.date, matter_id: int | None
    ) -> Decision:
        from zhunru.access.decisions import content_digest, public_path

        number = f"{settings.DISTRICT_NAME}准入决〔{year}〕{seq}号"
        approved = app.status != S.REJECTED
        content = {
            "number": number,
            "title": "准入决定书" if approved else "不予准入决定书",
            "outcome": app.status,
            "outcome_label": str(S(app.status).label),
            "issuer": settings.DISTRICT_NAME + "社区工作准入联席会议",
            "department": self.city.department_name[app.department_id],
            "application": app.reference,
            "matter_name": app.matter_name,
            "matter_code": "",
            "kind": str(app.get_kind_display()),
            "community_tasks": app.community_tasks,
            "basis": app.basis,
            "scope": "全区所有社区",
            "period": f"{app.start_date.isoformat()} — 长期",
            "frequency": str(app.get_frequency_display()),
            "community_role": str(app.get_community_role_display()),
            "workload_hours": str(app.workload_hours),
            "money_per_community_year": f"{app.money_per_community_year:,.2f}",
            "money_source": app.money_source,
            "money_schedule": "",
            "staff": "",
            "training": "",
            "equipment": "",
            "data_fields": [],
            "signboard": False,
            "conditions": ["职能部门不得就本事项单独对社区开展考核、评比、排名。"] if approved else [],
            "reasons": "依据充分。" if approved else "依据不足。",
            "unfunded_justification": app.unfunded_justification if approved else "",
            "hearing": None,
            "review_date": decided.isoformat(),
            "votes": {
                "members": 3,
                "eligible": 3,
                "quorum": 2,
                "agree": 0 if not approved else 3,
                "agree_with_conditions": 0,
                "disagree": 3 if not approved else 0,
                "detail": [],
            },
            "decided_on": decided.isoformat(),
            "public_url": settings.PUBLIC_URL + public_path(year, seq),
            "synthetic": True,
        }
        return Decision(
            number=number,
            year=year,
            seq=seq,
            outcome=app.status,
            application_id=app.pk,
            matter_id=matter_id,
            decided_on=decided,
            decided_by_id=self.city.office_id,
            content=content,
            digest=content_digest(content),
        )

    # ------------------------------------------------------------ notices

    def notice_rows(self) -> Iterator[tuple[Any, ...]]:
        """Generated one at a time (never a list of all of them), as rows of NOTICE_FIELDS ready for the
        database: executemany is several times faster than bulk_create at this size."""
        c, rng = self.city, self.rng
        verdicts = [v for v, _s in VERDICT_MIX]
        vcum = _cumulative([s for _v, s in VERDICT_MIX])
        list_of = {
            Verdict.DUTY: MatterList.DUTY,
            Verdict.ASSIST: MatterList.ASSIST,
            Verdict.ADMITTED: MatterList.ADMITTED,
            Verdict.NEGATIVE: MatterList.NEGATIVE,
        }
        label = {v: str(Verdict(v).label) for v in verdicts}
        refusal_seq: dict[tuple[int, int], int] = {}
        self.refusal_seq = refusal_seq
        office = self.city.department_name[c.approval_id]
        now = timezone.now()
        stamp = connection.ops.adapt_datetimefield_value(now)
        for i in range(self.scale.notices):
            community = _pick(rng, c.community_ids, c.community_cum)
            verdict = _pick(rng, verdicts, vcum)
            dept: int | None = _pick(rng, c.department_ids, c.department_cum)
            if rng.random() < 0.08:  # a street office asks
                street_office = self.street_office_of.get(self.parent_of[community])
                dept = street_office or dept
            matter = None
            lst = list_of.get(verdict)
            if lst is not None:
                own = c.matters_of.get((lst, dept)) if dept else None  # type: ignore[arg-type]
                pool = own or c.matters.get(lst)
                if pool:
                    matter = rng.choice(pool)
                    if matter[3] and not own:
                        dept = matter[3]  # the matter's own department asks
                else:
                    verdict = Verdict.UNAPPROVED
            department_text = ""
            if rng.random() < 0.03:
                dept, department_text = None, rng.choice(DEPARTMENT_UNKNOWN)
            topic = rng.choice(TOPICS)
            due = rng.choice(DUE_PHRASES)
            if matter is not None:
                text = rng.choice(ALLOWED_TEMPLATES).format(n=matter[2], d=due)
                if verdict == Verdict.NEGATIVE:
                    reason = f"属于负面清单事项「{matter[1]} {matter[2]}」，社区不应承担。"
                else:
                    reason = f"与{label[verdict]}事项「{matter[1]} {matter[2]}」相符。"
            else:
                text = rng.choice(UNAPPROVED_TEXTS).format(t=topic) + f"，{due}。"
                reason = "社区工作事项清单中没有与该要求相符的事项，未经准入。"
            received = self.today - dt.timedelta(days=int(rng.random() ** 0.8 * self.scale.days))
            allowed = verdict in (Verdict.DUTY, Verdict.ASSIST, Verdict.ADMITTED)
            action = TaskNotice.Action.PENDING
            refused_on = None
            refusal: dict[str, Any] = {}
            reported_at = None
            report_reference = ""
            roll = rng.random()
            if allowed and roll < 0.55:
                action = TaskNotice.Action.ACCEPTED
            elif not allowed and roll < 0.4:
                action = TaskNotice.Action.REFUSED
                refused_on = min(self.today, received + dt.timedelta(days=rng.randint(0, 5)))
                key = (community, refused_on.year)
                refusal_seq[key] = seq = refusal_seq.get(key, 0) + 1
                cname = c.community_name[community]
                number = f"{cname}拒告〔{refused_on.year}〕{seq}号"
                refusal = {
                    "title": "拒绝告知书",
                    "number": number,
                    "issuer": cname,
                    "community": cname,
                    "community_code": c.community_code[community],
                    "department": c.department_name.get(dept, department_text) if dept else department_text,
                    "received_on": received.isoformat(),
                    "text": text,
                    "verdict": verdict,
                    "verdict_label": label[verdict],
                    "matter_code": matter[1] if matter else "",
                    "matter_name": matter[2] if matter else "",
                    "rule": "negative" if verdict == Verdict.NEGATIVE else "unapproved",
                    "rule_sentence": reason,
                    "basis": "《关于加强和完善城乡社区治理的意见》",
                    "judge_reason": reason,
                    "office": office,
                    "refused_on": refused_on.isoformat(),
                    "synthetic": True,
                }
                if rng.random() < 0.25:
                    reported_at = now
                    report_reference = f"JB{refused_on.year}-{i:08d}"
            kind = rng.random()
            yield (
                community,
                dept,
                department_text,
                received.isoformat(),
                text,
                (received + dt.timedelta(days=rng.randint(3, 30))).isoformat()
                if rng.random() < 0.5
                else None,
                f"{rng.randint(1, 80) / 10:.1f}" if rng.random() < 0.6 else None,
                "",  # attachment
                verdict,
                matter[0] if matter else None,
                matter[1] if matter else "",
                f"0.{rng.randint(60, 99)}" if matter else "0.50",
                reason,
                json.dumps([topic[:4]] if matter else []),
                action,
                stamp if action != TaskNotice.Action.PENDING else None,
                refused_on.isoformat() if refused_on else None,
                json.dumps(refusal, ensure_ascii=False),
                stamp if reported_at else None,
                report_reference,
                TaskNotice.Source.PASTE
                if kind < 0.6
                else TaskNotice.Source.BULK
                if kind < 0.75
                else TaskNotice.Source.IMPORT
                if kind < 0.92
                else TaskNotice.Source.DISPATCH,
                f"S{i:09d}" if 0.75 <= kind < 0.92 else "",
                c.worker_of[community],
                stamp,
            )

    def notices(self) -> None:
        n = self.scale.notices
        self.parent_of = {a.pk: a.parent_id for a in self.community_rows}
        rows = self.notice_rows()
        table = connection.ops.quote_name(TaskNotice._meta.db_table)
        names = ", ".join(
            connection.ops.quote_name(TaskNotice._meta.get_field(f).column) for f in NOTICE_FIELDS
        )
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(NOTICE_FIELDS))})"
        done = 0
        step = max(self.scale.batch, n // 20)
        next_report = step
        while True:
            batch = list(itertools.islice(rows, self.scale.batch))
            if not batch:
                break
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            reset_queries()
            done += len(batch)
            if done >= next_report or done == n:
                self.say(f"notices: {done:,}/{n:,}")
                next_report += step
        counters = [
            Counter(key=f"gateway.refusal.{self.city.community_code[cid]}.{year}", value=value)
            for (cid, year), value in self.refusal_seq.items()
        ]
        self.bulk(Counter, counters)

    # ------------------------------------------------------------ all

    def run(self) -> City:
        from zhunru.core import audit

        connection.force_debug_cursor = False
        self.areas()
        self.departments()
        self.users()
        self.catalog()
        self.applications()
        self.notices()
        if connection.vendor == "postgresql" or connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        with transaction.atomic():
            audit.record(
                actor=None,
                event_type="demo.seed_scale",
                summary={
                    "communities": self.scale.communities,
                    "departments": self.scale.departments,
                    "matters": self.scale.matters,
                    "notices": self.scale.notices,
                    "applications": self.scale.applications,
                    "seed": self.scale.seed,
                },
            )
        self.say("done")
        return self.city


def seed(scale: Scale, out: Callable[[str], None] = print) -> City:
    if Area.objects.exists() or TaskNotice.objects.exists():
        raise ValueError("database not empty")
    return Seeder(scale, out).run()
