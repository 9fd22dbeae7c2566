"""卡片管理: the list, export and detail of cards, and the operations on one card (延期, 作废, 冻结, 解冻):
checked by the state machine, recorded, audited, committed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cards.activations.models import Activation
from cards.cards.models import Card, CardOperation
from cards.cards.schemas import CardFilters, ExtendIn
from cards.cards.state import (
    ACTION_LABELS,
    RULES,
    STATUS_LABELS,
    USE_STATUS_LABELS,
    CardAction,
    CardStatus,
    UseStatus,
    check,
)
from cards.cardsel import in_ranges
from cards.entitlements.models import Entitlement
from cards.ledger.models import ENTRY_KIND_LABELS, EntryKind, LedgerEntry
from cards.ledger.service import ledger_row
from cards.making.models import MakingBatch
from cards.making.schemas import CARD_TYPES
from cards.numbers import MAX_SEQ, SeqRange, require_card_no
from cards.red_packets.models import RedPacket
from cards.staff.service import owner_options
from shared.identity import DataScope
from shared.listing import (
    PageParams,
    apply_sort,
    check_range,
    enum_options,
    keyword_clause,
    list_response,
    options,
    paginate,
)
from shared.money import format_money
from shared.privacy import mask_phone
from shared.problems import Problem, not_found

SORTABLE = {"id": Card.id, "card_no": Card.id, "balance": Card.balance, "face_value": Card.face_value,
            "effective_until": Card.effective_until, "activated_at": Card.activated_at,
            "created_at": Card.created_at}
MAX_EXPORT_ROWS = 100_000
EXPORT_COLUMNS = [
    ("id", "ID"), ("card_type", "卡片类型"), ("card_no", "卡号"), ("activation_batch_no", "激活批次号"),
    ("city", "城市"),
    ("member_id", "用户ID"), ("member_phone", "手机号"), ("customer_name", "客户名称"), ("owner_name", "跟进人"),
    ("card_kind", "卡片种类"), ("face_value", "卡面金额"), ("balance", "剩余金额"), ("red_packet_amount", "红包金额"),
    ("red_packet_used", "已使用红包金额"), ("status_label", "卡片状态"), ("use_status_label", "使用状态"),
    ("valid_from", "开始时间"), ("valid_until", "结束时间"), ("effective_until", "有效结束时间"),
]


def card_row(card: Card) -> dict[str, Any]:
    """A card as lists show it: never the password hash, the member's phone masked."""
    return {
        "id": card.id,
        "card_no": card.card_no,
        "card_type": card.card_type,
        "card_kind": card.card_kind,
        "making_batch_id": card.making_batch_id,
        "activation_id": card.activation_id,
        "activation_batch_no": card.activation_batch_no,
        "city": card.city,
        "member_id": card.member_id,
        "member_phone": mask_phone(card.member_phone),
        "customer_id": card.customer_id,
        "customer_name": card.customer_name,
        "contract_id": card.contract_id,
        "contract_name": card.contract_name,
        "owner": {"id": card.owner_id, "name": card.owner_name},
        "face_value": format_money(card.face_value),
        "balance": format_money(card.balance),
        "red_packet_amount": format_money(card.red_packet_amount),
        "red_packet_used": format_money(card.red_packet_used),
        "red_packet_balance": format_money(card.red_packet_balance),
        "status": card.status,
        "status_label": STATUS_LABELS[CardStatus(card.status)],
        "use_status": card.use_status,
        "use_status_label": USE_STATUS_LABELS[UseStatus(card.use_status)],
        "valid_from": card.valid_from,
        "valid_until": card.valid_until,
        "effective_until": card.effective_until,
        "latest_activation_at": card.latest_activation_at,
        "auto_activate_at": card.auto_activate_at,
        "activated_at": card.activated_at,
        "activation_mode": card.activation_mode,
        "red_packet_expires_at": card.red_packet_expires_at,
        "issued_at": card.issued_at,
        "created_at": card.created_at,
        "updated_at": card.updated_at,
    }


