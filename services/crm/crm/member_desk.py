"""`/internal/crm/members/{id}/tickets` (never routed by the gateway): the tickets (工单) a member opened or
that were opened for them, for the gateway's 用户管理 detail (see docs/domains/gateway.md)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.tickets.models import Ticket
from crm.tickets.schemas import STATUSES
from shared.app import db_session
from shared.identity import Identity, require_service
from shared.member_desk import DESK_LIMIT, MemberTicket, MemberTickets
from shared.types import Id

router = APIRouter(prefix="/internal/crm/members", tags=["内部: 用户管理"])


@router.get("/{member_id}/tickets", response_model=MemberTickets, summary="会员的工单（用户管理详情）")
async def member_tickets(
    member_id: Id,
    caller: Identity = Depends(require_service),
    session: AsyncSession = Depends(db_session),
) -> MemberTickets:
    mine = Ticket.member_id == member_id
    total = await session.scalar(select(func.count()).select_from(Ticket).where(mine)) or 0
    tickets = (await session.scalars(select(Ticket).where(mine).order_by(Ticket.id.desc()).limit(DESK_LIMIT))).all()
    return MemberTickets(total=total, data_list=[
        MemberTicket(id=t.id, title=t.title, category=t.category, priority=t.priority, status=t.status,
                     status_label=STATUSES.get(t.status, t.status), created_at=t.created_at)
        for t in tickets
    ])
