"""/api/cards/red-packets: 红包管理 (per card: granted, used, left, expiry; and the per-card detail)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from cards.common import CardNo
from cards.red_packets import service
from cards.red_packets.schemas import RedPacketDetail, RedPacketFilters, RedPacketPage, RedPacketState
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id

router = APIRouter(prefix="/api/cards/red-packets", tags=["红包管理"])


async def red_packet_filters(
    card_no_from: CardNo | None = None,
    card_no_to: CardNo | None = None,
    customer_id: Id | None = None,
    activation_id: Id | None = None,
    state: RedPacketState | None = None,
) -> RedPacketFilters:
    return RedPacketFilters(card_no_from=card_no_from, card_no_to=card_no_to, customer_id=customer_id,
                            activation_id=activation_id, state=state)


@router.get("", summary="红包列表（每张卡的红包）", response_model=RedPacketPage, response_model_exclude_unset=True)
async def list_red_packets(
    params: PageParams = Depends(page_params),
    filters: RedPacketFilters = Depends(red_packet_filters),
    principal: Principal = Depends(Require("cards:red_packet:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.list_red_packets(session, filters, principal.scope, params)


@router.get("/{card_id}", summary="一张卡的红包明细（发放、使用、退回、过期）", response_model=RedPacketDetail)
async def red_packet_detail(
    card_id: Id,
    principal: Principal = Depends(Require("cards:red_packet:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.red_packet_detail(session, card_id, principal.scope)
