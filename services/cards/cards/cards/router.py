"""/api/cards/cards: 卡片管理 (list, export, detail, 延期, 作废, 冻结, 解冻)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from cards.cards import service
from cards.cards.schemas import (
    CardDetail,
    CardFilters,
    CardOperated,
    CardPage,
    ExtendIn,
    LedgerPage,
    ReasonIn,
)
from cards.cards.state import CardAction, CardStatus, UseStatus
from cards.common import CardNo, Keyword
from cards.scoped_routes import add_scoped_detail, add_scoped_list
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id, ShortText
from shared.xlsx import XLSX_MEDIA, xlsx_response

router = APIRouter(prefix="/api/cards/cards", tags=["卡片管理"])


async def card_filters(
    card_no_from: CardNo | None = Query(None, description="卡号区间起（含）"),
    card_no_to: CardNo | None = Query(None, description="卡号区间止（含）"),
    status: CardStatus | None = Query(None, description="卡片状态"),
    use_status: UseStatus | None = Query(None, description="使用状态"),
    customer_id: Id | None = Query(None, description="客户"),
    contract_id: Id | None = Query(None, description="合同"),
    owner_id: Id | None = Query(None, description="跟进人"),
    making_batch_id: Id | None = Query(None, description="制卡批次"),
    activation_id: Id | None = Query(None, description="激活批次"),
    activation_batch_no: ShortText | None = Query(None, max_length=32, description="激活批次号"),
    city: ShortText | None = Query(None, max_length=32),
    card_type: ShortText | None = Query(None, max_length=16, description="卡片类型"),
    card_kind: ShortText | None = Query(None, max_length=32, description="卡片种类"),
    member_id: Id | None = Query(None, description="用户ID"),
    member_phone: ShortText | None = Query(None, max_length=32, description="手机号（完整号码）"),
    keyword: Keyword | None = Query(None, description="客户名称或合同名称"),
) -> CardFilters:
    return CardFilters(card_no_from, card_no_to, status, use_status, customer_id, contract_id, owner_id,
                       making_batch_id, activation_id, activation_batch_no, city, card_type, card_kind, member_id,
                       member_phone, keyword)


add_scoped_list(router, "", name="list_cards", summary="卡片列表", response_model=CardPage, code="cards:card:list",
                filters=card_filters, list_rows=service.list_cards)


@router.get("/export", summary="导出卡片（与列表相同的筛选）", response_class=Response,
            responses={200: {"content": {XLSX_MEDIA: {}}, "description": "卡片.xlsx"}})
async def export_cards(
    params: PageParams = Depends(page_params),
    filters: CardFilters = Depends(card_filters),
    principal: Principal = Depends(Require("cards:card:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows = await service.export_rows(session, filters, principal.scope, params.sort)
    return xlsx_response("卡片.xlsx", service.EXPORT_COLUMNS, rows)


add_scoped_detail(router, "/{card_id}", id_name="card_id", name="detail", summary="卡片详情（含操作记录）",
                  response_model=CardDetail, code="cards:card:list", detail=service.card_detail)


@router.get("/{card_id}/ledger", summary="卡片流水（每一笔余额与红包变动）", response_model=LedgerPage,
            response_model_exclude_unset=True)
async def card_ledger(
    card_id: Id,
    params: PageParams = Depends(page_params),
    principal: Principal = Depends(Require("cards:card:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.card_ledger(session, card_id, principal.scope, params)


@router.post("/{card_id}/extend", summary="延期（延长有效结束时间）", response_model=CardOperated)
async def extend(
    card_id: Id,
    data: ExtendIn,
    principal: Principal = Depends(Require("cards:card:extend")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.apply_operation(session, card_id, CardAction.EXTEND, principal.actor, principal.scope,
                                         reason=data.reason, extend=data)


def _reasoned_operation(action: CardAction) -> Callable[..., Awaitable[dict[str, Any]]]:
    """作废, 冻结 and 解冻 take only a reason, each under its own code (cards:card:<action>)."""

    async def operate(
        card_id: Id,
        data: ReasonIn,
        principal: Principal = Depends(Require(f"cards:card:{action.value}")),
        session: AsyncSession = Depends(db_session),
    ) -> dict[str, Any]:
        return await service.apply_operation(session, card_id, action, principal.actor, principal.scope,
                                             reason=data.reason)

    return operate


for _action, _summary in ((CardAction.VOID, "作废（库存中或已领卡）"), (CardAction.FREEZE, "冻结"),
                          (CardAction.UNFREEZE, "解冻")):
    router.add_api_route(f"/{{card_id}}/{_action.value}", _reasoned_operation(_action), methods=["POST"],
                         summary=_summary, response_model=CardOperated, name=_action.value)
