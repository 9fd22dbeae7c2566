"""/api/crm/tickets: the 工单管理 page (under 客服管理); /app/crm/tickets: a member's own tickets.

No `from __future__ import annotations` in this module: the ticket steps' endpoint is annotated with each step's
body model (a closure value), which FastAPI reads to document and validate the route.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import utcnow
from crm.schemas import problems
from crm.tickets import service
from crm.tickets.schemas import (
    MemberTicketDetail,
    MemberTicketIn,
    MemberTicketPage,
    RatingIn,
    ReplyIn,
    TicketCategory,
    TicketDetail,
    TicketFilters,
    TicketIn,
    TicketPage,
    TicketPriority,
    TicketStatus,
    TicketUpdate,
    TransitionIn,
)
from shared.app import db_session
from shared.identity import Identity, Principal, Require, require_member
from shared.listing import PageParams, check_range, page_params
from shared.types import Day, Flag, Id, Text

router = APIRouter(prefix="/api/crm/tickets", tags=["工单管理"])
app_router = APIRouter(prefix="/app/crm/tickets", tags=["会员: 我的工单"])


async def clock() -> datetime:
    """The time due dates and the overdue list are measured against (tests override this dependency)."""
    return utcnow()


async def ticket_filters(
    keyword: Text | None = Query(None, max_length=64, description="标题、客户名称或卡号"),
    customer_id: Id | None = None,
    member_id: Id | None = None,
    owner_id: Id | None = Query(None, description="客户的当前跟进人"),
    dept_id: Id | None = Query(None, description="客户的当前部门"),
    assignee_id: Id | None = Query(None, description="处理人"),
    status: TicketStatus | None = None,
    priority: TicketPriority | None = None,
    category: TicketCategory | None = None,
    overdue: Flag | None = Query(None, description="true：已超时未解决"),
    date_from: Day | None = Query(None, description="创建日期起（含），上海日期 YYYY-MM-DD"),
    date_to: Day | None = Query(None, description="创建日期止（含）"),
) -> TicketFilters:
    check_range("date", date_from, date_to)
    return TicketFilters(
        keyword=keyword,
        customer_id=customer_id,
        member_id=member_id,
        owner_id=owner_id,
        dept_id=dept_id,
        assignee_id=assignee_id,
        status=status,
        priority=priority,
        category=category,
        overdue=overdue,
        date_from=date_from,
        date_to=date_to,
    )


@router.get("", response_model=TicketPage, response_model_exclude_unset=True)
async def list_tickets(
    params: PageParams = Depends(page_params),
    filters: TicketFilters = Depends(ticket_filters),
    now: datetime = Depends(clock),
    principal: Principal = Depends(Require("crm:ticket:list")),
    session: AsyncSession = Depends(db_session),
) -> TicketPage:
    return await service.list_tickets(session, principal, filters, params, now)


@router.post("", status_code=201, response_model=TicketDetail)
async def create_ticket(
    body: TicketIn,
    now: datetime = Depends(clock),
    principal: Principal = Depends(Require("crm:ticket:create")),
    session: AsyncSession = Depends(db_session),
) -> TicketDetail:
    return await service.create_ticket(session, principal, body, now)


@router.get("/{ticket_id}", response_model=TicketDetail)
async def read_ticket(
    ticket_id: Id,
    now: datetime = Depends(clock),
    principal: Principal = Depends(Require("crm:ticket:list")),
    session: AsyncSession = Depends(db_session),
) -> TicketDetail:
    return await service.read_ticket(session, principal, ticket_id, now)


def add_ticket_step(
    method: str,
    path: str,
    call: Callable[..., Awaitable[TicketDetail]],
    *,
    name: str,
    body_model: type[BaseModel],
    status_code: int = 200,
    description: str | None = None,
    responses: dict[int | str, dict[str, Any]] | None = None,
) -> None:
    """A staff step on one ticket (triage, a state move, a reply), all under crm:ticket:update and answering the
    ticket's detail: `call(session, principal, ticket_id, body, now)`."""

    async def step(
        ticket_id: Id,
        body: body_model,  # type: ignore[valid-type]
        now: datetime = Depends(clock),
        principal: Principal = Depends(Require("crm:ticket:update")),
        session: AsyncSession = Depends(db_session),
    ) -> TicketDetail:
        return await call(session, principal, ticket_id, body, now)

    router.add_api_route(path, step, methods=[method], status_code=status_code, response_model=TicketDetail,
                         name=name, description=description, responses=responses)


add_ticket_step("PUT", "/{ticket_id}", service.update_ticket, name="update_ticket", body_model=TicketUpdate,
                description="Triage: category, priority (the due time follows), assignee.")
add_ticket_step("POST", "/{ticket_id}/transitions", service.transition, name="transition_ticket",
                body_model=TransitionIn, responses=problems(409),
                description="开始处理 / 解决 / 关闭 / 重新打开; a move the state machine does not allow answers 409.")
add_ticket_step("POST", "/{ticket_id}/replies", service.staff_reply, name="reply_ticket", body_model=ReplyIn,
                status_code=201)


@app_router.post("", status_code=201, summary="提交工单（投诉、咨询等）", response_model=MemberTicketDetail)
async def open_member_ticket(
    body: MemberTicketIn,
    now: datetime = Depends(clock),
    member: Identity = Depends(require_member),
    session: AsyncSession = Depends(db_session),
) -> MemberTicketDetail:
    return await service.open_member_ticket(session, member, body, now)


@app_router.get("", summary="我的工单", response_model=MemberTicketPage, response_model_exclude_unset=True)
async def my_tickets(
    params: PageParams = Depends(page_params),
    member: Identity = Depends(require_member),
    session: AsyncSession = Depends(db_session),
) -> MemberTicketPage:
    return await service.list_member_tickets(session, member, params)


@app_router.get("/{ticket_id}", summary="我的工单详情与回复", response_model=MemberTicketDetail)
async def my_ticket(
    ticket_id: Id, member: Identity = Depends(require_member), session: AsyncSession = Depends(db_session)
) -> MemberTicketDetail:
    return await service.read_member_ticket(session, member, ticket_id)


@app_router.post("/{ticket_id}/replies", status_code=201, summary="回复工单", response_model=MemberTicketDetail)
async def my_reply(
    ticket_id: Id,
    body: ReplyIn,
    member: Identity = Depends(require_member),
    session: AsyncSession = Depends(db_session),
) -> MemberTicketDetail:
    return await service.member_reply(session, member, ticket_id, body)


@app_router.post(
    "/{ticket_id}/rating", summary="满意度评价（解决后一次）", response_model=MemberTicketDetail,
    responses=problems(409),
)
async def rate_ticket(
    ticket_id: Id,
    body: RatingIn,
    now: datetime = Depends(clock),
    member: Identity = Depends(require_member),
    session: AsyncSession = Depends(db_session),
) -> MemberTicketDetail:
    return await service.rate(session, member, ticket_id, body, now)
