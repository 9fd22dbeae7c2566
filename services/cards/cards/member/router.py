"""/app/cards: a member binds a card, lists their cards, reads a card's ledger."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from cards.member import service
from cards.member.schemas import BindIn, MemberCard, MemberCards, MemberLedgerPage
from cards.settings import CardsSettings
from shared.app import db_session
from shared.identity import Identity, require_member
from shared.listing import PageParams, page_params
from shared.types import Id

router = APIRouter(prefix="/app/cards", tags=["会员: 我的卡"])


@router.post("/bind", status_code=201, summary="绑定卡片（卡号 + 密码），未激活的卡随即激活", response_model=MemberCard)
async def bind(
    data: BindIn,
    request: Request,
    member: Identity = Depends(require_member),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    settings: CardsSettings = request.app.state.settings
    limiter = service.BindLimiter(request.app.state.redis, settings)
    return await service.bind(session, limiter, settings, member, data.card_no, data.password)


@router.get("/mine", summary="我的卡片（余额与有效期）", response_model=MemberCards)
async def mine(
    member: Identity = Depends(require_member), session: AsyncSession = Depends(db_session)
) -> dict[str, Any]:
    return await service.my_cards(session, member.id)


@router.get("/{card_id}/ledger", summary="我的卡片流水", response_model=MemberLedgerPage,
            response_model_exclude_unset=True)
async def ledger(
    card_id: Id,
    params: PageParams = Depends(page_params),
    member: Identity = Depends(require_member),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.my_card_ledger(session, member.id, card_id, params)
