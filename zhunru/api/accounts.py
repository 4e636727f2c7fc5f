"""GET /me, areas and departments."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from zhunru.api import present
from zhunru.api.auth import actor
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.schemas import ERRORS, AreaOut, DepartmentOut, MeOut, page_of
from zhunru.areas.selectors import area_list, department_list

router = Router(tags=["账户与区划"])

AreaPage = page_of(AreaOut, "AreaPage")
DepartmentPage = page_of(DepartmentOut, "DepartmentPage")


@router.get("/me", response={200: MeOut, **ERRORS}, operation_id="me", summary="当前用户及其角色")
def me(request: HttpRequest) -> dict:
    return present.me(actor(request))


@router.get(
    "/areas",
    response={200: AreaPage, **ERRORS},
    operation_id="areas_list",
    summary="区划列表（区、街道、社区）",
)
def areas(
    request: HttpRequest, q: str = "", level: str = "", page: int = 1, page_size: int = PAGE_SIZE
) -> dict:
    return paginate(area_list(q=q.strip(), level=level), page, page_size, present.area)


@router.get(
    "/departments",
    response={200: DepartmentPage, **ERRORS},
    operation_id="departments_list",
    summary="单位列表（部门、街道、准入办、纪检监察）",
)
def departments(
    request: HttpRequest, q: str = "", kind: str = "", page: int = 1, page_size: int = PAGE_SIZE
) -> dict:
    return paginate(department_list(q=q.strip(), kind=kind), page, page_size, present.department)
