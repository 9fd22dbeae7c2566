"""Debits and credits on a card: one ledger entry each, the card's balances updated under its row lock.

The card row is locked (SELECT ... FOR UPDATE) before anything is read, so concurrent orders on one card
queue on it and each sees the balance the previous one left: the balance never goes below zero and the
entries always sum to it. Idempotency by order_ref is held by the database (a unique index per kind).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from cards.cards.state import CardStatus, UseStatus
from cards.ledger.models import ENTRY_KIND_LABELS, EntryKind
from cards.numbers import card_no, parse_card_no
from shared.bus import emit
from shared.events.cards import CardCredited, CardDebited
from shared.money import Money, format_money
from shared.problems import Problem

ZERO = Decimal("0.00")
Context = Literal["health", "mall", "escort"]


class DebitIn(BaseModel):
    card_no: str | None = Field(None, max_length=16)
    card_id: int | None = Field(None, ge=1)
    amount: Money
    order_ref: str = Field(..., min_length=1, max_length=128)
    context: Context
    member_id: int | None = None
    use_red_packet: bool = True
    memo: str = Field("", max_length=255)

    @model_validator(mode="after")
    def _card_and_amount(self) -> DebitIn:
        if self.card_no is None and self.card_id is None:
            raise ValueError("card_no 与 card_id 至少填一个")
        if self.amount <= 0:
            raise ValueError("金额必须大于 0")
        return self


class CreditIn(BaseModel):
    order_ref: str = Field(..., min_length=1, max_length=128)
    amount: Money
    context: Context
    reason: str = Field("", max_length=255)

    @model_validator(mode="after")
    def _positive(self) -> CreditIn:
        if self.amount <= 0:
            raise ValueError("金额必须大于 0")
        return self


@dataclass(frozen=True)
class Outcome:
    status_code: int  # 201 new entry, 200 the same request answered again
    body: dict[str, Any]


_LOCK_CARD = text(
    """
    SELECT id, status, use_status, member_id, balance, red_packet_balance, red_packet_expires_at,
           effective_until, customer_id, contract_id, activation_id, activation_batch_no
      FROM cards WHERE id = :id FOR UPDATE
    """
)
# The card row lock and "is this order_ref already debited?" in one round trip. The subquery reads the
# statement's snapshot, which may predate a concurrent debit that committed while we waited for the lock;
# that case ends at the unique index (IntegrityError) and is answered from the committed entry.
_LOCK_CARD_FOR_DEBIT = text(
    """
    SELECT c.id, c.status, c.use_status, c.member_id, c.balance, c.red_packet_balance, c.red_packet_expires_at,
           c.effective_until, c.customer_id, c.contract_id, c.activation_id, c.activation_batch_no,
           EXISTS (SELECT 1 FROM ledger_entries e WHERE e.order_ref = :order_ref AND e.kind = 'debit') AS debited
      FROM cards c WHERE c.id = :id FOR UPDATE OF c
    """
)
_FIND_ENTRY = text(
    """
    SELECT id, card_id, kind, amount, balance_part, red_packet_part, balance_after, red_packet_after, member_id,
           context, created_at
      FROM ledger_entries WHERE order_ref = :order_ref AND kind = :kind
    """
)
_INSERT_ENTRY = text(
    """
    INSERT INTO ledger_entries (card_id, kind, amount, balance_part, red_packet_part, balance_after,
                                red_packet_after, order_ref, context, member_id, activation_id, memo, created_at)
    VALUES (:card_id, :kind, :amount, :balance_part, :red_packet_part, :balance_after, :red_packet_after,
            :order_ref, :context, :member_id, :activation_id, :memo, :now)
    RETURNING id
    """
)
# The entry and the card's new balances in one statement (both under the card's row lock).
_WRITE_DEBIT = text(
    """
    WITH entry AS (
        INSERT INTO ledger_entries (card_id, kind, amount, balance_part, red_packet_part, balance_after,
                                    red_packet_after, order_ref, context, member_id, activation_id, memo, created_at)
        VALUES (:card_id, 'debit', :amount, :balance_part, :red_packet_part, :balance_after, :red_packet_after,
                :order_ref, :context, :member_id, :activation_id, :memo, :now)
        RETURNING id
    ), card AS (
        UPDATE cards SET balance = :balance_after, red_packet_balance = :red_packet_after,
                         red_packet_used = red_packet_used - :red_packet_part, updated_at = :now
         WHERE id = :card_id
        RETURNING id
    )
    SELECT entry.id FROM entry, card
    """
)
_UPDATE_BALANCES = text(
    """
    UPDATE cards SET balance = :balance, red_packet_balance = :red_packet_balance,
                     red_packet_used = red_packet_used + :red_packet_used_delta, updated_at = :now
     WHERE id = :id
    """
)


def ledger_row(entry: Any) -> dict[str, Any]:
    """A ledger entry as the admin and member views list it (signed parts: + in, - out)."""
    return {
        "id": entry.id,
        "kind": entry.kind,
        "kind_label": ENTRY_KIND_LABELS[EntryKind(entry.kind)],
        "amount": format_money(entry.amount),
        "balance_part": format_money(entry.balance_part),
        "red_packet_part": format_money(entry.red_packet_part),
        "balance_after": format_money(entry.balance_after),
        "red_packet_after": format_money(entry.red_packet_after),
        "order_ref": entry.order_ref,
        "context": entry.context,
        "member_id": entry.member_id,
        "memo": entry.memo,
        "created_at": entry.created_at,
    }


def entry_body(entry: Any) -> dict[str, Any]:
    """The API's view of a debit or refund entry: amounts as positive decimal strings."""
    return {
        "entry_id": entry.id,
        "card_id": entry.card_id,
        "card_no": card_no(entry.card_id),
        "amount": format_money(abs(entry.amount)),
        "red_packet_part": format_money(abs(entry.red_packet_part)),
        "balance_part": format_money(abs(entry.balance_part)),
        "balance_after": format_money(entry.balance_after),
        "red_packet_after": format_money(entry.red_packet_after),
    }


