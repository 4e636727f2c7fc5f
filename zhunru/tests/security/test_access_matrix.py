"""The access matrix: every URL pattern × every persona × own/other organization × every HTTP method, checked
against the one table in `access_matrix.py`.

One database for the whole matrix (the demo district plus one object of each kind on the personas' side and
one on the other side, made through the services); every request runs inside a savepoint that is rolled back,
so the world is the same for each request and a POST that is allowed changes nothing for the next one. A
request that the table says is refused must write nothing: no audit event and no INSERT/UPDATE/DELETE (the
session row excepted). All mismatches are collected and reported together.

Set ZHUNRU_MATRIX_RECORD=/tmp/matrix to also write every observed answer to /tmp/matrix.pages.json and
/tmp/matrix.api.json (to update the table after a deliberate change).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from zhunru.access import exits
from zhunru.access import services as access_services
from zhunru.access.models import AccessApplication, Attachment, Decision, ExitRequest
from zhunru.accounts import services as account_services
from zhunru.accounts.models import ApiToken, User
from zhunru.accounts.roles import Role
from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter, MatterList
from zhunru.certificates import services as certificate_services
from zhunru.certificates.models import CertificateList, CertificateType, Issuance, Refusal
from zhunru.conftest import make_user
from zhunru.core import clock
from zhunru.core.models import AuditEvent
from zhunru.core.workdays import add_working_days
from zhunru.demo import certificates as demo_certificates
from zhunru.demo import loader
from zhunru.evaluation.models import EvaluationRound, ProviderSurvey
from zhunru.funding.models import Commitment, DisbursementLine
from zhunru.gateway import services as gateway_services
from zhunru.registries.models import Campaign, Signboard
from zhunru.supervision.models import SupervisionCase
from zhunru.tests.security import access_matrix as table

API_PREFIX = "api/v1/"
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
WEB_METHODS = ("GET", "POST")
# Who tries the methods a pattern does not accept: a page answers after its login and role checks, so two
# logged-in roles; the API answers 405 before authentication, so one.
UNDECLARED_PROBES = {"web": ("applicant", "sysadmin"), "api": ("applicant",)}
# Rows that the session middleware and token authentication touch on every request: not a "write".
BOOKKEEPING = ("django_session", "accounts_apitoken")
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REFUSED_TEXT = "请社区每周上报辖区餐饮店铺巡查台账，纳入社区考核排名。"


# ---------------------------------------------------------------- the URL patterns


@dataclass(frozen=True)
class Pattern:
    key: str  # the table's key: "namespace:name" for pages, "api:/route" for the API
    route: str
    pattern: URLPattern
    kwargs: tuple[str, ...]
    methods: tuple[str, ...] | None  # the API's own list; None for pages (the table declares them)

    @property
    def is_api(self) -> bool:
        return self.route.startswith(API_PREFIX)


def _ninja_methods(callback: Any) -> tuple[str, ...] | None:
    for cell in getattr(callback, "__closure__", None) or ():
        operations = getattr(cell.cell_contents, "operations", None)
        if operations is not None:
            return tuple(sorted({m for op in operations for m in op.methods}))
    return None


def _walk(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else entry.namespace or namespace
            )
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield name, prefix + str(entry.pattern), entry


def url_patterns() -> list[Pattern]:
    """Every URL pattern, once: pages by name, the API by route (ninja names one pattern per operation, and
    different routes share names such as "create"; one route is one view that dispatches on the method)."""
    seen: dict[str, Pattern] = {}
    for name, route, entry in _walk(get_resolver()):
        kwargs = tuple(entry.pattern.regex.groupindex)
        if route.startswith(API_PREFIX):
            key = "api:/" + route[len(API_PREFIX) :]
            methods = _ninja_methods(entry.callback)
        else:
            key, methods = name or route, None
        if key not in seen:
            seen[key] = Pattern(key, route, entry, kwargs, methods)
    return list(seen.values())


def test_every_url_pattern_is_in_the_table() -> None:
    """A new URL must be declared in access_matrix.TABLE (who may use it, with which method) to pass."""
    patterns = url_patterns()
    keys = {p.key for p in patterns}
    missing = sorted(keys - set(table.TABLE))
    stale = sorted(set(table.TABLE) - keys - set(table.PENDING))
    problems = [f"missing from access_matrix.TABLE: {k}" for k in missing]
    problems += [f"in access_matrix.TABLE but no such URL pattern: {k}" for k in stale]
    for p in patterns:
        entry = table.TABLE.get(p.key)
        if entry is None:
            continue
        by_variant = table.VARIANT_KWARGS.get(p.key, ()) + table.ACTION_SOURCES.get(p.key, ("",))[:1]
        for kwarg in p.kwargs:
            if kwarg not in table.kwarg_kinds(p.key) and kwarg not in by_variant:
                problems.append(f"{p.key}: no object kind for the URL argument {kwarg!r} in KWARGS")
        declared = set(table.methods(p.key))
        if p.methods is not None and declared != set(p.methods):
            problems.append(
                f"{p.key}: the API accepts {sorted(p.methods)}, the table declares {sorted(declared)}"
            )
        if p.key in table.ACTION_SOURCES:
            source = table.ACTION_SOURCES[p.key][1]
            module, _, attr = source.rpartition(".")
            actions = set(getattr(importlib.import_module(module), attr))
            if actions != set(table.actions(p.key)):
                problems.append(
                    f"{p.key}: actions {sorted(actions)} in {source}, table has {table.actions(p.key)}"
                )
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the world


@dataclass
class World:
    users: dict[str, User | None]
    objects: dict[str, dict[str, Any]]  # kind → {"own": value, "other": value} or {"any": value}
    tokens: dict[str, str]


def _persona_users(district: dict[str, Any]) -> dict[str, User | None]:
    d = district
    return {
        "anonymous": None,
        "applicant": make_user(
            "applicant", role=Role.DEPT_CLERK, department=d["weijian"], full_name="王经办"
        ),
        "dept_head": make_user("depthead", role=Role.DEPT_HEAD, department=d["weijian"]),
        "approval_clerk": make_user("officeclerk", role=Role.APPROVAL_CLERK, department=d["office"]),
        "approval_head": make_user("officehead1", role=Role.APPROVAL_HEAD, department=d["office"]),
        "approver": make_user("approver1", role=Role.APPROVER, department=d["minzheng"]),
        "community_worker": make_user("worker1", role=Role.COMMUNITY_WORKER, community=d["donghu_community"]),
        "street_officer": make_user("streetofficer", role=Role.STREET_OFFICER, department=d["donghu"]),
        "supervisor": make_user("supervisor1", role=Role.SUPERVISOR, department=d["supervision"]),
        "sysadmin": make_user("sysadmin1", role=Role.SYSADMIN, department=d["office"]),
        "secadmin": make_user("secadmin1", role=Role.SECADMIN, department=d["office"]),
        "auditadmin": make_user("auditadmin1", role=Role.AUDITADMIN, department=d["office"]),
        "outsider": make_user("outsider", department=d["minzheng"]),
    }


def _application(clerk: User) -> AccessApplication:
    start = add_working_days(clock.today(), access_services.procedure_settings().submit_lead_days + 5)
    data = {
        "matter_name": f"{clerk.department.name}入户核查",
        "kind": "task",
        "community_tasks": "每季度协助核查一次",
        "basis": "《国家基本公共卫生服务规范》",
        "contact_name": "王",
        "contact_phone": "0999-1234567",
        "workload_hours": "2",
        "money_per_community_year": "3000",
        "money_source": "区级财政",
        "no_assessment_declared": True,
        "start_date": start.isoformat(),
    }
    app = access_services.application_create(actor=clerk, data=data)
    access_services.attachment_add(actor=clerk, application=app, name="依据.pdf", data=PDF)
    return app


def _refused_notice(worker: User, department: str) -> Any:
    notice = gateway_services.notice_register(
        actor=worker, text=REFUSED_TEXT, department_text=department, attachment=("截图.png", PNG)
    )
    return gateway_services.notice_refuse(actor=worker, notice=notice)


def build_world() -> World:
    """The demo district (every kind of object, through the services), the personas, and for each kind of
    object one on the personas' side (区卫生健康委员会, 东湖街道, 东湖社区) and one on the other side
    (区统计局 / 区公安分局, 西岭街道, 西岭社区)."""
    loader.load()
    district = {
        "weijian": Department.objects.get(name="区卫生健康委员会"),
        "minzheng": Department.objects.get(name="区民政局"),
        "tongji": Department.objects.get(name="区统计局"),
        "donghu": Department.objects.get(name="东湖街道办事处"),
        "office": Department.objects.get(kind=Department.Kind.APPROVAL),
        "supervision": Department.objects.get(kind=Department.Kind.SUPERVISION),
        "donghu_community": Area.objects.get(code="990101001001"),
        "xiling_community": Area.objects.get(code="990101002001"),
    }
    people = _persona_users(district)
    worker, applicant = people["community_worker"], people["applicant"]
    xiling_worker = User.objects.get(community=district["xiling_community"], username__startswith="worker_")
    other_clerk = make_user("tongji_clerk", role=Role.DEPT_CLERK, department=district["tongji"])

    own_app, other_app = _application(applicant), _application(other_clerk)
    own_notice = _refused_notice(worker, "区卫生健康委员会")
    other_notice = _refused_notice(xiling_worker, "区公安分局")

    admitted = Matter.objects.filter(list=MatterList.ADMITTED, status=Matter.Status.PUBLISHED)
    funded = Commitment.objects.filter(department=district["weijian"]).values_list("matter", flat=True)
    own_matter = admitted.filter(pk__in=list(funded)).order_by("code").first()
    other_matter = admitted.exclude(department=district["weijian"]).order_by("code").first()
    busy = ExitRequest.objects.filter(status__in=["submitted", "under_review"]).values_list(
        "matter", flat=True
    )
    free = admitted.filter(scope_all=True).exclude(pk__in=list(busy)).order_by("code")
    own_exit = ExitRequest.objects.filter(requested_by__community=district["donghu_community"]).first()
    if own_exit is None or own_exit.status not in ("submitted", "under_review"):
        own_exit = exits.exit_request_create(
            actor=worker,
            matter=free[0],
            reasons=["residents"],
            explanation="居民不认可",
            resident_signatures=50,
        )
        free = free.exclude(pk=own_exit.matter_id)
    other_exit = exits.exit_request_create(
        actor=xiling_worker,
        matter=free[0],
        reasons=["residents"],
        explanation="居民不认可",
        resident_signatures=9,
    )

    may = CertificateType.objects.filter(list=CertificateList.MAY_ISSUE, active=True).order_by("pk").first()
    must_not = (
        CertificateType.objects.filter(list=CertificateList.MUST_NOT, active=True).order_by("pk").first()
    )
    id_number = ID_NUMBER

    def issuance(actor: User) -> Issuance:
        return certificate_services.issuance_create(
            actor=actor,
            community=actor.community,
            certificate_type=may,
            applicant_name="刘晓梅",
            id_number=id_number,
            phone=PHONE,
        )

    def refusal(actor: User) -> Refusal:
        return certificate_services.refusal_create(
            actor=actor, community=actor.community, certificate_type=must_not
        )

    own_issuance, other_issuance = issuance(worker), issuance(xiling_worker)
    own_refusal, other_refusal = refusal(worker), refusal(xiling_worker)

    lines = DisbursementLine.objects.order_by(
        "pk"
    )  # the demo pays 卫健委's matter only: lines differ by community
    own_line = lines.filter(community=district["donghu_community"], status="pending")
    other_line = lines.filter(community=district["xiling_community"])
    own_case = SupervisionCase.objects.filter(department=district["weijian"]).order_by("pk").first()
    other_case = SupervisionCase.objects.exclude(department=district["weijian"]).order_by("pk").first()
    rounds = EvaluationRound.objects.order_by("-year")
    decision = Decision.objects.filter(matter__isnull=False).order_by("pk").first()

    tokens = {}
    for role, user in people.items():
        if user is not None:
            tokens[role] = account_services.api_token_create(actor=user, name="matrix")[1]
    objects: dict[str, dict[str, Any]] = {
        "application": {"own": own_app.pk, "other": other_app.pk},
        "attachment": {
            "own": Attachment.objects.get(application=own_app).pk,
            "other": Attachment.objects.get(application=other_app).pk,
        },
        "exit_request": {"own": own_exit.pk, "other": other_exit.pk},
        "notice": {"own": own_notice.pk, "other": other_notice.pk},
        "case": {"own": own_case.pk, "other": other_case.pk},
        "signboard": {
            "own": Signboard.objects.filter(community=district["donghu_community"]).order_by("pk").first().pk,
            "other": Signboard.objects.filter(community=district["xiling_community"])
            .order_by("pk")
            .first()
            .pk,
        },
        "survey": {
            "own": ProviderSurvey.objects.filter(community=district["donghu_community"]).first().pk,
            "other": ProviderSurvey.objects.filter(community=district["xiling_community"]).first().pk,
        },
        "community": {"own": district["donghu_community"].code, "other": district["xiling_community"].code},
        "department": {"own": district["weijian"].pk, "other": district["minzheng"].pk},
        "matter": {"own": own_matter.pk, "other": other_matter.pk},
        "matter_code": {"own": own_matter.code, "other": other_matter.code},
        "issuance": {"own": own_issuance.pk, "other": other_issuance.pk},
        "refusal": {"own": own_refusal.pk, "other": other_refusal.pk},
        "line": {"own": own_line.first().pk, "other": other_line.first().pk},
        "uscc": {"own": district["weijian"].code, "other": district["minzheng"].code},
        "may_code": {"any": may.code},
        "must_not_code": {"any": must_not.code},
        "user": {"own": "self", "other": xiling_worker.pk},
        "token": {"own": "self", "other": "someone"},
        "campaign": {"any": Campaign.objects.order_by("pk").first().pk},
        "year": {"any": rounds.first().year},
        "certificate_type": {"any": may.pk},
        "decision_year": {"any": decision.year},
        "decision_seq": {"any": decision.seq},
        "published_matter": {"any": own_matter.code},
        "version": {"any": 1},
        "version_b": {"any": 2},
        "fmt": {"any": "xlsx"},
        "photo": {"any": "board"},
        "rest": {"any": "no-such-endpoint"},
    }
    return World(people, objects, tokens)


# ---------------------------------------------------------------- probing


@dataclass
class Answer:
    status: int
    location: str
    writes: list[str]
    audit: int
    leaks: bool = False  # the seeded ID number or phone in full in the answer


# A resident's personal data seeded in both communities' registers: no answer may show it in full, but the
# reveal (a reason given, audited) of one's own community's entry.
ID_NUMBER = demo_certificates.synthetic_id("110101", "19800101", "123")
PHONE = "13812345678"


def shows_personal_data(response: Any) -> bool:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":  # an .xlsx: its sheets are zipped XML
        with contextlib.suppress(zipfile.BadZipFile), zipfile.ZipFile(io.BytesIO(content)) as book:
            content = b"".join(book.read(name) for name in book.namelist() if name.endswith(".xml"))
    return ID_NUMBER.encode() in content or PHONE.encode() in content


class Probe:
    def __init__(self, world: World) -> None:
        self.world = world
        self.clients: dict[str, Client] = {}
        for role, user in world.users.items():
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            self.clients[role] = client

    def token_id(self, role: str, scope: str) -> int:
        user = self.world.users[role] or self.world.users["applicant"]
        tokens = ApiToken.objects.filter(name="matrix")
        mine = tokens.filter(user=user) if scope == "own" else tokens.exclude(user=user)
        return mine.order_by("pk").first().pk

    def kwargs(self, pattern: Pattern, role: str, scope: str) -> dict[str, Any]:
        values = {}
        for kwarg, kind in table.kwarg_kinds(pattern.key).items():
            if kwarg not in pattern.kwargs:
                continue
            choices = self.world.objects[kind]
            value = choices.get(scope, choices.get("any"))
            if kind == "user" and value == "self":
                value = (self.world.users[role] or self.world.users["applicant"]).pk
            elif kind == "token":
                value = self.token_id(role, scope)
            values[kwarg] = value
        return values

    def url(self, pattern: Pattern, kwargs: dict[str, Any], action: str | None) -> str:
        if action is not None:
            kwargs = {**kwargs, **table.variant_kwargs(pattern.key, action)}
        if pattern.key == "api:/^(?P<rest>.*)$":
            return "/" + API_PREFIX + str(kwargs["rest"])
        return "/" + _fill(pattern.route, kwargs)

    def body(self, pattern: Pattern, method: str, scope: str) -> Any:
        """The table's body (JSON, or a form with files for multipart), "@kind" replaced by that object."""
        raw = table.body(pattern.key, method)
        if raw is None:
            return {} if pattern.is_api and method != "GET" else None

        def fill(value: Any) -> Any:
            if isinstance(value, str) and value.startswith("@"):
                choices = self.world.objects[value[1:]]
                return choices.get(scope, choices.get("any"))
            if isinstance(value, list):
                return [fill(v) for v in value]
            if isinstance(value, tuple):  # (file name, bytes): an upload
                return SimpleUploadedFile(value[0], value[1])
            return value

        return {k: fill(v) for k, v in raw.items()}

    def send(self, role: str, method: str, url: str, api: bool, body: Any) -> Answer:
        client = self.clients[role]
        headers = {}
        if api and role != "anonymous":
            headers["Authorization"] = f"Bearer {self.world.tokens[role]}"
        cookies = client.cookies
        client.cookies = type(cookies)(cookies)
        writes: list[str] = []

        def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            if WRITE.match(sql) and not any(t in sql for t in BOOKKEEPING):
                writes.append(sql[:120])
            return execute(sql, params, many, context)

        before = AuditEvent.objects.count()
        savepoint = transaction.savepoint()
        try:
            with connection.execute_wrapper(spy):
                call = getattr(client, method.lower())
                multipart = body is not None and any(isinstance(v, SimpleUploadedFile) for v in body.values())
                if method == "GET":
                    response = call(url, body or {}, headers=headers)
                elif api and not multipart:
                    data = json.dumps(body) if body is not None else ""
                    response = call(url, data, content_type="application/json", headers=headers)
                else:
                    response = call(url, body or {}, headers=headers)
            audit = AuditEvent.objects.count() - before
        finally:
            transaction.savepoint_rollback(savepoint)
            client.cookies = cookies
        return Answer(
            response.status_code, response.get("Location", ""), writes, audit, shows_personal_data(response)
        )


