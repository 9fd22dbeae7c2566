"""/api/crm/customers: the 客户管理 page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Query, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from crm.customers import importing, service
from crm.customers.schemas import (
    AdminLevel,
    CustomerCreate,
    CustomerFilters,
    CustomerOut,
    CustomerPage,
    CustomerUpdate,
    HistoryPage,
    ImportOut,
    Industry,
    IndustryAttr,
    Level,
    LockIn,
    ReleaseIn,
    ReviewIn,
    ReviewStatus,
    Source,
    UnattendedPage,
)
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import Principal, Require
from shared.listing import PageParams, check_range, page_params
from shared.types import Day, Flag, Id, Text
from shared.xlsx import read_upload, xlsx_response

router = APIRouter(prefix="/api/crm/customers", tags=["客户管理"])
XLSX = {200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}}


async def customer_filters(
    keyword: Text | None = Query(None, max_length=64, description="客户名称、拼音首字母或统一社会信用代码"),
    customer_id: Id | None = None,
    level: Level | None = None,
    admin_level: AdminLevel | None = None,
    industry: Industry | None = None,
    industry_attr: IndustryAttr | None = None,
    source: Source | None = None,
    review_status: ReviewStatus | None = None,
    owner_id: Id | None = None,
    dept_id: Id | None = None,
    locked: Flag | None = None,
    in_pool: Flag | None = None,
    date_from: Day | None = Query(None, description="创建日期起（含），上海日期 YYYY-MM-DD"),
    date_to: Day | None = Query(None, description="创建日期止（含）"),
    deleted: Flag = Query(False, description="回收站：已删除的客户（需要 crm:customer:restore）"),
) -> CustomerFilters:
    check_range("date", date_from, date_to)
    return CustomerFilters(
        keyword=keyword,
        customer_id=customer_id,
        level=level,
        admin_level=admin_level,
        industry=industry,
        industry_attr=industry_attr,
        source=source,
        review_status=review_status,
        owner_id=owner_id,
        dept_id=dept_id,
        locked=locked,
        in_pool=in_pool,
        date_from=date_from,
        date_to=date_to,
        deleted=deleted,
    )


@router.get("", response_model=CustomerPage, response_model_exclude_unset=True)
async def list_customers(
    params: PageParams = Depends(page_params),
    filters: CustomerFilters = Depends(customer_filters),
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> CustomerPage:
    return await service.list_customers(session, principal, filters, params)


@router.get("/export", response_class=Response, responses=XLSX)
async def export_customers(
    params: PageParams = Depends(page_params),
    filters: CustomerFilters = Depends(customer_filters),
    principal: Principal = Depends(Require("crm:customer:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows = await service.export_customers(session, principal, filters, params.sort)
    return xlsx_response("客户列表.xlsx", service.EXPORT_COLUMNS, rows)


@router.get("/unattended", response_model=UnattendedPage, response_model_exclude_unset=True)
async def unattended_customers(
    params: PageParams = Depends(page_params),
    days: int = Query(7, ge=1, le=365, description="领取或分配后超过 N 天未跟进"),
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> UnattendedPage:
    """Claimed or assigned customers without a follow-up for N days (the manager's list of leads to reassign)."""
    return await service.list_unattended(session, principal, days, params)


@router.get("/import-template", response_class=Response, responses=XLSX)
async def import_template(_: Principal = Depends(Require("crm:customer:import"))) -> Response:
    return xlsx_response("客户导入模板.xlsx", importing.IMPORT_COLUMNS, [])


@router.post("/import", response_model=ImportOut)
async def import_customers(
    file: UploadFile = File(...),
    principal: Principal = Depends(Require("crm:customer:import")),
    session: AsyncSession = Depends(db_session),
) -> ImportOut:
    rows = await read_upload(file, importing.IMPORT_COLUMNS)
    return await importing.import_file(session, principal, rows)


@router.post("", status_code=201, response_model=CustomerOut)
async def create_customer(
    body: CustomerCreate,
    principal: Principal = Depends(Require("crm:customer:create")),
    session: AsyncSession = Depends(db_session),
) -> CustomerOut:
    return await service.create_customer(session, principal, body)


@router.get("/{customer_id}", response_model=CustomerOut)
async def read_customer(
    customer_id: Id,
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> CustomerOut:
    return await service.read_customer(session, principal, customer_id)


@router.get("/{customer_id}/history", response_model=HistoryPage)
async def customer_history(
    customer_id: Id,
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(50, ge=1, le=100),
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> HistoryPage:
    return await service.read_history(session, principal, customer_id, page, page_size)


@router.put("/{customer_id}", response_model=CustomerOut)
async def update_customer(
    customer_id: Id,
    body: CustomerUpdate,
    if_match: int | None = Depends(expected_version),
    principal: Principal = Depends(Require("crm:customer:update")),
    session: AsyncSession = Depends(db_session),
) -> CustomerOut:
    version = resolve_version(body.version, if_match)
    return await service.update_customer(session, principal, customer_id, body, version)


@router.post("/{customer_id}/review", response_model=CustomerOut)
async def review_customer(
    customer_id: Id,
    body: ReviewIn,
    principal: Principal = Depends(Require("crm:customer:review")),
    session: AsyncSession = Depends(db_session),
) -> CustomerOut:
    return await service.review_customer(session, principal, customer_id, body)


@router.post("/{customer_id}/lock", response_model=CustomerOut)
async def lock_customer(
    customer_id: Id,
    body: LockIn,
    principal: Principal = Depends(Require("crm:customer:lock")),
    session: AsyncSession = Depends(db_session),
) -> CustomerOut:
    return await service.set_locked(session, principal, customer_id, body.locked)


@router.post("/{customer_id}/release", response_model=CustomerOut)
async def release_customer(
    customer_id: Id,
    body: ReleaseIn,
    principal: Principal = Depends(Require("crm:customer:release")),
    session: AsyncSession = Depends(db_session),
) -> CustomerOut:
    return await service.release_customer(session, principal, customer_id, body)


@router.delete("/{customer_id}", status_code=204, response_class=Response)
async def delete_customer(
    customer_id: Id,
    principal: Principal = Depends(Require("crm:customer:delete")),
    session: AsyncSession = Depends(db_session),
) -> None:
    await service.delete_customer(session, principal, customer_id)


@router.post("/{customer_id}/restore", response_model=CustomerOut)
async def restore_customer(
    customer_id: Id,
    principal: Principal = Depends(Require("crm:customer:restore")),
    session: AsyncSession = Depends(db_session),
) -> CustomerOut:
    return await service.restore_customer(session, principal, customer_id)
