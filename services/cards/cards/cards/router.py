"""/api/cards/cards: 卡片管理 (list, export, detail, 延期, 作废, 冻结, 解冻)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from cards.activations.models import Activation
from cards.cards.models import Card, CardOperation
from cards.cards.schemas import ExtendIn, ReasonIn
from cards.cards.service import card_row, get_card, operate, operation_row
from cards.cards.state import STATUS_LABELS, USE_STATUS_LABELS, CardAction, CardStatus, UseStatus
from cards.cardsel import in_ranges
from cards.entitlements.models import Entitlement
from cards.ledger.models import ENTRY_KIND_LABELS, LedgerEntry
from cards.ledger.service import ledger_row
from cards.making.models import MakingBatch
from cards.making.schemas import CARD_TYPES
from cards.numbers import MAX_SEQ, SeqRange, require_card_no
from cards.staff.service import owner_options
from shared.app import db_session
from shared.identity import DataScope, Principal, Require
from shared.listing import (
    PageParams,
    apply_sort,
    check_range,
    enum_options,
    keyword_clause,
    list_response,
    options,
    page_params,
    paginate,
)
from shared.problems import Problem
from shared.xlsx import xlsx_response

router = APIRouter(prefix="/api/cards/cards", tags=["卡片管理"])
SORTABLE = {"id": Card.id, "card_no": Card.id, "balance": Card.balance, "face_value": Card.face_value,
            "effective_until": Card.effective_until, "activated_at": Card.activated_at,
            "created_at": Card.created_at}
MAX_EXPORT_ROWS = 100_000


@dataclass(frozen=True)
class CardFilters:
    card_no_from: str | None
    card_no_to: str | None
    status: CardStatus | None
    use_status: UseStatus | None
    customer_id: int | None
    contract_id: int | None
    owner_id: int | None
    making_batch_id: int | None
    activation_id: int | None
    activation_batch_no: str | None
    city: str | None
    card_type: str | None
    card_kind: str | None
    member_id: int | None
    member_phone: str | None
    keyword: str | None

    def apply(self, stmt: Select[Any], scope: DataScope) -> Select[Any]:
        stmt = stmt.where(scope.clause(Card.owner_id, Card.owner_dept_id))
        start = require_card_no(self.card_no_from, "card_no_from") if self.card_no_from else None
        end = require_card_no(self.card_no_to, "card_no_to") if self.card_no_to else None
        check_range("card_no", start, end)
        if start is not None or end is not None:
            # The card number's sequence part is the primary key: this is an index range scan.
            stmt = stmt.where(in_ranges([SeqRange(start if start is not None else 0,
                                                  end if end is not None else MAX_SEQ)]))
        equal = {
            Card.status: self.status.value if self.status else None,
            Card.use_status: self.use_status.value if self.use_status else None,
            Card.customer_id: self.customer_id,
            Card.contract_id: self.contract_id,
            Card.owner_id: self.owner_id,
            Card.making_batch_id: self.making_batch_id,
            Card.activation_id: self.activation_id,
            Card.activation_batch_no: self.activation_batch_no,
            Card.city: self.city,
            Card.card_type: self.card_type,
            Card.card_kind: self.card_kind,
            Card.member_id: self.member_id,
            Card.member_phone: self.member_phone,
        }
        for column, value in equal.items():
            if value is not None and value != "":
                stmt = stmt.where(column == value)
        clause = keyword_clause(self.keyword, Card.customer_name, Card.contract_name)
        if clause is not None:
            stmt = stmt.where(clause)
        return stmt


def card_filters(
    card_no_from: str | None = Query(None, max_length=16, description="卡号区间起（含）"),
    card_no_to: str | None = Query(None, max_length=16, description="卡号区间止（含）"),
    status: CardStatus | None = Query(None, description="卡片状态"),
    use_status: UseStatus | None = Query(None, description="使用状态"),
    customer_id: int | None = Query(None, description="客户"),
    contract_id: int | None = Query(None, description="合同"),
    owner_id: int | None = Query(None, description="跟进人"),
    making_batch_id: int | None = Query(None, description="制卡批次"),
    activation_id: int | None = Query(None, description="激活批次"),
    activation_batch_no: str | None = Query(None, max_length=32, description="激活批次号"),
    city: str | None = Query(None, max_length=32),
    card_type: str | None = Query(None, max_length=16, description="卡片类型"),
    card_kind: str | None = Query(None, max_length=32, description="卡片种类"),
    member_id: int | None = Query(None, description="用户ID"),
    member_phone: str | None = Query(None, max_length=32, description="手机号（完整号码）"),
    keyword: str | None = Query(None, max_length=64, description="客户名称或合同名称"),
) -> CardFilters:
    return CardFilters(card_no_from, card_no_to, status, use_status, customer_id, contract_id, owner_id,
                       making_batch_id, activation_id, activation_batch_no, city, card_type, card_kind, member_id,
                       member_phone, keyword)


async def _option_lists(session: AsyncSession, scope: DataScope) -> dict[str, Any]:
    cities = await session.scalars(select(MakingBatch.city).distinct().order_by(MakingBatch.city))
    customers = (
        await session.execute(
            select(Entitlement.customer_id, Entitlement.customer_name)
            .where(scope.clause(Entitlement.owner_id, Entitlement.dept_id)).distinct()
            .order_by(Entitlement.customer_name)
        )
    ).all()
    batches = (
        await session.execute(select(MakingBatch.id, MakingBatch.batch_no).order_by(MakingBatch.id.desc()).limit(500))
    ).all()
    activations = (
        await session.execute(
            select(Activation.id, Activation.batch_no)
            .where(scope.clause(Activation.owner_id, Activation.owner_dept_id))
            .order_by(Activation.id.desc()).limit(500)
        )
    ).all()
    return {
        "status_list": enum_options(STATUS_LABELS),
        "use_status_list": enum_options(USE_STATUS_LABELS),
        "card_type_list": options((t, t) for t in CARD_TYPES),
        "city_list": options((c, c) for c in cities),
        "customer_list": options((c.customer_id, c.customer_name) for c in customers),
        "owner_list": await owner_options(session),
        "making_batch_list": options((b.id, b.batch_no) for b in batches),
        "activation_list": options((a.id, a.batch_no) for a in activations),
    }


@router.get("", summary="卡片列表")
async def list_cards(
    params: PageParams = Depends(page_params),
    filters: CardFilters = Depends(card_filters),
    principal: Principal = Depends(Require("cards:card:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    stmt = apply_sort(filters.apply(select(Card), principal.scope), params.sort, SORTABLE, [Card.id])
    rows, total = await paginate(session, stmt, params, row=card_row)
    extra = await _option_lists(session, principal.scope) if params.with_options else {}
    return list_response(rows, total, params, extra)


EXPORT_COLUMNS = [
    ("id", "ID"), ("card_type", "卡片类型"), ("card_no", "卡号"), ("activation_batch_no", "激活批次号"),
    ("city", "城市"),
    ("member_id", "用户ID"), ("member_phone", "手机号"), ("customer_name", "客户名称"), ("owner_name", "跟进人"),
    ("card_kind", "卡片种类"), ("face_value", "卡面金额"), ("balance", "剩余金额"), ("red_packet_amount", "红包金额"),
    ("red_packet_used", "已使用红包金额"), ("status_label", "卡片状态"), ("use_status_label", "使用状态"),
    ("valid_from", "开始时间"), ("valid_until", "结束时间"), ("effective_until", "有效结束时间"),
]


@router.get("/export", summary="导出卡片（与列表相同的筛选）")
async def export_cards(
    params: PageParams = Depends(page_params),
    filters: CardFilters = Depends(card_filters),
    principal: Principal = Depends(Require("cards:card:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    stmt = filters.apply(select(Card), principal.scope)
    total = int(await session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    if total > MAX_EXPORT_ROWS:
        raise Problem(413, "export_too_large",
                      f"一次最多导出 {MAX_EXPORT_ROWS} 张卡，请缩小筛选范围（当前 {total} 张）")
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Card.id])

    def rows() -> Any:
        for card in cards:
            row = card_row(card)
            row["owner_name"] = card.owner_name
            for key in ("valid_from", "valid_until", "effective_until"):
                row[key] = row[key].isoformat() if row[key] else ""
            yield row

    cards = list(await session.scalars(stmt))
    return xlsx_response("卡片.xlsx", EXPORT_COLUMNS, rows())


@router.get("/{card_id}", summary="卡片详情（含操作记录）")
async def detail(
    card_id: int,
    principal: Principal = Depends(Require("cards:card:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    card = await get_card(session, card_id, principal.scope)
    operations = await session.scalars(
        select(CardOperation).where(CardOperation.card_id == card_id).order_by(CardOperation.id)
    )
    return {**card_row(card), "operations": [operation_row(o) for o in operations]}


@router.get("/{card_id}/ledger", summary="卡片流水（每一笔余额与红包变动）")
async def card_ledger(
    card_id: int,
    params: PageParams = Depends(page_params),
    principal: Principal = Depends(Require("cards:card:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    await get_card(session, card_id, principal.scope)
    stmt = select(LedgerEntry).where(LedgerEntry.card_id == card_id).order_by(LedgerEntry.id.desc())
    rows, total = await paginate(session, stmt, params, row=ledger_row)
    return list_response(rows, total, params, {"kind_list": enum_options(ENTRY_KIND_LABELS)})


async def _operate(session: AsyncSession, principal: Principal, card_id: int, action: CardAction, reason: str,
                   extend: ExtendIn | None = None) -> dict[str, Any]:
    card, operation = await operate(session, card_id, action, principal.actor, principal.scope, reason=reason,
                                    extend=extend)
    body = {**card_row(card), "operation": operation_row(operation)}
    await session.commit()
    return body


@router.post("/{card_id}/extend", summary="延期（延长有效结束时间）")
async def extend(
    card_id: int,
    data: ExtendIn,
    principal: Principal = Depends(Require("cards:card:extend")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await _operate(session, principal, card_id, CardAction.EXTEND, data.reason, data)


@router.post("/{card_id}/void", summary="作废（库存中或已领卡）")
async def void(
    card_id: int,
    data: ReasonIn,
    principal: Principal = Depends(Require("cards:card:void")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await _operate(session, principal, card_id, CardAction.VOID, data.reason)


@router.post("/{card_id}/freeze", summary="冻结")
async def freeze(
    card_id: int,
    data: ReasonIn,
    principal: Principal = Depends(Require("cards:card:freeze")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await _operate(session, principal, card_id, CardAction.FREEZE, data.reason)


@router.post("/{card_id}/unfreeze", summary="解冻")
async def unfreeze(
    card_id: int,
    data: ReasonIn,
    principal: Principal = Depends(Require("cards:card:unfreeze")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await _operate(session, principal, card_id, CardAction.UNFREEZE, data.reason)
