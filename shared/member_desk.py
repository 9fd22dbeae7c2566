"""用户管理 (the member desk): the small shapes in which each service tells the gateway about one member.

The gateway's member detail gathers a card holder's cards (cards), orders (health, mall, escort) and tickets
(crm) through `/internal/<service>/members/...` routes; each service answers in the shapes below, so the
gateway merges them without knowing any service's tables. See docs/domains/gateway.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.app import db_session
from shared.identity import Identity, require_service
from shared.money import Money
from shared.types import Id

# The most recent rows of each section the detail shows; `total` says how many there are in all.
DESK_LIMIT = 50


class MemberOrder(BaseModel):
    """One order of a member, the same few fields whichever service took it."""

    service: str
    order_no: str
    title: str
    amount: Money
    status: str
    status_label: str
    created_at: datetime


class MemberOrders(BaseModel):
    data_list: list[MemberOrder]
    total: int


class MemberCard(BaseModel):
    card_no: str
    card_kind: str
    status: str
    status_label: str
    use_status: str
    use_status_label: str
    face_value: Money
    balance: Money
    red_packet_balance: Money
    bound_at: datetime | None
    effective_until: datetime | None


class MemberCards(BaseModel):
    data_list: list[MemberCard]
    total: int


class MemberCardSummary(BaseModel):
    """Per member: how many cards are bound to it and their balance added up (the member list's columns)."""

    member_id: int
    card_count: int
    balance: Money


class MemberCardSummaries(BaseModel):
    data_list: list[MemberCardSummary]


class CardHolder(BaseModel):
    """Who a card number is bound to (None: no such card, or not bound)."""

    member_id: int | None


class MemberTicket(BaseModel):
    id: int
    title: str
    category: str
    priority: str
    status: str
    status_label: str
    created_at: datetime


class MemberTickets(BaseModel):
    data_list: list[MemberTicket]
    total: int


def member_orders_router(service: str, order: Any, title: Any, amount: Any,
                         status_labels: Mapping[str, str]) -> APIRouter:
    """`GET /internal/<service>/members/{member_id}/orders`: the member's latest orders in the common shape.

    `order` is the service's order model (with `member_id`, `order_no`, `status`, `created_at`, `id`);
    `title` and `amount` are its columns shown as the order's title and amount.
    """
    router = APIRouter(prefix=f"/internal/{service}", tags=["内部: 用户管理"])

    @router.get("/members/{member_id}/orders", response_model=MemberOrders, summary="会员的订单（用户管理详情）")
    async def member_orders(
        member_id: Id,
        limit: int = Query(DESK_LIMIT, ge=1, le=200),
        caller: Identity = Depends(require_service),
        session: AsyncSession = Depends(db_session),
    ) -> MemberOrders:
        mine = order.member_id == member_id
        total = await session.scalar(select(func.count()).select_from(order).where(mine)) or 0
        rows = await session.execute(
            select(order.order_no, title.label("title"), amount.label("amount"), order.status, order.created_at)
            .where(mine).order_by(order.created_at.desc(), order.id.desc()).limit(limit)
        )
        return MemberOrders(total=total, data_list=[
            MemberOrder(service=service, order_no=row.order_no, title=row.title, amount=row.amount,
                        status=row.status, status_label=status_labels.get(row.status, row.status),
                        created_at=row.created_at)
            for row in rows
        ])

    return router
