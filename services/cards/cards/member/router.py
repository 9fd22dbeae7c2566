"""/app/cards: a member binds a card, lists their cards, reads a card's ledger."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cards.cards.models import Card
from cards.ledger.models import LedgerEntry
from cards.ledger.service import ledger_row
from cards.member.service import BindLimiter, bind_card, member_card
from cards.settings import CardsSettings
from shared.app import db_session
from shared.identity import Identity, require_member
from shared.listing import PageParams, list_response, page_params, paginate
from shared.problems import not_found

router = APIRouter(prefix="/app/cards", tags=["会员: 我的卡"])


class BindIn(BaseModel):
    card_no: str = Field(..., min_length=1, max_length=32)
    # Never logged, never echoed: only compared with the stored keyed hash.
    password: str = Field(..., min_length=1, max_length=32, repr=False)


@router.post("/bind", status_code=201, summary="绑定卡片（卡号 + 密码），未激活的卡随即激活")
async def bind(
    data: BindIn,
    request: Request,
    member: Identity = Depends(require_member),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    settings: CardsSettings = request.app.state.settings
    limiter = BindLimiter(request.app.state.redis, settings)
    card = await bind_card(session, limiter, settings, member, data.card_no, data.password)
    body = member_card(card)
    await session.commit()
    return body


@router.get("/mine", summary="我的卡片（余额与有效期）")
async def mine(
    member: Identity = Depends(require_member), session: AsyncSession = Depends(db_session)
) -> dict[str, Any]:
    cards = await session.scalars(select(Card).where(Card.member_id == member.id).order_by(Card.bound_at, Card.id))
    return {"data_list": [member_card(c) for c in cards]}


@router.get("/{card_id}/ledger", summary="我的卡片流水")
async def ledger(
    card_id: int,
    params: PageParams = Depends(page_params),
    member: Identity = Depends(require_member),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    card = await session.get(Card, card_id)
    if card is None or card.member_id != member.id:
        raise not_found("卡片")
    stmt = select(LedgerEntry).where(LedgerEntry.card_id == card_id).order_by(LedgerEntry.id.desc())
    rows, total = await paginate(session, stmt, params, row=ledger_row)
    return list_response(rows, total, params)
