"""`/internal/cards/members/...` (never routed by the gateway): what the gateway's 用户管理 shows of a member's
cards — the list's card count and balance per member (one call per page), the detail's cards, and who holds a
card number (the list's card filter). See docs/domains/gateway.md."""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from cards.cards.models import Card
from cards.cards.state import STATUS_LABELS, USE_STATUS_LABELS
from cards.numbers import parse_card_no
from shared.app import db_session
from shared.identity import Identity, require_service
from shared.member_desk import (
    DESK_LIMIT,
    CardHolder,
    MemberCard,
    MemberCards,
    MemberCardSummaries,
    MemberCardSummary,
)
from shared.types import Id

router = APIRouter(prefix="/internal/cards/members", tags=["内部: 用户管理"])
# One page of the member list, or one chunk of its export.
MAX_MEMBERS = 500


@router.get("/summary", response_model=MemberCardSummaries, summary="每个会员绑定的卡数与余额合计（用户列表）")
async def member_card_summaries(
    member_id: list[Id] = Query(..., min_length=1, max_length=MAX_MEMBERS),
    caller: Identity = Depends(require_service),
    session: AsyncSession = Depends(db_session),
) -> MemberCardSummaries:
    wanted = sorted(set(member_id))
    rows = await session.execute(
        select(Card.member_id, func.count(), func.coalesce(func.sum(Card.balance), 0))
        .where(Card.member_id.in_(wanted)).group_by(Card.member_id)
    )
    found = {row[0]: (row[1], row[2]) for row in rows}
    return MemberCardSummaries(data_list=[
        MemberCardSummary(member_id=mid, card_count=found.get(mid, (0, Decimal(0)))[0],
                          balance=found.get(mid, (0, Decimal(0)))[1])
        for mid in wanted
    ])


@router.get("/holder", response_model=CardHolder, summary="卡号绑定的会员（用户列表按卡号筛选）")
async def card_holder(
    card_no: str = Query(..., min_length=1, max_length=32),
    caller: Identity = Depends(require_service),
    session: AsyncSession = Depends(db_session),
) -> CardHolder:
    seq = parse_card_no(card_no)  # the card number's sequence part is the card's key
    holder = await session.scalar(select(Card.member_id).where(Card.id == seq)) if seq is not None else None
    return CardHolder(member_id=holder)


@router.get("/{member_id}/cards", response_model=MemberCards, summary="会员绑定的卡（用户管理详情）")
async def member_cards(
    member_id: Id,
    caller: Identity = Depends(require_service),
    session: AsyncSession = Depends(db_session),
) -> MemberCards:
    mine = Card.member_id == member_id
    total = await session.scalar(select(func.count()).select_from(Card).where(mine)) or 0
    cards = (await session.scalars(select(Card).where(mine).order_by(Card.bound_at.desc(), Card.id.desc())
                                   .limit(DESK_LIMIT))).all()
    return MemberCards(total=total, data_list=[
        MemberCard(card_no=c.card_no, card_kind=c.card_kind, status=c.status,
                   status_label=STATUS_LABELS.get(c.status, c.status),  # type: ignore[call-overload]
                   use_status=c.use_status,
                   use_status_label=USE_STATUS_LABELS.get(c.use_status, c.use_status),  # type: ignore[call-overload]
                   face_value=c.face_value, balance=c.balance, red_packet_balance=c.red_packet_balance,
                   bound_at=c.bound_at, effective_until=c.effective_until)
        for c in cards
    ])