def operation_row(op: CardOperation) -> dict[str, Any]:
    return {
        "id": op.id,
        "action": op.action,
        "action_label": ACTION_LABELS[CardAction(op.action)],
        "from_status": op.from_status,
        "to_status": op.to_status,
        "from_use_status": op.from_use_status,
        "to_use_status": op.to_use_status,
        "detail": op.detail,
        "reason": op.reason,
        "created_by": {"id": op.created_by_id, "name": op.created_by_name},
        "created_at": op.created_at,
    }


async def get_card(session: AsyncSession, card_id: int, scope: DataScope, *, lock: bool = False) -> Card:
    stmt = select(Card).where(Card.id == card_id)
    if lock:
        stmt = stmt.with_for_update()
    card = await session.scalar(stmt)
    # A card outside the caller's data scope answers like one that does not exist.
    if card is None or not scope.allows(card.owner_id, card.owner_dept_id):
        raise not_found("卡片")
    return card


async def operate(
    session: AsyncSession,
    card_id: int,
    action: CardAction,
    actor: dict[str, Any],
    scope: DataScope,
    *,
    reason: str = "",
    extend: ExtendIn | None = None,
) -> tuple[Card, CardOperation]:
    """Applies one admin operation to one card under its row lock and records it (apply_operation commits)."""
    card = await get_card(session, card_id, scope, lock=True)
    check(action, card.status, card.use_status)
    now = datetime.now(UTC)
    before = (card.status, card.use_status)
    detail: dict[str, Any] = {}
    rule = RULES[action]
    if action is CardAction.VOID:
        card.status = rule.target.value  # type: ignore[union-attr]
        card.voided_at = now
        if card.balance > 0 or card.red_packet_balance > 0:
            # A charged card voided before use: what was on it leaves through the ledger, not silently.
            detail = {"balance": format_money(card.balance),
                      "red_packet_balance": format_money(card.red_packet_balance)}
            session.add(LedgerEntry(
                card_id=card.id, kind=EntryKind.VOID.value, amount=-(card.balance + card.red_packet_balance),
                balance_part=-card.balance, red_packet_part=-card.red_packet_balance, balance_after=Decimal(0),
                red_packet_after=Decimal(0), activation_id=card.activation_id, memo=reason or "作废", created_at=now,
            ))
            card.balance = Decimal(0)
            card.red_packet_balance = Decimal(0)
            card.granted_red_packet_balance = Decimal(0)
            # Granted packets lapse with the card (their money left through the entry above).
            await session.execute(
                update(RedPacket).where(RedPacket.card_id == card.id, RedPacket.balance > 0)
                .values(expired=RedPacket.expired + RedPacket.balance, balance=0, expired_at=now)
            )
    elif action is CardAction.FREEZE:
        card.use_status_before_freeze = card.use_status
        card.use_status = UseStatus.FROZEN.value
    elif action is CardAction.UNFREEZE:
        card.use_status = card.use_status_before_freeze or UseStatus.UNCHARGED.value
        card.use_status_before_freeze = None
    elif action is CardAction.EXTEND:
        if extend is None:
            raise Problem(422, "extend_required", "请填写延期天数或新的有效结束时间")
        current = card.effective_until or now
        new_until = current + timedelta(days=extend.days) if extend.days else extend.effective_until
        if new_until is None or new_until <= current:
            raise Problem(422, "not_later", "新的有效结束时间必须晚于当前有效结束时间",
                          errors=[{"field": "effective_until", "message": "必须晚于当前有效结束时间"}])
        detail = {"from": current.isoformat(), "to": new_until.isoformat()}
        card.effective_until = new_until
    else:
        raise Problem(409, "unsupported_action", f"不支持的操作 {action}")
    card.updated_at = now
    operation = CardOperation(
        card_id=card.id,
        action=action.value,
        from_status=before[0],
        to_status=card.status,
        from_use_status=before[1],
        to_use_status=card.use_status,
        detail=detail,
        reason=reason,
        created_by_id=actor["id"],
        created_by_name=actor["name"],
    )
    session.add(operation)
    await session.flush()
    await session.refresh(card)
    return card, operation


