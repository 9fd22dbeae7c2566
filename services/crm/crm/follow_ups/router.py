"""/api/crm/follow-ups: the 跟进记录管理 page and the due-today/overdue list of the current user."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

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
from shared.concurrency import expected_version, resolve_version
from shared.identity import Principal, Require
from shared.listing import PageParams, check_range, page_params
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


@router.get("", response_model=FollowUpPage, response_model_exclude_unset=True)
async def list_follow_ups(
    params: PageParams = Depends(page_params),
    filters: FollowUpFilters = Depends(follow_up_filters),
    principal: Principal = Depends(Require("crm:follow_up:list")),
    session: AsyncSession = Depends(db_session),
) -> FollowUpPage:
    return await service.list_follow_ups(session, principal, filters, params)


@router.get("/due", response_model=DueFollowUps)
async def due_follow_ups(
    principal: Principal = Depends(Require("crm:follow_up:list")),
    session: AsyncSession = Depends(db_session),
) -> DueFollowUps:
    """My planned follow-ups due today or overdue."""
    return await service.list_due(session, principal)


@router.post("", status_code=201, response_model=FollowUpRow)
async def create_follow_up(
    body: FollowUpCreate,
    principal: Principal = Depends(Require("crm:follow_up:create")),
    session: AsyncSession = Depends(db_session),
) -> FollowUpRow:
    return await service.create_follow_up(session, principal, body)


@router.put("/{follow_up_id}", response_model=FollowUpRow)
async def update_follow_up(
    follow_up_id: Id,
    body: FollowUpUpdate,
    if_match: int | None = Depends(expected_version),
    principal: Principal = Depends(Require("crm:follow_up:update")),
    session: AsyncSession = Depends(db_session),
) -> FollowUpRow:
    version = resolve_version(body.version, if_match)
    return await service.update_follow_up(session, principal, follow_up_id, body, version)


@router.delete("/{follow_up_id}", status_code=204, response_class=Response)
async def delete_follow_up(
    follow_up_id: Id,
    principal: Principal = Depends(Require("crm:follow_up:delete")),
    session: AsyncSession = Depends(db_session),
) -> None:
    await service.delete_follow_up(session, principal, follow_up_id)
