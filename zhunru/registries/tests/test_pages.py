"""The pages: the board list (scope, filters, pages, Excel), registering and removing through the forms
(bad photo, missing photo), the photos, the campaigns (open with a past deadline refused, counts, close,
Excel), the ledger registry and its Excel; who may open what."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.registries import services
from zhunru.registries.models import Campaign, Signboard
from zhunru.registries.tests.conftest import PDF, PNG, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def boards(register, community_worker, huayuan_worker, xiling_worker, board_matter, district):
    return [
        register(community_worker, name="健康服务站", matter=board_matter),
        register(community_worker, name="老年协会"),
        register(huayuan_worker, name="禁毒工作站", department=district["weijian"]),
        register(xiling_worker, name="西岭协会"),
    ]


def sheet_rows(response, index=0):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [[c.value for c in row] for row in book.worksheets[index].iter_rows()]


def test_the_list_follows_the_scope(boards, client, community_worker, street_officer, approval_clerk):
    client.force_login(community_worker)
    html = client.get("/registries/signboards/").content.decode()
    assert "健康服务站" in html and "老年协会" in html and "禁毒工作站" not in html and "西岭协会" not in html
    client.force_login(street_officer)
    html = client.get("/registries/signboards/").content.decode()
    assert "禁毒工作站" in html and "老年协会" in html and "西岭协会" not in html
    client.force_login(approval_clerk)
    html = client.get("/registries/signboards/").content.decode()
    assert html.count('data-testid="board"') == 4


def test_filters_and_export(boards, client, approval_clerk):
    client.force_login(approval_clerk)
    html = client.get("/registries/signboards/", {"admitted": "no"}).content.decode()
    assert "健康服务站" not in html and html.count('data-testid="board"') == 3
    html = client.get("/registries/signboards/", {"q": "禁毒"}).content.decode()
    assert html.count('data-testid="board"') == 1
    html = client.get("/registries/signboards/", {"community": "990101002001"}).content.decode()
    assert "西岭协会" in html and html.count('data-testid="board"') == 1
    rows = sheet_rows(client.get("/registries/signboards/export.xlsx", {"admitted": "no"}))
    assert rows[0][:5] == ["区划代码", "社区", "街道", "牌子名称", "挂牌部门"]
    assert [r[3] for r in rows[1:]] == ["老年协会", "禁毒工作站", "西岭协会"]
    assert rows[1][7] == "否" and rows[1][8] == "在挂"


def test_the_list_has_pages(register, community_worker, client):
    for n in range(27):
        register(community_worker, name=f"牌子{n:02d}")
    client.force_login(community_worker)
    assert "第 1 / 2 页" in client.get("/registries/signboards/").content.decode()
    assert "牌子26" in client.get("/registries/signboards/", {"page": 2}).content.decode()


def test_register_through_the_form(client, community_worker, board_matter, district, today):
    client.force_login(community_worker)
    form = client.get("/registries/signboards/new/").content.decode()
    assert "GP-T01 健康服务站挂牌" in form
    response = client.post(
        "/registries/signboards/new/",
        {
            "name": "健康服务站",
            "department": district["weijian"].pk,
            "placement": "outside",
            "matter": board_matter.pk,
            "photo": upload(),
        },
    )
    board = Signboard.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/registries/signboards/{board.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert (
        "健康服务站" in html
        and "室外" in html
        and "有准入依据" in html
        and 'data-testid="remove-form"' in html
    )
    photo = client.get(f"/registries/signboards/{board.pk}/photo/board/")
    assert photo["Content-Type"] == "image/png" and b"".join(photo.streaming_content) == PNG


def test_a_non_image_is_refused_by_the_form(client, community_worker, district):
    client.force_login(community_worker)
    response = client.post(
        "/registries/signboards/new/",
        {"name": "某牌", "department": district["weijian"].pk, "placement": "inside", "photo": upload(PDF)},
    )
    assert response.status_code == 400 and "不是 JPG 或 PNG 图片" in response.content.decode()
    assert not Signboard.objects.exists()


def test_remove_through_the_form(boards, client, community_worker):
    client.force_login(community_worker)
    board = boards[1]
    response = client.post(f"/registries/signboards/{board.pk}/remove/", {"note": "已拆"})
    assert response.status_code == 400 and "请上传照片" in response.content.decode()
    assert Signboard.objects.get(pk=board.pk).status == "present"
    response = client.post(
        f"/registries/signboards/{board.pk}/remove/", {"note": "已拆", "photo": upload(name="after.png")}
    )
    assert response.status_code == 302
    html = client.get(f"/registries/signboards/{board.pk}/").content.decode()
    assert "已摘除" in html and 'data-testid="removal-photo"' in html and "remove-form" not in html
    assert client.get(f"/registries/signboards/{board.pk}/photo/removal/").status_code == 200


def test_permission_edges(
    boards, client, community_worker, huayuan_worker, street_officer, supervisor, outsider
):
    other = boards[2]  # 花园路社区
    client.force_login(community_worker)
    assert client.get(f"/registries/signboards/{other.pk}/").status_code == 404
    assert client.get(f"/registries/signboards/{other.pk}/photo/board/").status_code == 404
    response = client.post(f"/registries/signboards/{other.pk}/remove/", {"photo": upload()})
    assert response.status_code == 404
    client.force_login(street_officer)
    assert client.get(f"/registries/signboards/{other.pk}/").status_code == 200
    assert client.get("/registries/signboards/new/").status_code == 404  # streets do not register
    response = client.post(f"/registries/signboards/{other.pk}/remove/", {"photo": upload()})
    assert response.status_code == 403
    assert client.get(f"/registries/signboards/{boards[3].pk}/").status_code == 404  # 西岭街道
    for user in (supervisor, outsider):
        client.force_login(user)
        assert client.get("/registries/signboards/").status_code == 403
        assert client.get("/registries/campaigns/").status_code == 403
    client.force_login(outsider)
    assert client.get("/registries/ledgers/").status_code == 403
    assert Signboard.objects.filter(status="removed").count() == 0


def test_campaign_pages(boards, client, approval_clerk, community_worker, today):
    client.force_login(approval_clerk)
    response = client.post("/registries/campaigns/", {"name": "清理", "deadline": "2026-03-01"})
    assert response.status_code == 400 and "已经过去" in response.content.decode()
    assert not Campaign.objects.exists()
    response = client.post("/registries/campaigns/", {"name": "2026年清理整治", "deadline": "2026-03-31"})
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/registries/campaigns/{campaign.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert html.count('data-testid="item"') == 3 and 'data-action="close"' in html
    assert '<tr class="total" data-community="total"><td>合计</td><td></td><td class="num">4</td>' in html

    client.force_login(community_worker)
    html = client.get(f"/registries/campaigns/{campaign.pk}/").content.decode()
    assert html.count('data-testid="item"') == 1 and 'data-action="close"' not in html
    assert "未经准入的挂牌须在 2026-03-31 前摘除" in client.get("/registries/signboards/").content.decode()
    assert client.post("/registries/campaigns/", {"name": "x", "deadline": "2026-04-01"}).status_code == 404
    assert client.post(f"/registries/campaigns/{campaign.pk}/close/").status_code == 403
    services.signboard_remove(actor=community_worker, signboard=boards[1], photo=("a.png", PNG))

    client.force_login(approval_clerk)
    rows = sheet_rows(client.get(f"/registries/campaigns/{campaign.pk}/export.xlsx"))
    assert rows[0][3:9] == [
        "开始时挂牌数",
        "开始时无准入依据",
        "现挂牌数",
        "现无准入依据",
        "列入清理",
        "已摘除",
    ]
    donghu = next(r for r in rows if r[0] == "990101001001")
    assert donghu[3:9] == [2, 1, 1, 0, 1, 1]
    assert rows[-1][1] == "合计" and rows[-1][3:9] == [4, 3, 3, 2, 3, 1]
    items = sheet_rows(client.get(f"/registries/campaigns/{campaign.pk}/export.xlsx"), 1)
    assert [r[3] for r in items[1:]] == ["老年协会", "禁毒工作站", "西岭协会"]

    today(dt.date(2026, 4, 2))
    response = client.post(f"/registries/campaigns/{campaign.pk}/close/", {"note": "完成"})
    assert response.status_code == 302
    html = client.get(f"/registries/campaigns/{campaign.pk}/").content.decode()
    assert "已结束" in html and "结束时挂牌数" in html and 'data-action="close"' not in html
    response = client.post(f"/registries/campaigns/{campaign.pk}/close/", follow=True)
    assert "不能“结束行动”" in response.content.decode()


def test_the_ledger_page_and_export(client, community_worker, approval_clerk, district, today):
    Matter.objects.create(
        code="TZ-X1",
        name="困难群众帮扶台账",
        list=MatterList.ADMITTED,
        kind=MatterKind.LEDGER,
        department=district["minzheng"],
        status="published",
        frequency="每季度",
        data_fields=["姓名", "身份证号"],
    )
    Matter.objects.create(
        code="TZ-X2",
        name="=HYPERLINK(1)",
        list=MatterList.ADMITTED,
        kind=MatterKind.REPORT,
        department=district["weijian"],
        status="published",
        frequency="每月",
        data_fields=["姓名"],
    )
    client.force_login(community_worker)
    html = client.get("/registries/ledgers/").content.decode()
    assert "东湖社区：2026 年须报送的台账报表" in html and "每年报送 16 次" in html
    assert html.count("data-community=") == 1  # her community only
    rows = sheet_rows(client.get("/registries/ledgers/export.xlsx", {"year": "2026"}))
    assert rows[0][:7] == ["事项编码", "事项名称", "事项类型", "清单类别", "责任部门", "频次", "每年报送次数"]
    assert rows[1][:7] == ["TZ-X1", "困难群众帮扶台账", "台账", "准入事项", "区民政局", "每季度", 4]
    assert rows[2][1] == "'=HYPERLINK(1)"  # never a formula
    per_community = sheet_rows(client.get("/registries/ledgers/export.xlsx"), 1)
    assert [r[:5] for r in per_community[1:]] == [
        ["990101001001", "东湖社区", "区卫生健康委员会", 1, 12],
        ["990101001001", "东湖社区", "区民政局", 1, 4],
    ]
    fields = sheet_rows(client.get("/registries/ledgers/export.xlsx"), 2)
    assert fields[1][:3] == ["姓名", 2, "区卫生健康委员会、区民政局"]
    client.force_login(approval_clerk)
    html = client.get("/registries/ledgers/", {"community": "990101002001"}).content.decode()
    assert "西岭社区：2026 年须报送的台账报表" in html
    client.force_login(community_worker)
    assert client.get("/registries/ledgers/", {"community": "990101002001"}).status_code == 404