def _resolve_card_id(data: DebitIn) -> int:
    seq = None
    if data.card_no is not None:
        seq = parse_card_no(data.card_no)
        if seq is None:
            raise Problem(404, "card_not_found", "卡号不存在")
    if data.card_id is not None and seq is not None and data.card_id != seq:
        raise Problem(422, "card_mismatch", "card_no 与 card_id 不是同一张卡",
                      errors=[{"field": "card_id", "message": "与 card_no 不一致"}])
    return seq if seq is not None else int(data.card_id)  # type: ignore[arg-type]


async def _existing(session: AsyncSession, order_ref: str, kind: str) -> Any:
    return (await session.execute(_FIND_ENTRY, {"order_ref": order_ref, "kind": kind})).first()


def _replayed_debit(entry: Any, data: DebitIn) -> Outcome:
    if abs(entry.amount) != data.amount:
        raise Problem(409, "order_ref_conflict", f"订单 {data.order_ref} 已用不同金额扣过款",
                      existing_amount=format_money(abs(entry.amount)))
    return Outcome(200, entry_body(entry))


def red_packets_valid(card: Any, now: datetime) -> bool:
    return card.red_packet_expires_at is not None and card.red_packet_expires_at > now


async def debit(session: AsyncSession, data: DebitIn) -> Outcome:
    """Pays `amount` of an order from a card (red packets first unless told otherwise). Commits."""
    card_id = _resolve_card_id(data)
    now = datetime.now(UTC)
    # Core statements on the session's connection: the ORM layer adds nothing to plain SQL on this hot path.
    conn = await session.connection()
    card = (await conn.execute(_LOCK_CARD_FOR_DEBIT, {"id": card_id, "order_ref": data.order_ref})).first()
    if card is None:
        previous = await _existing(session, data.order_ref, "debit")
        if previous is not None:
            return _replayed_debit(previous, data)
        raise Problem(404, "card_not_found", "卡号不存在")
    if card.debited:
        return _replayed_debit(await _existing(session, data.order_ref, "debit"), data)
    if data.member_id is not None and card.member_id != data.member_id:
        raise Problem(403, "card_not_owned", "该卡不属于当前会员")
    if card.status != CardStatus.ACTIVATED.value:
        raise Problem(409, "card_not_usable", "卡片未激活或已作废/过期，不能消费", card_status=card.status)
    if card.use_status != UseStatus.CHARGED.value:
        raise Problem(409, "card_not_usable", "卡片已冻结或未充值，不能消费", use_status=card.use_status)
    if card.effective_until is None or card.effective_until <= now:
        raise Problem(409, "card_not_usable", "卡片已过有效期，不能消费")
    red_packet_part = ZERO
    if data.use_red_packet and red_packets_valid(card, now):
        red_packet_part = min(data.amount, card.red_packet_balance)
    balance_part = data.amount - red_packet_part
    if balance_part > card.balance:
        raise Problem(409, "insufficient_balance", "卡内余额不足",
                      balance=format_money(card.balance),
                      red_packet_available=format_money(red_packet_part))
    balance_after = card.balance - balance_part
    red_packet_after = card.red_packet_balance - red_packet_part
    member_id = data.member_id if data.member_id is not None else card.member_id
    try:
        entry_id = (await conn.execute(_WRITE_DEBIT, {
            "card_id": card.id, "amount": -data.amount, "balance_part": -balance_part,
            "red_packet_part": -red_packet_part, "balance_after": balance_after, "red_packet_after": red_packet_after,
            "order_ref": data.order_ref, "context": data.context, "member_id": member_id,
            "activation_id": card.activation_id, "memo": data.memo, "now": now,
        })).scalar_one()
    except IntegrityError:
        # The same order_ref committed first (on this card while we waited, or on another card).
        await session.rollback()
        previous = await _existing(session, data.order_ref, "debit")
        if previous is None:
            raise
        return _replayed_debit(previous, data)
    body = {
        "entry_id": entry_id,
        "card_id": card.id,
        "card_no": card_no(card.id),
        "amount": format_money(data.amount),
        "red_packet_part": format_money(red_packet_part),
        "balance_part": format_money(balance_part),
        "balance_after": format_money(balance_after),
        "red_packet_after": format_money(red_packet_after),
    }
    await emit(session, "cards", CardDebited(**_event_fields(card, body, data.order_ref, data.context, member_id,
                                                            now)))
    await session.commit()
    return Outcome(201, body)


