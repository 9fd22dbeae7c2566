"""/api/crm/owner-changes: the 跟进人管理 page (request -> review; approval moves customer and contracts)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import add_scoped_listing, add_scoped_route
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
from shared.types import Id, Text

router = APIRouter(prefix="/api/crm/owner-changes", tags=["跟进人管理"])


async def owner_change_filters(
    status: OwnerChangeStatus | None = None,
    keyword: Text | None = Query(None, max_length=64, description="客户名称"),
    customer_id: Id | None = None,
    owner_id: Id | None = Query(None, description="原跟进人或新跟进人"),
) -> OwnerChangeFilters:
    return OwnerChangeFilters(keyword=keyword, status=status, customer_id=customer_id, owner_id=owner_id)


add_scoped_listing(
    router, plural="changes", code="crm:owner_change", page=OwnerChangePage, filters=owner_change_filters,
    list_rows=service.list_changes,
)
add_scoped_route(router, "POST", "", service.request_change, name="request_change",
                 permission="crm:owner_change:create", body_model=OwnerChangeCreate, response_model=OwnerChangeRow,
                 status_code=201)
add_scoped_route(router, "POST", "/{change_id}/review", service.review_change, name="review_change",
                 permission="crm:owner_change:review", body_model=ReviewIn, response_model=OwnerChangeRow)
add_scoped_route(router, "DELETE", "/{change_id}", service.delete_change, name="delete_change",
                 permission="crm:owner_change:delete")


@router.get("/pending-count", response_model=PendingCount)
async def pending_count(
    principal: Principal = Depends(Require("crm:owner_change:list")),
    session: AsyncSession = Depends(db_session),
) -> PendingCount:
    return await service.pending_count(session, principal)
