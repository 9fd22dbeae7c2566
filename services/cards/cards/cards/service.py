"""Operations on one card (延期, 作废, 冻结, 解冻): checked by the state machine, recorded, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cards.cards.models import Card, CardOperation
from cards.cards.schemas import ExtendIn
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
from cards.ledger.models import EntryKind, LedgerEntry
from shared.identity import DataScope
from shared.money import format_money
from shared.privacy import mask_phone
from shared.problems import Problem, not_found


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
    """Applies one admin operation to one card under its row lock and records it. The caller commits."""
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
