"""Registering on the page: one paste and one click registers and shows the verdict; a paste of many
messages is shown one row per message, judged and editable, and saved all at once; the verdict preview
(POST /gateway/judge/, htmx) answers without saving."""

from __future__ import annotations

import pytest

from zhunru.gateway.models import TaskNotice

pytestmark = pytest.mark.django_db

ENFORCEMENT = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设。"
CHECKUP = "【区卫健委】请社区通知辖区65岁以上老年人到社区卫生服务中心参加年度免费健康体检。"


@pytest.fixture
def worker_client(client, catalog, community_worker, today):
    client.force_login(community_worker)
    return client


def test_one_paste_one_click(worker_client):
    response = worker_client.post("/gateway/register/", {"text": ENFORCEMENT})
    notice = TaskNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/gateway/notices/{notice.pk}/"
    page = worker_client.get(response["Location"]).content.decode()
    assert "已登记，判定为：负面清单。" in page
    assert 'data-verdict="negative"' in page and notice.reason in page
    assert "拒绝" in page  # the answer is one click away


def test_the_page_form_with_every_field_and_a_screenshot(worker_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    shot = SimpleUploadedFile("shot.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, content_type="image/png")
    response = worker_client.post(
        "/gateway/register/",
        {
            "text": CHECKUP,
            "department_text": "",
            "received_on": "2026-06-01",
            "deadline": "2026-06-30",
            "hours": "2",
            "attachment": shot,
        },
    )
    assert response.status_code == 302
    notice = TaskNotice.objects.get()
    assert notice.verdict == "admitted" and str(notice.hours) == "2.0" and notice.attachment
    download = worker_client.get(f"/gateway/notices/{notice.pk}/attachment/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")


def test_empty_paste_and_a_bad_file_are_explained(worker_client):
    response = worker_client.post("/gateway/register/", {"text": "  "})
    assert response.status_code == 400
    assert "请粘贴或输入收到的任务内容。" in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("shot.png", b"MZ not an image", content_type="image/png")
    response = worker_client.post("/gateway/register/", {"text": ENFORCEMENT, "attachment": fake})
    assert response.status_code == 400
    assert "按内容检查" in response.content.decode()
    assert not TaskNotice.objects.exists()


def test_many_messages_are_previewed_then_saved_together(worker_client):
    paste = f"{CHECKUP}\n\n{ENFORCEMENT}\n\n请社区人民调解委员会调解两户居民的漏水纠纷。"
    preview = worker_client.post("/gateway/register/", {"text": paste, "received_on": "2026-06-10"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert html.count('class="bulk-row"') == 3
    for verdict in ("admitted", "negative", "duty"):
        assert f'data-verdict="{verdict}"' in html
    assert 'value="区卫生健康委员会"' in html  # the detected department, editable
    assert html.count('value="2026-06-10"') == 3
    assert not TaskNotice.objects.exists()  # nothing saved yet

    rows = {
        "text": [CHECKUP, ENFORCEMENT, "请社区人民调解委员会调解两户居民的漏水纠纷。"],
        "department_text": ["区卫生健康委员会", "区城市管理局", ""],
        "received_on": ["2026-06-10", "2026-06-11", "2026-06-10"],
        "deadline": ["", "", ""],
        "hours": ["1", "", "2"],
        "keep": ["0", "1", "2"],
    }
    response = worker_client.post("/gateway/bulk/", {**rows, "save": "1"})
    assert response.status_code == 302
    saved = list(TaskNotice.objects.order_by("pk"))
    assert [n.verdict for n in saved] == ["admitted", "negative", "duty"]
    assert str(saved[1].received_on) == "2026-06-11"
    assert all(n.source == TaskNotice.Source.BULK for n in saved)


def test_unticked_rows_are_left_out_and_errors_save_nothing(worker_client):
    rows = {
        "text": [CHECKUP, ENFORCEMENT],
        "department_text": ["", ""],
        "received_on": ["2026-06-10", "not a date"],
        "deadline": ["", ""],
        "hours": ["", ""],
        "keep": ["0", "1"],
    }
    response = worker_client.post("/gateway/bulk/", {**rows, "save": "1"})
    assert response.status_code == 400
    assert "第 2 条" in response.content.decode()
    assert not TaskNotice.objects.exists()
    response = worker_client.post("/gateway/bulk/", {**rows, "keep": ["0"], "save": "1"})
    assert response.status_code == 302
    assert TaskNotice.objects.count() == 1


def test_rejudge_after_an_edit(worker_client):
    rows = {
        "text": [CHECKUP],
        "department_text": ["区民政局"],
        "received_on": ["2026-06-10"],
        "deadline": [""],
        "hours": [""],
        "keep": ["0"],
        "rejudge": "1",
    }
    html = worker_client.post("/gateway/bulk/", rows).content.decode()
    assert 'data-verdict="unapproved"' in html and "只准入由区卫生健康委员会提出" in html
    assert not TaskNotice.objects.exists()


def test_verdict_preview_fragment(worker_client):
    response = worker_client.post("/gateway/judge/", {"text": ENFORCEMENT}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'data-verdict="negative"' in html and "区城市管理局" in html
    two = worker_client.post("/gateway/judge/", {"text": f"{CHECKUP}\n\n{ENFORCEMENT}"}).content.decode()
    assert two.count("data-verdict=") == 2 and "共 2 条消息" in two
    assert worker_client.post("/gateway/judge/", {"text": " "}).content.decode().strip() == ""
    assert not TaskNotice.objects.exists()


def test_the_paste_box_works_without_scripts(worker_client):
    html = worker_client.get("/gateway/").content.decode()
    assert 'action="/gateway/register/"' in html and 'method="post"' in html
    assert 'hx-post="/gateway/judge/"' in html
    assert "<script>" not in html and "onclick=" not in html  # no inline scripts


def test_accept_on_the_page(worker_client):
    worker_client.post("/gateway/register/", {"text": CHECKUP})
    notice = TaskNotice.objects.get()
    assert worker_client.post(f"/gateway/notices/{notice.pk}/accept/").status_code == 302
    notice.refresh_from_db()
    assert notice.action == "accepted"
    again = worker_client.post(f"/gateway/notices/{notice.pk}/accept/", follow=True).content.decode()
    assert "该任务已处理" in again
    assert worker_client.post(f"/gateway/notices/{notice.pk}/nonsense/").status_code == 404


def test_one_chat_message_keeps_its_stamp_date_and_sender(worker_client):
    paste = "区城管局 2026/6/3 9:15\n请社区派人上街查处占道经营。"
    assert worker_client.post("/gateway/register/", {"text": paste}).status_code == 302
    notice = TaskNotice.objects.get()
    assert notice.text == "请社区派人上街查处占道经营。"
    assert str(notice.received_on) == "2026-06-03"
    assert notice.department.name == "区城市管理局"
    assert notice.verdict == "negative"
