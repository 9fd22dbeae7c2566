"""/api/crm/follow-ups: the 跟进记录管理 page and the due-today/overdue list of the current user."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import add_scoped_listing, add_scoped_route, add_versioned_update
from crm.follow_ups import service
from crm.follow_ups.schemas import (
    DueFollowUps,
    FollowUpCreate,
    FollowUpFilters,
    FollowUpMethod,
    FollowUpPage,
    FollowUpRow,
    FollowUpUpdate,
)
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import check_range
from shared.types import Day, Id, Text

router = APIRouter(prefix="/api/crm/follow-ups", tags=["跟进记录管理"])


async def follow_up_filters(
    keyword: Text | None = Query(None, max_length=64, description="客户名称"),
    customer_id: Id | None = None,
    owner_id: Id | None = Query(None, description="客户的当前跟进人"),
    dept_id: Id | None = Query(None, description="客户的当前部门"),
    method: FollowUpMethod | None = None,
    date_from: Day | None = Query(None, description="跟进日期起（含），上海日期 YYYY-MM-DD"),
    date_to: Day | None = Query(None, description="跟进日期止（含）"),
) -> FollowUpFilters:
    check_range("date", date_from, date_to)
    return FollowUpFilters(
        keyword=keyword,
        customer_id=customer_id,
        owner_id=owner_id,
        dept_id=dept_id,
        method=method,
        date_from=date_from,
        date_to=date_to,
    )


add_scoped_listing(
    router, plural="follow_ups", code="crm:follow_up", page=FollowUpPage, filters=follow_up_filters,
    list_rows=service.list_follow_ups,
)


@router.get("/due", response_model=DueFollowUps)
async def due_follow_ups(
    principal: Principal = Depends(Require("crm:follow_up:list")),
    session: AsyncSession = Depends(db_session),
) -> DueFollowUps:
    """My planned follow-ups due today or overdue."""
    return await service.list_due(session, principal)


add_scoped_route(router, "POST", "", service.create_follow_up, name="create_follow_up",
                 permission="crm:follow_up:create", body_model=FollowUpCreate, response_model=FollowUpRow,
                 status_code=201)
add_versioned_update(router, "/{follow_up_id}", service.update_follow_up, name="update_follow_up",
                     permission="crm:follow_up:update", body_model=FollowUpUpdate, response_model=FollowUpRow)
add_scoped_route(router, "DELETE", "/{follow_up_id}", service.delete_follow_up, name="delete_follow_up",
                 permission="crm:follow_up:delete")
