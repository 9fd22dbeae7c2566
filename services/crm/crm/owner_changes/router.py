"""/api/crm/owner-changes: the 跟进人管理 page (request -> review; approval moves customer and contracts)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from crm.customers.schemas import ReviewIn
from crm.owner_changes import service
from crm.owner_changes.schemas import (
    OwnerChangeCreate,
    OwnerChangeFilters,
    OwnerChangePage,
    OwnerChangeRow,
    OwnerChangeStatus,
    PendingCount,
)
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id, Text

router = APIRouter(prefix="/api/crm/owner-changes", tags=["跟进人管理"])


async def owner_change_filters(
    status: OwnerChangeStatus | None = None,
    keyword: Text | None = Query(None, max_length=64, description="客户名称"),
    customer_id: Id | None = None,
    owner_id: Id | None = Query(None, description="原跟进人或新跟进人"),
) -> OwnerChangeFilters:
    return OwnerChangeFilters(keyword=keyword, status=status, customer_id=customer_id, owner_id=owner_id)


@router.get("", response_model=OwnerChangePage, response_model_exclude_unset=True)
async def list_changes(
    params: PageParams = Depends(page_params),
    filters: OwnerChangeFilters = Depends(owner_change_filters),
    principal: Principal = Depends(Require("crm:owner_change:list")),
    session: AsyncSession = Depends(db_session),
) -> OwnerChangePage:
    return await service.list_changes(session, principal, filters, params)


@router.post("", status_code=201, response_model=OwnerChangeRow)
async def request_change(
    body: OwnerChangeCreate,
    principal: Principal = Depends(Require("crm:owner_change:create")),
    session: AsyncSession = Depends(db_session),
) -> OwnerChangeRow:
    return await service.request_change(session, principal, body)


@router.post("/{change_id}/review", response_model=OwnerChangeRow)
async def review_change(
    change_id: Id,
    body: ReviewIn,
    principal: Principal = Depends(Require("crm:owner_change:review")),
    session: AsyncSession = Depends(db_session),
) -> OwnerChangeRow:
    return await service.review_change(session, principal, change_id, body)


@router.delete("/{change_id}", status_code=204, response_class=Response)
async def delete_change(
    change_id: Id,
    principal: Principal = Depends(Require("crm:owner_change:delete")),
    session: AsyncSession = Depends(db_session),
) -> None:
    await service.delete_change(session, principal, change_id)


@router.get("/pending-count", response_model=PendingCount)
async def pending_count(
    principal: Principal = Depends(Require("crm:owner_change:list")),
    session: AsyncSession = Depends(db_session),
) -> PendingCount:
    return await service.pending_count(session, principal)
