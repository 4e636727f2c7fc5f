"""/manage/import/: the system administrator uploads a file, sees the full check (nothing written),
and only a confirmation with the token imports it. Everyone else is turned away."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhunru.areas.models import Area, Department
from zhunru.areas.tests.helpers import (
    COMMUNITY_HEADER,
    DEPARTMENT_HEADER,
    counts,
    csv_bytes,
    snapshot,
    uscc,
    xlsx_bytes,
)
from zhunru.core.models import AuditEvent

URL = "/manage/import/"
REPORT_ROW = re.compile(r"<tr><td>(\d+)</td><td>(\w+)</td><td>(.*?)</td></tr>")
TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')

NEW_DEPARTMENTS = [
    [uscc(501), "区交通运输局", "交通局", "department"],
    [uscc(502), "区财政局", "财政局", "department"],
]


def upload(client, what: str, name: str, data: bytes):
    return client.post(URL, {"what": what, "file": SimpleUploadedFile(name, data)})


def reported(response) -> list[tuple[int, str, str]]:
    return [(int(r), c, p) for r, c, p in REPORT_ROW.findall(response.content.decode())]


@pytest.fixture
def admin_client(client, sysadmin):
    client.force_login(sysadmin)
    return client


def test_anonymous_is_sent_to_login(client, district):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    response = upload(client, "departments", "d.csv", csv_bytes(DEPARTMENT_HEADER, NEW_DEPARTMENTS))
    assert response.status_code == 302
    assert Department.objects.filter(code=uscc(501)).count() == 0


@pytest.mark.parametrize(
    "persona", ["outsider", "secadmin", "auditadmin", "approval_clerk", "street_officer"]
)
def test_other_users_get_403_and_cannot_import(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    before = snapshot()
    response = upload(client, "departments", "d.csv", csv_bytes(DEPARTMENT_HEADER, NEW_DEPARTMENTS))
    assert response.status_code == 403
    assert snapshot() == before


def test_sysadmin_sees_the_upload_form(admin_client):
    response = admin_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="file"' in body and 'name="what"' in body


def test_file_with_three_bad_rows_is_reported_and_nothing_written(admin_client):
    code = uscc(503)
    rows = [
        NEW_DEPARTMENTS[0],  # 2
        [code[:-1] + ("1" if code[-1] != "1" else "2"), "区水利局", "", "department"],  # 3
        [uscc(504), "区审计局", "", "部门"],  # 4
        NEW_DEPARTMENTS[1],  # 5
        [uscc(505)[:17], "区林业局", "", "department"],  # 6: 17 characters
    ]
    before = counts()
    response = upload(admin_client, "departments", "单位.csv", csv_bytes(DEPARTMENT_HEADER, rows))
    assert response.status_code == 400
    lines = reported(response)
    assert [(row, col) for row, col, _ in lines] == [(3, "code"), (4, "kind"), (6, "code")]
    assert "校验位错误" in lines[0][2]
    assert "类型“部门”无效" in lines[1][2]
    assert "应为 18 位，实为 17 位" in lines[2][2]
    body = response.content.decode()
    assert "单位.csv：3 行有误，共 3 处问题，未写入任何数据。" in body
    assert 'name="token"' not in body  # nothing to confirm
    assert counts() == before


def test_clean_file_is_checked_first_then_imported_on_confirmation(admin_client, sysadmin, settings):
    before = counts()
    response = upload(admin_client, "departments", "单位.csv", csv_bytes(DEPARTMENT_HEADER, NEW_DEPARTMENTS))
    assert response.status_code == 200
    body = response.content.decode()
    assert "将新增 2 条" in body
    assert "确认导入" in body
    assert counts() == before  # checked, not written
    token = TOKEN.search(body).group(1)

    response = admin_client.post(URL, {"what": "departments", "token": token, "name": "单位.csv"})
    assert response.status_code == 200
    assert "单位.csv：共 2 行，新增 2 条" in response.content.decode()
    assert set(Department.objects.filter(code__in=[uscc(501), uscc(502)]).values_list("name", flat=True)) == {
        "区交通运输局",
        "区财政局",
    }
    assert counts()["departments"] == before["departments"] + 2
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.event_type, event.actor_id) == ("departments.import", sysadmin.pk)
    assert event.summary["file"] == "单位.csv"
    assert not (settings.DATA_DIR / "uploads" / token).exists()

    # the token is spent: confirming again does nothing
    after = snapshot()
    response = admin_client.post(URL, {"what": "departments", "token": token, "name": "单位.csv"})
    assert response.status_code == 400
    assert "已过期" in response.content.decode()
    assert snapshot() == after


def test_reuploading_the_imported_file_shows_no_changes(admin_client):
    data = csv_bytes(DEPARTMENT_HEADER, NEW_DEPARTMENTS)
    token = TOKEN.search(upload(admin_client, "departments", "d.csv", data).content.decode()).group(1)
    admin_client.post(URL, {"what": "departments", "token": token, "name": "d.csv"})
    before = snapshot()
    response = upload(admin_client, "departments", "d.csv", data)
    assert "将新增 0 条，将更新 0 条，2 条无变化" in response.content.decode()
    token = TOKEN.search(response.content.decode()).group(1)
    admin_client.post(URL, {"what": "departments", "token": token, "name": "d.csv"})
    assert snapshot() == before  # no change, no audit event


@pytest.mark.parametrize("token", ["../../etc/passwd", "deadbeef" * 4, ""])
def test_forged_or_unknown_tokens_import_nothing(admin_client, token):
    before = snapshot()
    response = admin_client.post(URL, {"what": "departments", "token": token, "name": "d.csv"})
    assert response.status_code == 400
    assert snapshot() == before


def test_communities_xlsx_with_chinese_headers_through_the_web(admin_client):
    header = ["所属街道", "区划代码", "社区名称", "户数", "人口", "备注"]
    rows = [["东湖街道", "990101001004", "湖滨社区", 120, 300, "新建"]]
    response = upload(admin_client, "communities", "社区.xlsx", xlsx_bytes(header, rows))
    assert response.status_code == 200
    body = response.content.decode()
    assert "忽略未知列“备注”" in body
    assert not Area.objects.filter(code="990101001004").exists()
    token = TOKEN.search(body).group(1)
    response = admin_client.post(URL, {"what": "communities", "token": token, "name": "社区.xlsx"})
    assert response.status_code == 200
    area = Area.objects.get(code="990101001004")
    assert (area.name, area.parent.code, area.households, area.population) == (
        "湖滨社区",
        "990101001000",
        120,
        300,
    )
    assert AuditEvent.objects.order_by("-seq").first().event_type == "communities.import"


def test_bad_communities_file_lists_rows_in_chinese(admin_client):
    rows = [
        ["990101001004", "湖滨社区", "东湖街道", "-1", "300"],
        ["990101001005", "湖心社区", "北山街道", "1", "1"],
    ]
    before = snapshot()
    response = upload(admin_client, "communities", "c.csv", csv_bytes(COMMUNITY_HEADER, rows))
    assert response.status_code == 400
    lines = reported(response)
    assert [(row, col) for row, col, _ in lines] == [(2, "households"), (3, "street")]
    assert "“户数”不能为负数" in lines[0][2]
    assert snapshot() == before


def test_missing_choice_or_file_is_a_form_error(admin_client):
    response = admin_client.post(URL, {"what": "users"})
    assert response.status_code == 400
    response = admin_client.post(URL, {"what": "departments"})
    assert response.status_code == 400
    assert "请选择要上传的文件" in response.content.decode()
