"""The catalog (public reads) and its import (approval office)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from zhunru.api import present
from zhunru.api.auth import actor, token_auth, viewer
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.schemas import (
    ERRORS,
    PUBLIC_ERRORS,
    ImportFailedOut,
    ImportReportOut,
    MatterOut,
    VersionDiffOut,
    VersionOut,
    page_of,
)
from zhunru.catalog import selectors, services
from zhunru.catalog.models import CatalogVersion
from zhunru.core.errors import NotFound, ValidationFailed
from zhunru.core.tabular import ImportReport

router = Router(tags=["事项清单"])

MatterPage = page_of(MatterOut, "MatterPage")
VersionPage = page_of(VersionOut, "VersionPage")
MAX_IMPORT = 20 * 1024 * 1024


@router.get(
    "/matters",
    auth=None,
    response={200: MatterPage, **PUBLIC_ERRORS},
    operation_id="catalog_matters_list",
    summary="现行事项清单（公开，可检索）",
)
def matters(
    request: HttpRequest,
    q: str = "",
    list: str = "",
    kind: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict:
    viewer(request)
    qs = selectors.search_catalog(q=q.strip(), list_=list, kind=kind)
    return paginate(qs, page, page_size, present.matter)


@router.get(
    "/matters/{code}",
    auth=None,
    response={200: MatterOut, **PUBLIC_ERRORS},
    operation_id="catalog_matter_get",
    summary="事项详情（公开；草稿仅准入办可见）",
)
def matter(request: HttpRequest, code: str) -> dict:
    return present.matter(selectors.access_matter(viewer(request), code))


def _version(v: CatalogVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "published_at": v.published_at,
        "published_by": v.published_by,
        "note": v.note,
        "items": len(v.items),
    }


@router.get(
    "/versions",
    auth=None,
    response={200: VersionPage, **PUBLIC_ERRORS},
    operation_id="catalog_versions_list",
    summary="清单版本（公开）",
)
def versions(request: HttpRequest, page: int = 1, page_size: int = PAGE_SIZE) -> dict:
    viewer(request)
    return paginate(CatalogVersion.objects.order_by("-number"), page, page_size, _version)


@router.get(
    "/versions/{int:a}/diff/{int:b}",
    auth=None,
    response={200: VersionDiffOut, **PUBLIC_ERRORS},
    operation_id="catalog_versions_diff",
    summary="两个清单版本的差异（新增、删除、变更）",
)
def versions_diff(request: HttpRequest, a: int, b: int) -> dict:
    viewer(request)
    found = {v.number: v for v in CatalogVersion.objects.filter(number__in=[a, b])}
    if a not in found or b not in found:
        raise NotFound()
    diff = selectors.version_diff(found[a], found[b])
    return {"old": min(a, b), "new": max(a, b), **diff}


def _report(report: ImportReport) -> dict[str, Any]:
    return {
        "file": report.file,
        "ok": report.ok,
        "dry_run": report.dry_run,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "summary": report.summary_zh(),
        "warnings": list(report.warnings),
        "errors": [
            {"row": e.row, "column": e.column, "message": e.zh, "message_en": e.en} for e in report.errors
        ],
    }


@router.post(
    "/import",
    auth=token_auth,
    response={200: ImportReportOut, 400: ImportFailedOut, **{k: v for k, v in ERRORS.items() if k != 400}},
    operation_id="catalog_import",
    summary="导入事项清单（CSV/XLSX，全部成功才写入；dry_run 只校验）",
)
def catalog_import(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False
) -> Status[dict[str, Any]]:
    if (file.size or 0) > MAX_IMPORT:
        raise ValidationFailed(_("导入文件不能超过 20 MB。"), field="file")
    data = file.read()
    report = services.catalog_import(
        actor=actor(request), name=file.name or "catalog.csv", data=data, dry_run=dry_run
    )
    body = _report(report)
    if not report.ok:
        return Status(400, {"error": "validation_failed", "message": report.summary_zh(), "report": body})
    return Status(200, body)