async def apply_operation(
    session: AsyncSession,
    card_id: int,
    action: CardAction,
    actor: dict[str, Any],
    scope: DataScope,
    *,
    reason: str = "",
    extend: ExtendIn | None = None,
) -> dict[str, Any]:
    """One admin operation on one card, committed: the card as it now is, with the operation's record."""
    card, operation = await operate(session, card_id, action, actor, scope, reason=reason, extend=extend)
    body = {**card_row(card), "operation": operation_row(operation)}
    await session.commit()
    return body


# ---------------------------------------------------------------- list, export, detail


def filtered(filters: CardFilters, scope: DataScope) -> Select[Any]:
    stmt = select(Card).where(scope.clause(Card.owner_id, Card.owner_dept_id))
    start = require_card_no(filters.card_no_from, "card_no_from") if filters.card_no_from else None
    end = require_card_no(filters.card_no_to, "card_no_to") if filters.card_no_to else None
    check_range("card_no", start, end)
    if start is not None or end is not None:
        # The card number's sequence part is the primary key: this is an index range scan.
        stmt = stmt.where(in_ranges([SeqRange(start if start is not None else 0, end if end is not None else MAX_SEQ)]))
    equal = {
        Card.status: filters.status.value if filters.status else None,
        Card.use_status: filters.use_status.value if filters.use_status else None,
        Card.customer_id: filters.customer_id,
        Card.contract_id: filters.contract_id,
        Card.owner_id: filters.owner_id,
        Card.making_batch_id: filters.making_batch_id,
        Card.activation_id: filters.activation_id,
        Card.activation_batch_no: filters.activation_batch_no,
        Card.city: filters.city,
        Card.card_type: filters.card_type,
        Card.card_kind: filters.card_kind,
        Card.member_id: filters.member_id,
        Card.member_phone: filters.member_phone,
    }
    for column, value in equal.items():
        if value is not None and value != "":
            stmt = stmt.where(column == value)
    clause = keyword_clause(filters.keyword, Card.customer_name, Card.contract_name)
    if clause is not None:
        stmt = stmt.where(clause)
    return stmt


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


async def list_cards(session: AsyncSession, filters: CardFilters, scope: DataScope, params: PageParams
                     ) -> dict[str, Any]:
    stmt = apply_sort(filtered(filters, scope), params.sort, SORTABLE, [Card.id])
    rows, total = await paginate(session, stmt, params, row=card_row)
    extra = await _option_lists(session, scope) if params.with_options else {}
    return list_response(rows, total, params, extra)


async def export_rows(session: AsyncSession, filters: CardFilters, scope: DataScope, sort: str | None
                      ) -> Iterator[dict[str, Any]]:
    """The rows of 导出卡片 (the list's filters and sort), at most MAX_EXPORT_ROWS of them."""
    stmt = filtered(filters, scope)
    total = int(await session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    if total > MAX_EXPORT_ROWS:
        raise Problem(413, "export_too_large",
                      f"一次最多导出 {MAX_EXPORT_ROWS} 张卡，请缩小筛选范围（当前 {total} 张）")
    cards = list(await session.scalars(apply_sort(stmt, sort, SORTABLE, [Card.id])))

    def rows() -> Iterator[dict[str, Any]]:
        for card in cards:
            row = card_row(card)
            row["owner_name"] = card.owner_name
            for key in ("valid_from", "valid_until", "effective_until"):
                row[key] = row[key].isoformat() if row[key] else ""
            yield row

    return rows()


async def card_detail(session: AsyncSession, card_id: int, scope: DataScope) -> dict[str, Any]:
    card = await get_card(session, card_id, scope)
    operations = await session.scalars(
        select(CardOperation).where(CardOperation.card_id == card_id).order_by(CardOperation.id)
    )
    return {**card_row(card), "operations": [operation_row(o) for o in operations]}


async def card_ledger(session: AsyncSession, card_id: int, scope: DataScope, params: PageParams) -> dict[str, Any]:
    await get_card(session, card_id, scope)
    stmt = select(LedgerEntry).where(LedgerEntry.card_id == card_id).order_by(LedgerEntry.id.desc())
    rows, total = await paginate(session, stmt, params, row=ledger_row)
    return list_response(rows, total, params, {"kind_list": enum_options(ENTRY_KIND_LABELS)})
