"""/api/crm/customers: the 客户管理 page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Query, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from crm.common import XLSX, add_scoped_listing, add_scoped_route, add_versioned_update
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
from shared.identity import Principal, Require
from shared.listing import PageParams, check_range, page_params
from shared.types import Day, Flag, Id, Text
from shared.xlsx import read_upload, xlsx_response

router = APIRouter(prefix="/api/crm/customers", tags=["客户管理"])


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


add_scoped_listing(
    router, plural="customers", code="crm:customer", page=CustomerPage, filters=customer_filters,
    list_rows=service.list_customers, export_rows=service.export_customers, export_name="客户列表.xlsx",
    export_columns=service.EXPORT_COLUMNS, export_sorted=True,
)


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


add_scoped_route(router, "POST", "", service.create_customer, name="create_customer",
                 permission="crm:customer:create", body_model=CustomerCreate, response_model=CustomerOut,
                 status_code=201)
add_scoped_route(router, "GET", "/{customer_id}", service.read_customer, name="read_customer",
                 permission="crm:customer:list", response_model=CustomerOut)


@router.get("/{customer_id}/history", response_model=HistoryPage)
async def customer_history(
    customer_id: Id,
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(50, ge=1, le=100),
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> HistoryPage:
    return await service.read_history(session, principal, customer_id, page, page_size)


add_versioned_update(router, "/{customer_id}", service.update_customer, name="update_customer",
                     permission="crm:customer:update", body_model=CustomerUpdate, response_model=CustomerOut)
add_scoped_route(router, "POST", "/{customer_id}/review", service.review_customer, name="review_customer",
                 permission="crm:customer:review", body_model=ReviewIn, response_model=CustomerOut)
add_scoped_route(router, "POST", "/{customer_id}/lock", service.set_locked, name="lock_customer",
                 permission="crm:customer:lock", body_model=LockIn, response_model=CustomerOut)
add_scoped_route(router, "POST", "/{customer_id}/release", service.release_customer, name="release_customer",
                 permission="crm:customer:release", body_model=ReleaseIn, response_model=CustomerOut)
add_scoped_route(router, "DELETE", "/{customer_id}", service.delete_customer, name="delete_customer",
                 permission="crm:customer:delete")
add_scoped_route(router, "POST", "/{customer_id}/restore", service.restore_customer, name="restore_customer",
                 permission="crm:customer:restore", response_model=CustomerOut)
