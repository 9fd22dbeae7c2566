"""/api/crm/customers: the 客户管理 page."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload

from crm.common import (
    ADMIN_LEVELS,
    INDUSTRIES,
    INDUSTRY_ATTRS,
    LEVELS,
    RELEASE_REASONS,
    REVIEW_STATUSES,
    SOURCES,
    utcnow,
)
from crm.customers import service
from crm.customers.models import Customer
from crm.customers.schemas import (
    AdminLevel,
    CustomerCreate,
    CustomerUpdate,
    Industry,
    IndustryAttr,
    Level,
    LockIn,
    ReleaseIn,
    ReviewIn,
    ReviewStatus,
    Source,
)
from crm.history.service import customer_timeline, log_export
from crm.staff.service import admin_options
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import Principal, Require
from shared.listing import PageParams, apply_sort, check_range, enum_options, list_response, page_params, paginate
from shared.problems import Problem
from shared.xlsx import read_upload, xlsx_response

router = APIRouter(prefix="/api/crm/customers", tags=["客户管理"])

SORTABLE = {
    "id": Customer.id,
    "name": Customer.name,
    "level": Customer.level,
    "headcount": Customer.headcount,
    "deal_total": Customer.deal_total,
    "paid_total": Customer.paid_total,
    "created_at": Customer.created_at,
    "reviewed_at": Customer.reviewed_at,
}


def customer_filters(
    keyword: str | None = Query(None, max_length=64, description="客户名称、拼音首字母或统一社会信用代码"),
    customer_id: int | None = Query(None, alias="id"),
    level: Level | None = None,
    admin_level: AdminLevel | None = None,
    industry: Industry | None = None,
    industry_attr: IndustryAttr | None = None,
    source: Source | None = None,
    review_status: ReviewStatus | None = None,
    owner_id: int | None = None,
    dept_id: int | None = None,
    locked: bool | None = None,
    in_pool: bool | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    deleted: bool = Query(False, description="回收站：已删除的客户（需要 crm:customer:restore）"),
) -> service.CustomerFilters:
    check_range("created", created_from, created_to)
    return service.CustomerFilters(
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
        created_from=created_from,
        created_to=created_to,
        deleted=deleted,
    )


def _check_deleted_access(filters: service.CustomerFilters, principal: Principal) -> None:
    if filters.deleted and not principal.can("crm:customer:restore"):
        raise Problem(
            403, "permission_denied", "查看已删除客户需要 crm:customer:restore", permission="crm:customer:restore"
        )


@router.get("")
async def list_customers(
    params: PageParams = Depends(page_params),
    filters: service.CustomerFilters = Depends(customer_filters),
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    _check_deleted_access(filters, principal)
    stmt = service.filtered(select(Customer).options(raiseload(Customer.contacts)), filters)
    stmt = stmt.where(service.visible_clause(principal, filters))
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Customer.id.desc()])
    rows, total = await paginate(session, stmt, params, row=service.customer_row)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {
            "admin_list": await admin_options(session),
            "status_list": enum_options(REVIEW_STATUSES),
            "level_list": enum_options(LEVELS),
            "admin_level_list": enum_options(ADMIN_LEVELS),
            "industry_list": enum_options(INDUSTRIES),
            "industry_attr_list": enum_options(INDUSTRY_ATTRS),
            "source_list": enum_options(SOURCES),
            "release_reason_list": enum_options(RELEASE_REASONS),
        }
    return list_response(rows, total, params, option_lists)


@router.get("/export")
async def export_customers(
    params: PageParams = Depends(page_params),
    filters: service.CustomerFilters = Depends(customer_filters),
    principal: Principal = Depends(Require("crm:customer:export")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    _check_deleted_access(filters, principal)
    stmt = service.filtered(select(Customer).options(raiseload(Customer.contacts)), filters)
    stmt = apply_sort(
        stmt.where(service.visible_clause(principal, filters)), params.sort, SORTABLE, [Customer.id.desc()]
    )
    customers = (await session.execute(stmt.limit(50000))).scalars().all()
    rows = [service.export_row(c) for c in customers]
    await log_export(session, "customers", filters.as_dict(), len(rows), principal.actor)
    await session.commit()
    return xlsx_response("客户列表.xlsx", service.EXPORT_COLUMNS, rows)


@router.get("/unattended")
async def unattended_customers(
    params: PageParams = Depends(page_params),
    days: int = Query(7, ge=1, le=365, description="领取或分配后超过 N 天未跟进"),
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    """Claimed or assigned customers without a follow-up since, for N days (seed 001: the manager's list of
    leads to reassign)."""
    cutoff = utcnow() - timedelta(days=days)
    stmt = (
        select(Customer)
        .options(raiseload(Customer.contacts))
        .where(
            Customer.deleted_at.is_(None),
            Customer.owner_id.is_not(None),
            Customer.claimed_at <= cutoff,
            or_(Customer.last_follow_up_at.is_(None), Customer.last_follow_up_at < Customer.claimed_at),
            service.scope_clause(principal),
        )
    )
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Customer.claimed_at, Customer.id])
    rows, total = await paginate(session, stmt, params, row=service.customer_row)
    # admin_list: whom the manager may hand these customers to (through an owner-change request).
    return list_response(
        rows, total, params, {"admin_list": await admin_options(session)} if params.with_options else {}
    )


@router.get("/import-template")
async def import_template(_: Principal = Depends(Require("crm:customer:import"))) -> Any:
    return xlsx_response("客户导入模板.xlsx", service.IMPORT_COLUMNS, [])


@router.post("/import")
async def import_customers(
    file: UploadFile = File(...),
    principal: Principal = Depends(Require("crm:customer:import")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    rows = await read_upload(file, service.IMPORT_COLUMNS)
    result = await service.import_customers(session, rows, principal.actor, utcnow(), principal=principal)
    await session.commit()
    return {"created": len(result.created), "ids": [c.id for c in result.created]}


@router.post("", status_code=201)
async def create_customer(
    body: CustomerCreate,
    principal: Principal = Depends(Require("crm:customer:create")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    owner = await service.resolve_owner(session, principal, body)
    customer = await service.create_customer(session, body, principal.actor, utcnow(), owner=owner)
    await session.commit()
    return service.customer_row(customer, full=True)


@router.get("/{customer_id}")
async def read_customer(
    customer_id: int,
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    customer = await service.load_customer(session, customer_id, principal)
    return service.customer_row(customer, full=True)


@router.get("/{customer_id}/history")
async def customer_history(
    customer_id: int,
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=100),
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    await service.load_customer(session, customer_id, principal, include_deleted=principal.can("crm:customer:restore"))
    rows = await customer_timeline(session, customer_id, page_size, (page - 1) * page_size)
    return {"data_list": rows, "page": page, "page_size": page_size}


@router.put("/{customer_id}")
async def update_customer(
    customer_id: int,
    body: CustomerUpdate,
    if_match: int | None = Depends(expected_version),
    principal: Principal = Depends(Require("crm:customer:update")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    version = resolve_version(body.version, if_match)
    customer = await service.load_customer(session, customer_id, principal, for_update=True)
    await service.update_customer(session, customer, body, version, principal.actor)
    await session.commit()
    return service.customer_row(customer, full=True)


@router.post("/{customer_id}/review")
async def review_customer(
    customer_id: int,
    body: ReviewIn,
    principal: Principal = Depends(Require("crm:customer:review")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    customer = await service.load_customer(session, customer_id, principal, for_update=True)
    await service.review_customer(session, customer, body.approved, body.reason, principal.actor, utcnow())
    await session.commit()
    return service.customer_row(customer, full=True)


@router.post("/{customer_id}/lock")
async def lock_customer(
    customer_id: int,
    body: LockIn,
    principal: Principal = Depends(Require("crm:customer:lock")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    customer = await service.load_customer(session, customer_id, principal, for_update=True)
    await service.set_locked(session, customer, body.locked, principal.actor)
    await session.commit()
    return service.customer_row(customer, full=True)


@router.post("/{customer_id}/release")
async def release_customer(
    customer_id: int,
    body: ReleaseIn,
    principal: Principal = Depends(Require("crm:customer:release")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    customer = await service.load_customer(session, customer_id, principal, for_update=True)
    await service.release(session, customer, body.reason, body.note, principal.actor, utcnow())
    await session.commit()
    return service.customer_row(customer, full=True)


@router.delete("/{customer_id}", status_code=204)
async def delete_customer(
    customer_id: int,
    principal: Principal = Depends(Require("crm:customer:delete")),
    session: AsyncSession = Depends(db_session),
) -> None:
    customer = await service.load_customer(session, customer_id, principal, for_update=True)
    await service.soft_delete(session, customer, principal.actor, utcnow())
    await session.commit()


@router.post("/{customer_id}/restore")
async def restore_customer(
    customer_id: int,
    principal: Principal = Depends(Require("crm:customer:restore")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    customer = await service.load_customer(session, customer_id, principal, for_update=True, include_deleted=True)
    await service.restore(session, customer, principal.actor)
    await session.commit()
    return service.customer_row(customer, full=True)
