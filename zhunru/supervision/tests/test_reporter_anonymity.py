"""Who reported stays with supervision. Two communities report 区卫生健康委员会; then every page, export
and API answer of supervision (and the department's home, inbox and notifications), requested as the
department's clerk and head, and every public portal page, must not contain a reporting community's
name or code, a reporter's username or full name, or a report's reference.

The supervision pages and API endpoints are enumerated from the URL configuration and the OpenAPI
document, so a page added later is covered too."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from zhunru.accounts.roles import Role
from zhunru.api.main import api
from zhunru.api.tests.helpers import as_user
from zhunru.conftest import make_user
from zhunru.supervision import urls as supervision_urls
from zhunru.supervision.services import (
    case_conclude,
    case_start_investigation,
    retaliation_check,
    violation_report_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(district, make_notice, negative_matter, supervisor, today):
    donghu, xiling = district["donghu_community"], district["xiling_community"]
    reporter_a = make_user("jubao_donghu", role=Role.COMMUNITY_WORKER, community=donghu, full_name="钱举报")
    reporter_b = make_user("jubao_xiling", role=Role.COMMUNITY_WORKER, community=xiling, full_name="孙举报")
    reports = [
        violation_report_file(actor=reporter_a, notice=make_notice(community=donghu, matter=negative_matter)),
        violation_report_file(actor=reporter_b, notice=make_notice(community=xiling, matter=negative_matter)),
        violation_report_file(actor=reporter_b, notice=make_notice(community=xiling)),
    ]
    concluded = reports[0].case
    case_start_investigation(actor=supervisor, case=concluded)
    case_conclude(
        actor=supervisor,
        case=concluded,
        substantiated=True,
        measures=["rectify"],
        conclusion="属实，责令整改。",
    )
    case_start_investigation(actor=supervisor, case=reports[2].case)
    retaliation_check(notice=make_notice(community=donghu))  # a demand after the report: flagged
    secrets = [
        donghu.name,
        donghu.code,
        xiling.name,
        xiling.code,
        reporter_a.username,
        reporter_a.full_name,
        reporter_b.username,
        reporter_b.full_name,
        *[r.reference for r in reports],
    ]
    return {"reports": reports, "secrets": secrets, "reporters": (reporter_a, reporter_b)}


def text_of(response: Any) -> str:
    """The body as text; an .xlsx is unzipped so its cells are searched too."""
    body = getattr(response, "content", b"") or b"".join(getattr(response, "streaming_content", []))
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return "".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())
    if response.get("Content-Type", "").startswith("application/json"):  # "\u4e1c…" → "东…"
        return json.dumps(json.loads(body), ensure_ascii=False)
    return body.decode("utf-8", "replace")


def supervision_pages(case_ids: list[int]) -> list[str]:
    """Every page of zhunru.supervision.urls, with each case and each action filled in."""
    out = []
    for pattern in supervision_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = "/supervision/" + str(pattern.pattern)
        if "<int:pk>" in route:
            for pk in case_ids:
                with_pk = route.replace("<int:pk>", str(pk))
                if "<str:action>" in with_pk:
                    out += [with_pk.replace("<str:action>", a) for a in ("start_investigation", "conclude")]
                else:
                    out.append(with_pk)
        else:
            out.append(route)
    assert all("<" not in url for url in out), out
    return out


def supervision_api(case_ids: list[int]) -> list[tuple[str, str]]:
    """Every operation of the API under /supervision, from the OpenAPI document."""
    ops = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        if not path.startswith("/api/v1/supervision"):
            continue
        for method in methods:
            for pk in case_ids if "{case_id}" in path else [None]:
                ops.append((method.upper(), path.replace("{case_id}", str(pk))))
    assert len(ops) >= 7
    return ops


def assert_clean(text: str, secrets: list[str], where: str) -> None:
    found = [s for s in secrets if s in text]
    assert not found, f"{where} shows {found}"


def test_positive_control_supervision_sees_the_reporters(scene, supervisor):
    client = Client()
    client.force_login(supervisor)
    case = scene["reports"][0].case
    html = client.get(f"/supervision/cases/{case.pk}/").content.decode()
    assert "东湖社区" in html and "钱举报" in html and "jubao_donghu" in html


@pytest.mark.parametrize("persona", ["applicant", "dept_head"])
def test_the_department_never_learns_who_reported(scene, persona, request, district):
    user = request.getfixturevalue(persona)
    assert user.department == district["weijian"]
    secrets = scene["secrets"]
    case_ids = sorted({r.case_id for r in scene["reports"]})

    client = Client()
    client.force_login(user)
    stats = client.get("/supervision/department/")
    assert stats.status_code == 200
    html = stats.content.decode()
    assert "要求社区开具居住证明" in html and "未匹配事项" in html  # the counts are there
    # 2 reports in 1 case, substantiated; 1 report without a matter, in 1 case under investigation
    assert "<td>要求社区开具居住证明</td><td>2</td><td>1</td><td>1</td>" in html
    assert "<td>未匹配事项</td><td>1</td><td>1</td><td>0</td>" in html

    pages = [*supervision_pages(case_ids), "/", "/inbox/", "/supervision/?q=东湖"]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 403, 404, 405), (url, response.status_code)
        assert_clean(text_of(response), secrets, url)
        if "/cases/" in url and url.endswith(("start_investigation/", "conclude/")):
            posted = client.post(url, {"substantiated": "1", "measures": ["rectify"], "conclusion": "x"})
            assert posted.status_code in (403, 404), url
            assert_clean(text_of(posted), secrets, f"POST {url}")

    api_client = as_user(user)
    for method, path in [
        *supervision_api(case_ids),
        ("GET", "/api/v1/inbox/notifications"),
        ("GET", "/api/v1/me"),
    ]:
        if method == "GET":
            response = api_client.get(path)
        else:
            response = api_client.post(
                path, {"substantiated": True, "measures": ["rectify"], "conclusion": "x"}
            )
            assert response.status_code in (403, 404), (method, path)
        assert_clean(text_of(response), secrets, f"{method} {path}")

    rows = api_client.get("/supervision/department-stats").json()
    assert sum(r["reports"] for r in rows) == 3


def test_the_public_portal_never_shows_who_reported(scene, negative_matter):
    client = Client()
    urls = []
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) == "portal/":
            for sub in pattern.url_patterns:  # type: ignore[attr-defined]
                route = str(sub.pattern)
                if "<" not in route:
                    urls.append("/portal/" + route)
    urls.append(f"/portal/matters/{negative_matter.code}/")
    urls.append("/portal/catalog/?list=negative")
    assert len(urls) >= 7
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(text_of(response), scene["secrets"], url)
    # and the API's public endpoints, anonymously
    for path in ("/api/v1/catalog", "/api/v1/decisions"):
        response = Client().get(path)
        assert_clean(text_of(response), scene["secrets"], path)
