"""The catalog through the API: public search, detail, versions and their differences; the import
(all or nothing, dry run) for the approval office."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from zhunru.api.tests.helpers import ApiClient, as_user, ok
from zhunru.catalog.models import CatalogVersion, Matter

CSV_V1 = (
    "事项编码,事项名称,清单类别,事项类型,责任部门,依据,适用范围\n"
    "LZ-001,居民信息登记,依法履职事项,工作任务,区民政局,《城市居民委员会组织法》,全部\n"
    "XZ-001,计划生育协助,依法协助事项,工作任务,区卫生健康委员会,,990101001001\n"
)
CSV_V2 = (
    "code,name,list,kind,department,basis,scope\n"
    "LZ-001,居民信息登记与更新,duty,task,区民政局,《城市居民委员会组织法》,\n"
    "XZ-002,疫苗接种宣传,assist,task,区卫生健康委员会,,\n"
)


def upload(client, text: str, name: str = "catalog.csv", dry_run: bool | None = None):
    data = {} if dry_run is None else {"dry_run": "true" if dry_run else "false"}
    return client.upload("/catalog/import", {"file": SimpleUploadedFile(name, text.encode())}, data)


def test_import_then_read_publicly(approval_clerk):
    office = as_user(approval_clerk)
    report = ok(upload(office, CSV_V1))
    assert (report["ok"], report["created"], report["updated"]) == (True, 2, 0)
    assert "新增 2 条" in report["summary"]

    public = ApiClient()
    page = ok(public.get("/catalog/matters"))
    assert [m["code"] for m in page["items"]] == ["XZ-001", "LZ-001"]  # by list, then code
    assert ok(public.get("/catalog/matters", list="assist"))["items"][0]["scope"] == ["990101001001"]
    assert ok(public.get("/catalog/matters", q="居民"))["count"] == 1
    assert ok(public.get("/catalog/matters", kind="ledger"))["count"] == 0
    one = ok(public.get("/catalog/matters/LZ-001"))
    assert one["department"] == "区民政局" and one["list_label"] == "依法履职事项" and one["scope_all"]
    assert public.get("/catalog/matters/NOPE").status_code == 404


def test_versions_and_their_difference(approval_clerk):
    office = as_user(approval_clerk)
    ok(upload(office, CSV_V1))
    ok(upload(office, CSV_V2))
    versions = ok(ApiClient().get("/catalog/versions"))
    assert [v["number"] for v in versions["items"]] == [2, 1]
    assert [v["items"] for v in versions["items"]] == [3, 2]
    diff = ok(ApiClient().get("/catalog/versions/2/diff/1"))
    assert (diff["old"], diff["new"]) == (1, 2)
    assert [m["code"] for m in diff["added"]] == ["XZ-002"]
    assert diff["removed"] == []
    assert [(c["code"], c["fields"]) for c in diff["changed"]] == [("LZ-001", ["name"])]
    assert ApiClient().get("/catalog/versions/1/diff/9").status_code == 404


def test_a_dry_run_writes_nothing(approval_clerk):
    report = ok(upload(as_user(approval_clerk), CSV_V1, dry_run=True))
    assert report["dry_run"] and report["created"] == 2
    assert not Matter.objects.exists() and not CatalogVersion.objects.exists()


def test_a_bad_file_is_refused_whole(approval_clerk):
    bad = CSV_V1 + "XZ-009,,依法协助事项,不存在的类型,,,\n"
    response = upload(as_user(approval_clerk), bad)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "validation_failed" and "未写入任何数据" in body["message"]
    assert {e["column"] for e in body["report"]["errors"]} == {"name", "kind"}
    assert all(e["row"] == 4 for e in body["report"]["errors"])
    assert not Matter.objects.exists()


def test_a_file_of_another_type_is_refused(approval_clerk):
    response = upload(as_user(approval_clerk), "whatever", name="catalog.pdf")
    assert response.status_code == 400
    assert "只接受 .csv 或 .xlsx 文件" in response.json()["report"]["errors"][0]["message"]


def test_the_import_needs_a_token(district):
    assert upload(ApiClient(), CSV_V1).status_code == 401
