"""红包管理: /api/cards/red-packets (per card, the granted packets, export), /api/cards/red-packet-grants (发放申请,
审核, 撤回) and the member's /app/cards/{card_id}/red-packets."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

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
from cards.scoped_routes import add_scoped_detail, add_scoped_export, add_scoped_list
from shared.app import db_session
from shared.idempotency import idempotency_key
from shared.identity import Identity, Principal, Require, require_member
from shared.types import Id

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


add_scoped_list(per_card, "", name="list_red_packets", summary="红包列表（每张卡的红包）", response_model=RedPacketPage,
                code="cards:red_packet:list", filters=red_packet_filters, list_rows=queries.list_red_packets)
add_scoped_list(per_card, "/packets", name="list_packets", summary="发放的红包（每张卡每次发放一条）",
                response_model=PacketPage, code="cards:red_packet:list", filters=packet_filters,
                list_rows=queries.list_packets)
add_scoped_export(per_card, "/packets/export", name="export_packets", summary="导出发放的红包（.xlsx）",
                  code="cards:red_packet:export", filters=packet_filters, export_rows=queries.export_packets,
                  filename="红包列表.xlsx", columns=queries.EXPORT_COLUMNS)
add_scoped_detail(per_card, "/{card_id}", id_name="card_id", name="red_packet_detail",
                  summary="一张卡的红包明细（发放、使用、退回、撤回、过期）", response_model=RedPacketDetail,
                  code="cards:red_packet:list", detail=queries.red_packet_detail)


# ---------------------------------------------------------------- grant requests


add_scoped_list(grants, "", name="list_grants", summary="红包发放申请列表", response_model=GrantPage,
                code="cards:red_packet:list", filters=grant_filters, list_rows=queries.list_grants)


@grants.post("", status_code=201, summary="申请发放红包（单张卡、卡号段或激活批次）", response_model=GrantOut)
async def create_grant(
    data: GrantIn,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:red_packet:create")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    return await service.request_grant(session, data, principal, key)


add_scoped_export(grants, "/export", name="export_grants", summary="导出红包发放单（.xlsx）",
                  code="cards:red_packet:export", filters=grant_filters, export_rows=queries.export_grants,
                  filename="红包发放单.xlsx", columns=queries.GRANT_EXPORT_COLUMNS)
add_scoped_detail(grants, "/{grant_id}", id_name="grant_id", name="grant_detail",
                  summary="红包发放单详情（含未能发放的卡）", response_model=GrantOut, code="cards:red_packet:list",
                  detail=queries.grant_detail)


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
