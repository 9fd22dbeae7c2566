"""/app/cards: a member binds a card, lists their cards, reads a card's ledger; /internal/cards/active-cards: a
member's active cards for other services (never routed by the gateway)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from cards.member import service
from cards.member.schemas import BindIn, HeldCards, HolderIn, MemberCard, MemberCards, MemberLedgerPage
from cards.settings import CardsSettings
from shared.app import db_session
from shared.identity import Identity, require_member, require_service
from shared.listing import PageParams, page_params
from shared.types import Id

app = APIRouter(prefix="/app/cards", tags=["会员: 我的卡"])
internal = APIRouter(prefix="/internal/cards", tags=["内部: 会员的卡"])


@app.post("/bind", status_code=201, summary="绑定卡片（卡号 + 密码），未激活的卡随即激活", response_model=MemberCard)
async def bind(
    data: BindIn,
    request: Request,
    member: Identity = Depends(require_member),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    settings: CardsSettings = request.app.state.settings
    limiter = service.BindLimiter(request.app.state.redis, settings)
    return await service.bind(session, limiter, settings, member, data.card_no, data.password)


@app.get("/mine", summary="我的卡片（余额与有效期）", response_model=MemberCards)
async def mine(
    member: Identity = Depends(require_member), session: AsyncSession = Depends(db_session)
) -> dict[str, Any]:
    return await service.my_cards(session, member.id)


@app.get("/{card_id}/ledger", summary="我的卡片流水", response_model=MemberLedgerPage,
            response_model_exclude_unset=True)
async def ledger(
    card_id: Id,
    params: PageParams = Depends(page_params),
    member: Identity = Depends(require_member),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.my_card_ledger(session, member.id, card_id, params)


# POST (a query in the body) because service-to-service calls post (shared/internal.py); it changes nothing.
@internal.post("/active-cards", summary="会员当前有效的卡（客户与卡片种类）", response_model=HeldCards)
async def active_cards(
    data: HolderIn, caller: Identity = Depends(require_service), session: AsyncSession = Depends(db_session)
) -> dict[str, Any]:
    return await service.active_cards(session, data.member_id)


# One router for cards.main: the member's and the internal prefix.
router = APIRouter()
for _part in (app, internal):
    router.include_router(_part)