def _event_fields(card: Any, body: dict[str, Any], order_ref: str, context: str, member_id: int | None,
                  now: datetime) -> dict[str, Any]:
    return {
        "card_id": card.id,
        "card_no": body["card_no"],
        "order_ref": order_ref,
        "entry_id": body["entry_id"],
        "amount": body["amount"],
        "balance_part": body["balance_part"],
        "red_packet_part": body["red_packet_part"],
        "balance_after": body["balance_after"],
        "red_packet_after": body["red_packet_after"],
        "member_id": member_id,
        "customer_id": card.customer_id,
        "contract_id": card.contract_id,
        "activation_id": card.activation_id,
        "activation_batch_no": card.activation_batch_no,
        "context": context,
        "occurred_at": now,
    }


async def credit(session: AsyncSession, data: CreditIn) -> Outcome:
    """Refunds (part of) a debit to its card: the red-packet part back to red packets first, if still valid."""
    original = await _existing(session, data.order_ref, "debit")
    if original is None:
        raise Problem(404, "debit_not_found", f"找不到订单 {data.order_ref} 的扣款")
    now = datetime.now(UTC)
    card = (await session.execute(_LOCK_CARD, {"id": original.card_id})).one()
    previous = await _existing(session, data.order_ref, "refund")
    if previous is not None:
        return Outcome(200, entry_body(previous))
    debited = abs(original.amount)
    if data.amount > debited:
        raise Problem(422, "amount_exceeds_debit", f"退款金额不能大于扣款金额 {format_money(debited)}",
                      errors=[{"field": "amount", "message": "不能大于扣款金额"}])
    red_packet_back = ZERO
    if card.status == CardStatus.ACTIVATED.value and red_packets_valid(card, now):
        red_packet_back = min(data.amount, abs(original.red_packet_part))
    balance_back = data.amount - red_packet_back
    balance_after = card.balance + balance_back
    red_packet_after = card.red_packet_balance + red_packet_back
    values = {
        "card_id": card.id,
        "kind": "refund",
        "amount": data.amount,
        "balance_part": balance_back,
        "red_packet_part": red_packet_back,
        "balance_after": balance_after,
        "red_packet_after": red_packet_after,
        "order_ref": data.order_ref,
        "context": data.context,
        "member_id": original.member_id,
        "activation_id": card.activation_id,
        "memo": data.reason,
        "now": now,
    }
    try:
        entry_id = (await session.execute(_INSERT_ENTRY, values)).scalar_one()
    except IntegrityError:
        await session.rollback()
        previous = await _existing(session, data.order_ref, "refund")
        if previous is None:
            raise
        return Outcome(200, entry_body(previous))
    await session.execute(
        _UPDATE_BALANCES,
        {"id": card.id, "balance": balance_after, "red_packet_balance": red_packet_after,
         "red_packet_used_delta": -red_packet_back, "now": now},
    )
    body = {
        "entry_id": entry_id,
        "card_id": card.id,
        "card_no": card_no(card.id),
        "amount": format_money(data.amount),
        "red_packet_part": format_money(red_packet_back),
        "balance_part": format_money(balance_back),
        "balance_after": format_money(balance_after),
        "red_packet_after": format_money(red_packet_after),
    }
    await emit(session, "cards", CardCredited(**_event_fields(card, body, data.order_ref, data.context,
                                                             original.member_id, now)))
    await session.commit()
    return Outcome(201, body)