def _fill(route: str, kwargs: dict[str, Any]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


def classify(answer: Answer, api: bool) -> str:
    """The answer as the table writes it: 200 (any 2xx), login, 302 (another redirect), or the code."""
    if 200 <= answer.status < 300:
        return "200"
    if answer.status in (301, 302, 303):
        return "login" if "/accounts/login/" in answer.location else "302"
    if answer.status == 401 and api:
        return "login"
    return str(answer.status)


@pytest.mark.parametrize("part", ["pages", "api"])  # two halves, so that `-n 2` runs them side by side
def test_access_matrix(db, settings, monkeypatch, part: str) -> None:
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    # Who may download a PDF is the question here, not its layout (tested with each letter): skip the layout.
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 matrix")
    world = build_world()
    probe = Probe(world)
    mismatches: list[str] = []
    record: dict[str, Any] = {}
    count = revealed = 0
    for pattern in url_patterns():
        if pattern.is_api != (part == "api"):
            continue
        if pattern.key not in table.TABLE:
            mismatches.append(f"{pattern.key}: not in access_matrix.TABLE")
            continue
        scopes = table.scopes(pattern.key)
        declared = table.methods(pattern.key)
        all_methods = API_METHODS if pattern.is_api else WEB_METHODS
        for action in table.actions(pattern.key) or [None]:
            row_key = pattern.key + (f"[{action}]" if action else "")
            for method in all_methods:
                roles = table.PROBE_ROLES.get(pattern.key, table.ROLES)
                if method not in declared:
                    roles = UNDECLARED_PROBES["api" if pattern.is_api else "web"]
                for role in roles:
                    for scope in scopes if method in declared else scopes[:1]:
                        expected = table.expected(pattern.key, method, role, scope, action)
                        url = probe.url(pattern, probe.kwargs(pattern, role, scope), action)
                        body = probe.body(pattern, method, scope)
                        answer = probe.send(role, method, url, pattern.is_api, body)
                        count += 1
                        got = classify(answer, pattern.is_api)
                        seen = got + ("+w" if answer.writes or answer.audit else "")
                        record.setdefault(row_key, {}).setdefault(method, {})[f"{role}/{scope}"] = seen
                        where = f"{method} {url} as {role} ({scope})"
                        if got == "500" or not table.matches(expected, got):
                            mismatches.append(f"{row_key}: {where}: expected {expected}, got {answer.status}")
                        elif not table.allowed(expected) and (answer.writes or answer.audit):
                            mismatches.append(
                                f"{row_key}: {where}: refused ({answer.status}) but wrote "
                                f"{answer.audit} audit event(s), {answer.writes[:3]}"
                            )
                        if answer.leaks and "reveal" in url:
                            revealed += 1
                        elif answer.leaks:
                            mismatches.append(f"{row_key}: {where}: shows a full ID number or phone")
    if path := os.environ.get("ZHUNRU_MATRIX_RECORD"):
        with open(f"{path}.{part}.json", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False, indent=1, sort_keys=True)
    print(f"access matrix: {count} requests")
    assert revealed, "the scan for personal data found nothing even in the reveal answers: is it working?"
    assert not mismatches, f"{len(mismatches)} of {count} answers differ from the table:\n" + "\n".join(
        mismatches
    )
