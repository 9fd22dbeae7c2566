"""红包管理: /api/cards/red-packets (per card, the granted packets, export), /api/cards/red-packet-grants (发放申请,
审核, 撤回) and the member's /app/cards/{card_id}/red-packets."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from cards.common import CardNo, Keyword, ReviewIn
from cards.red_packets import queries, service
from cards.red_packets.schemas import (
    GrantFilters,
    GrantIn,
    GrantOut,
    GrantPage,
    GrantStatus,
    MemberPackets,
    PacketFilters,
    PacketPage,
    PacketStatus,
    RedPacketDetail,
    RedPacketFilters,
    RedPacketPage,
    RedPacketState,
    RevokeIn,
    RevokeOut,
)
from shared.app import db_session
from shared.idempotency import idempotency_key
from shared.identity import Identity, Principal, Require, require_member
from shared.listing import PageParams, page_params
from shared.types import Id
from shared.xlsx import XLSX_MEDIA, xlsx_response

per_card = APIRouter(prefix="/api/cards/red-packets", tags=["红包管理"])
grants = APIRouter(prefix="/api/cards/red-packet-grants", tags=["红包管理"])
member = APIRouter(prefix="/app/cards", tags=["会员: 我的卡"])

DateFrom = Query(None, description="日期起（含），上海日期 YYYY-MM-DD")
DateTo = Query(None, description="日期止（含），上海日期 YYYY-MM-DD")


async def red_packet_filters(
    card_no_from: CardNo | None = None,
    card_no_to: CardNo | None = None,
    customer_id: Id | None = None,
    activation_id: Id | None = None,
    state: RedPacketState | None = None,
) -> RedPacketFilters:
    return RedPacketFilters(card_no_from=card_no_from, card_no_to=card_no_to, customer_id=customer_id,
                            activation_id=activation_id, state=state)


async def packet_filters(
    card_no_from: CardNo | None = Query(None, description="起始卡号（含）；只查一张卡时起止相同"),
    card_no_to: CardNo | None = Query(None, description="结束卡号（含）"),
    activation_id: Id | None = None,
    customer_id: Id | None = None,
    grant_id: Id | None = None,
    status: PacketStatus | None = None,
    date_from: date | None = DateFrom,
    date_to: date | None = DateTo,
) -> PacketFilters:
    return PacketFilters(card_no_from=card_no_from, card_no_to=card_no_to, activation_id=activation_id,
                         customer_id=customer_id, grant_id=grant_id, status=status, date_from=date_from,
                         date_to=date_to)


async def grant_filters(
    keyword: Keyword | None = Query(None, description="发放单号、激活批次号、客户名称、卡号"),
    status: GrantStatus | None = None,
    activation_id: Id | None = None,
    customer_id: Id | None = None,
    date_from: date | None = DateFrom,
    date_to: date | None = DateTo,
) -> GrantFilters:
    return GrantFilters(keyword=keyword, status=status, activation_id=activation_id, customer_id=customer_id,
                        date_from=date_from, date_to=date_to)


# ---------------------------------------------------------------- per card and the granted packets


@per_card.get("", summary="红包列表（每张卡的红包）", response_model=RedPacketPage, response_model_exclude_unset=True)
async def list_red_packets(
    params: PageParams = Depends(page_params),
    filters: RedPacketFilters = Depends(red_packet_filters),
    principal: Principal = Depends(Require("cards:red_packet:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await queries.list_red_packets(session, filters, principal.scope, params)


@per_card.get("/packets", summary="发放的红包（每张卡每次发放一条）", response_model=PacketPage,
              response_model_exclude_unset=True)
async def list_packets(
    params: PageParams = Depends(page_params),
    filters: PacketFilters = Depends(packet_filters),
    principal: Principal = Depends(Require("cards:red_packet:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await queries.list_packets(session, filters, principal.scope, params)


@per_card.get("/packets/export", summary="导出发放的红包（.xlsx）", response_class=Response,
              responses={200: {"content": {XLSX_MEDIA: {}}, "description": "红包列表.xlsx"}})
async def export_packets(
    filters: PacketFilters = Depends(packet_filters),
    sort: str | None = Query(None, description="排序字段，同列表"),
    principal: Principal = Depends(Require("cards:red_packet:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows = await queries.export_packets(session, filters, principal.scope, sort)
    return xlsx_response("红包列表.xlsx", queries.EXPORT_COLUMNS, rows)


@per_card.get("/{card_id}", summary="一张卡的红包明细（发放、使用、退回、撤回、过期）", response_model=RedPacketDetail)
async def red_packet_detail(
    card_id: Id,
    principal: Principal = Depends(Require("cards:red_packet:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await queries.red_packet_detail(session, card_id, principal.scope)


# ---------------------------------------------------------------- grant requests


@grants.get("", summary="红包发放申请列表", response_model=GrantPage, response_model_exclude_unset=True)
async def list_grants(
    params: PageParams = Depends(page_params),
    filters: GrantFilters = Depends(grant_filters),
    principal: Principal = Depends(Require("cards:red_packet:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await queries.list_grants(session, filters, principal.scope, params)


@grants.post("", status_code=201, summary="申请发放红包（单张卡、卡号段或激活批次）", response_model=GrantOut)
async def create_grant(
    data: GrantIn,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:red_packet:create")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    return await service.request_grant(session, data, principal, key)


@grants.get("/export", summary="导出红包发放单（.xlsx）", response_class=Response,
            responses={200: {"content": {XLSX_MEDIA: {}}, "description": "红包发放单.xlsx"}})
async def export_grants(
    filters: GrantFilters = Depends(grant_filters),
    sort: str | None = Query(None, description="排序字段，同列表"),
    principal: Principal = Depends(Require("cards:red_packet:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows = await queries.export_grants(session, filters, principal.scope, sort)
    return xlsx_response("红包发放单.xlsx", queries.GRANT_EXPORT_COLUMNS, rows)


@grants.get("/{grant_id}", summary="红包发放单详情（含未能发放的卡）", response_model=GrantOut)
async def grant_detail(
    grant_id: Id,
    principal: Principal = Depends(Require("cards:red_packet:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await queries.grant_detail(session, grant_id, principal.scope)


@grants.post("/{grant_id}/review", summary="审核红包发放（通过即发放到每张卡）", response_model=GrantOut)
async def review_grant(
    grant_id: Id,
    data: ReviewIn,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:red_packet:review")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    return await service.review(session, grant_id, data, principal, key)


@grants.post("/{grant_id}/revoke", summary="撤回红包（整单或一张卡，未使用的部分）", response_model=RevokeOut)
async def revoke_grant(
    grant_id: Id,
    data: RevokeIn,
    principal: Principal = Depends(Require("cards:red_packet:revoke")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.revoke(session, grant_id, data, principal)


# ---------------------------------------------------------------- member app


@member.get("/{card_id}/red-packets", summary="我的卡片红包（金额、剩余与有效期）", response_model=MemberPackets)
async def my_red_packets(
    card_id: Id,
    who: Identity = Depends(require_member),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await queries.member_packets(session, who.id, card_id)


# One router for cards.main: the three prefixes above.
router = APIRouter()
for _part in (per_card, grants, member):
    router.include_router(_part)
