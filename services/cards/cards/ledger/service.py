"""Debits and credits on a card: one ledger entry each, the card's balances updated under its row lock.

The card row is locked (SELECT ... FOR UPDATE) before anything is read, so concurrent orders on one card
queue on it and each sees the balance the previous one left: the balance never goes below zero and the
entries always sum to it. Idempotency by order_ref is held by the database (a unique index per kind).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import asyncpg
from pydantic_core import to_json
from sqlalchemy import DateTime, Engine, bindparam, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.util import await_, greenlet_spawn

from cards.cards.state import CardStatus, UseStatus
from cards.ledger.models import ENTRY_KIND_LABELS, EntryKind
from cards.ledger.schemas import CreditIn, DebitIn
from cards.numbers import card_no, parse_card_no
from shared.bus import emit
from shared.bus.outbox import NOTIFY_CHANNEL, notified, notify_slot
from shared.db import Database
from shared.events.cards import CardCredited, CardDebited
from shared.events.catalogue import routing_key
from shared.money import format_money
from shared.observability import current_request_id
from shared.problems import Problem

ZERO = Decimal("0.00")


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
_FIND_ENTRY = text(
    """
    SELECT id, card_id, kind, amount, balance_part, red_packet_part, balance_after, red_packet_after, member_id,
           context, debit_entry_id, created_at
      FROM ledger_entries WHERE order_ref = :order_ref AND kind = :kind
    """
)
_INSERT_ENTRY = text(
    """
    INSERT INTO ledger_entries (card_id, kind, amount, balance_part, red_packet_part, balance_after,
                                red_packet_after, order_ref, context, member_id, activation_id, memo,
                                debit_entry_id, created_at)
    VALUES (:card_id, :kind, :amount, :balance_part, :red_packet_part, :balance_after, :red_packet_after,
            :order_ref, :context, :member_id, :activation_id, :memo, :debit_entry_id, :now)
    RETURNING id
    """
)
_UPDATE_BALANCES = text(
    """
    UPDATE cards SET balance = :balance, red_packet_balance = :red_packet_balance,
                     red_packet_used = red_packet_used + :red_packet_used_delta,
                     granted_red_packet_balance = granted_red_packet_balance + :granted_delta, updated_at = :now
     WHERE id = :id
    """
)
# The granted packets a debit spent, latest expiry first: what each paid, what earlier refunds of the debit put
# back into it, and whether it can still take money back.
_DEBIT_SPENDS = text(
    """
    SELECT s.packet_id, s.amount,
           (SELECT COALESCE(sum(f.amount), 0) FROM red_packet_refills f JOIN ledger_entries r ON r.id = f.entry_id
             WHERE r.debit_entry_id = s.entry_id AND r.kind = 'refund' AND f.packet_id = s.packet_id) AS refilled,
           (p.revoked_at IS NULL AND p.expired_at IS NULL AND p.valid_to > :now) AS live
      FROM red_packet_spends s JOIN red_packets p ON p.id = s.packet_id
     WHERE s.entry_id = :entry_id
     ORDER BY p.valid_to DESC, p.id
    """
).bindparams(bindparam("now", type_=DateTime(timezone=True)))
# What the earlier refunds of a debit gave back, in all and to red packets.
_REFUNDED = text(
    """
    SELECT COALESCE(sum(amount), 0) AS amount, COALESCE(sum(red_packet_part), 0) AS red_packet_part
      FROM ledger_entries WHERE debit_entry_id = :debit_id AND kind = 'refund'
    """
)
_REFILL_PACKET = text("UPDATE red_packets SET balance = balance + :amount, used = used - :amount WHERE id = :id")
_RECORD_REFILL = text("INSERT INTO red_packet_refills (entry_id, packet_id, amount) VALUES (:entry_id, :id, :amount)")


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
    """Pays `amount` of an order from a card (red packets first unless told otherwise). Commits.

    The statement runs on the session's own connection: inside its transaction if one is open (then this
    commits it), else as a transaction of its own."""
    card_id = _resolve_card_id(data)
    conn = await _driver_connection(session)
    try:
        outcome = await _debit_statement(conn, card_id, data)
    except asyncpg.UniqueViolationError as error:
        # The same order_ref committed first (on this card while we waited, or on another card).
        await session.rollback()
        conn = await _driver_connection(session)
        outcome = await _replay_committed(conn, data, error)
    await session.commit()
    return outcome


async def debit_on(db: Database, data: DebitIn) -> Outcome:
    """`debit` for the HTTP hot path: one connection from the pool, one statement, no session."""
    card_id = _resolve_card_id(data)
    # The pool's checkout and checkin are synchronous SQLAlchemy code that may await (opening or recycling a
    # connection): both run in one greenlet, the statement awaited from it. An AsyncConnection would spawn one
    # greenlet each to connect, to reach the raw connection and to close, ~50 us of CPU per debit.
    return await greenlet_spawn(_debit_on_pooled, db.engine.sync_engine, card_id, data)


def _debit_on_pooled(engine: Engine, card_id: int, data: DebitIn) -> Outcome:
    """Runs inside `greenlet_spawn`: `await_` hands the coroutine to the event loop and resumes with its result."""
    pooled = engine.raw_connection()
    try:
        return await_(_debit_or_replay(pooled.driver_connection, card_id, data))
    except (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, OSError) as error:
        # The connection is gone (e.g. the database restarted): drop it from the pool, as SQLAlchemy would.
        pooled.invalidate(error)
        raise
    finally:
        pooled.close()  # back to the pool; the asyncpg connection is outside any transaction


async def _debit_or_replay(conn: asyncpg.Connection, card_id: int, data: DebitIn) -> Outcome:
    try:
        return await _debit_statement(conn, card_id, data)
    except asyncpg.UniqueViolationError as error:
        # The same order_ref committed first (on this card while we waited, or on another card).
        return await _replay_committed(conn, data, error)


async def _driver_connection(session: AsyncSession) -> asyncpg.Connection:
    sa_conn = await session.connection()
    return (await sa_conn.get_raw_connection()).driver_connection  # type: ignore[return-value]


# The whole debit in one statement, so one round trip and (outside a transaction) its own commit: lock the
# card row, "is this order_ref already debited?", the red-packet and balance parts, and, only if the debit
# is allowed, the ledger entry, the card's new balances and the CardDebited outbox row (its body exactly as
# shared.bus.emit serialises the envelope: fixed parts from Python, the values only known here filled in).
# Every CTE reads the locked row, never an earlier snapshot of it. Red packets are spent soonest expiry first:
# the card's own (activation) packet, valid until red_packet_expires_at and holding what granted packets do not
# (red_packet_balance - granted_red_packet_balance), and each granted packet (red_packets) within its validity.
# The granted packets are read FOR UPDATE after the card lock, so they are their latest versions; one granted
# after this statement's snapshot is simply not spent this time (the card's own part comes from the locked row).
# The EXISTS reads the statement's snapshot,
# which may predate a concurrent debit of the same order_ref that committed while we waited for the lock;
# that case ends at the unique index (UniqueViolationError, nothing written) and is answered from the
# committed entry. When the debit is refused, nothing is written and Python names the reason from the row.
_DEBIT = f"""
WITH card AS (
    SELECT id, status, use_status, member_id, balance, red_packet_balance, granted_red_packet_balance,
           red_packet_expires_at, effective_until, customer_id, contract_id, activation_id, activation_batch_no,
           EXISTS (SELECT 1 FROM ledger_entries e WHERE e.order_ref = $2::varchar AND e.kind = 'debit') AS debited
      FROM cards WHERE id = $1::bigint FOR UPDATE
), granted AS (
    SELECT p.id, p.balance, p.valid_to
      FROM red_packets p
     WHERE p.card_id = (SELECT id FROM card) AND p.balance > 0
       AND p.valid_from <= $5::timestamptz AND p.valid_to > $5::timestamptz
       FOR UPDATE
), pool AS (
    SELECT 0::bigint AS id, (card.red_packet_balance - card.granted_red_packet_balance) AS balance,
           card.red_packet_expires_at AS valid_to
      FROM card
     WHERE card.red_packet_expires_at > $5::timestamptz AND card.red_packet_balance > card.granted_red_packet_balance
    UNION ALL
    SELECT id, balance, valid_to FROM granted
), ordered AS (
    SELECT pool.id, pool.balance,
           COALESCE(sum(pool.balance) OVER (ORDER BY pool.valid_to, pool.id
                                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
      FROM pool
), calc AS (
    SELECT card.*,
           (CASE WHEN $4::boolean THEN LEAST($3::numeric(14,2), (SELECT COALESCE(sum(balance), 0) FROM pool))
                 ELSE 0 END)::numeric(14,2) AS red_packet_part
      FROM card
), ok AS (
    SELECT calc.*, ($3::numeric(14,2) - calc.red_packet_part)::numeric(14,2) AS balance_part,
           COALESCE($6::bigint, calc.member_id) AS payer
      FROM calc
     WHERE NOT calc.debited AND ($6::bigint IS NULL OR calc.member_id = $6::bigint)
       AND calc.status = '{CardStatus.ACTIVATED.value}' AND calc.use_status = '{UseStatus.CHARGED.value}'
       AND calc.effective_until > $5::timestamptz AND $3::numeric(14,2) - calc.red_packet_part <= calc.balance
), entry AS (
    INSERT INTO ledger_entries (card_id, kind, amount, balance_part, red_packet_part, balance_after,
                                red_packet_after, order_ref, context, member_id, activation_id, memo, created_at)
    SELECT id, 'debit', -$3::numeric(14,2), -balance_part, -red_packet_part, balance - balance_part,
           red_packet_balance - red_packet_part, $2::varchar, $7::varchar, payer, activation_id, $8::varchar,
           $5::timestamptz
      FROM ok
    RETURNING id, balance_after, red_packet_after
), spent AS (
    UPDATE red_packets p SET balance = p.balance - take.amount, used = p.used + take.amount
      FROM (SELECT ordered.id, LEAST(ordered.balance, ok.red_packet_part - ordered.before) AS amount
              FROM ordered, ok, entry
             WHERE ordered.id > 0 AND ordered.before < ok.red_packet_part) take
     WHERE p.id = take.id
    RETURNING p.id, take.amount
), spends AS (
    INSERT INTO red_packet_spends (entry_id, packet_id, amount)
    SELECT entry.id, spent.id, spent.amount FROM spent, entry
    RETURNING 1
), updated AS (
    UPDATE cards SET balance = entry.balance_after, red_packet_balance = entry.red_packet_after,
                     red_packet_used = cards.red_packet_used + ok.red_packet_part,
                     granted_red_packet_balance = cards.granted_red_packet_balance
                                                  - (SELECT COALESCE(sum(amount), 0) FROM spent),
                     updated_at = $5::timestamptz
      FROM ok, entry
     WHERE cards.id = ok.id
    RETURNING cards.id
), event AS (
    INSERT INTO outbox (event_id, routing_key, body)
    SELECT $9::uuid, $10::varchar, convert_to(concat(
               $11::text, entry.id, $12::text, ok.balance_part,
               '","red_packet_part":"', ok.red_packet_part,
               '","balance_after":"', entry.balance_after,
               '","red_packet_after":"', entry.red_packet_after,
               '","member_id":', COALESCE(ok.payer::text, 'null'),
               ',"customer_id":', COALESCE(ok.customer_id::text, 'null'),
               ',"contract_id":', COALESCE(ok.contract_id::text, 'null'),
               ',"activation_id":', COALESCE(ok.activation_id::text, 'null'),
               ',"activation_batch_no":', to_json(ok.activation_batch_no)::text,
               $13::text), 'UTF8')
      FROM ok, entry, updated
    RETURNING id
), notified AS (
    SELECT pg_notify('{NOTIFY_CHANNEL}', '') FROM event WHERE $14::boolean
)
SELECT calc.debited, calc.member_id, calc.status, calc.use_status, calc.effective_until, calc.balance,
       calc.red_packet_part, entry.id AS entry_id, entry.balance_after, entry.red_packet_after,
       -- An entry without its balances and event would abort the whole statement (division by zero).
       CASE WHEN entry.id IS NULL THEN 0 ELSE 1 / (SELECT count(*) FROM event) END AS events,
       (SELECT count(*) FROM notified) AS notified
  FROM calc LEFT JOIN entry ON true
"""
_FIND_DEBIT = """
SELECT id, card_id, kind, amount, balance_part, red_packet_part, balance_after, red_packet_after, member_id,
       context, created_at
  FROM ledger_entries WHERE order_ref = $1::varchar AND kind = 'debit'
"""
_DEBITED_KEY = routing_key("cards", CardDebited)
_DEBITED_VERSION = CardDebited.version


def _json(value: Any) -> str:
    return to_json(value).decode()


async def _committed_debit(conn: asyncpg.Connection, order_ref: str) -> Any:
    record = await conn.fetchrow(_FIND_DEBIT, order_ref)
    return None if record is None else SimpleNamespace(**record)


async def _replay_committed(conn: asyncpg.Connection, data: DebitIn, error: Exception) -> Outcome:
    previous = await _committed_debit(conn, data.order_ref)
    if previous is None:
        raise error
    return _replayed_debit(previous, data)


async def _debit_statement(conn: asyncpg.Connection, card_id: int, data: DebitIn) -> Outcome:
    now = datetime.now(UTC)
    event_id = uuid.uuid4()
    at = _json(now)
    number = card_no(card_id)
    head = (f'{{"event_id":"{event_id}","event_type":"{_DEBITED_KEY}","version":{_DEBITED_VERSION},'
            f'"occurred_at":{at},"producer":"cards","correlation_id":{_json(current_request_id())},'
            f'"payload":{{"card_id":{card_id},"card_no":{_json(number)},'
            f'"order_ref":{_json(data.order_ref)},"entry_id":')
    middle = f',"amount":"{format_money(data.amount)}","balance_part":"'
    tail = f',"context":{_json(data.context)},"occurred_at":{at}}}}}'
    slot = notify_slot()  # NOTIFY at most as often as shared.bus.emit allows this process
    card = await conn.fetchrow(_DEBIT, card_id, data.order_ref, data.amount, data.use_red_packet, now,
                               data.member_id, data.context, data.memo, event_id, _DEBITED_KEY, head, middle,
                               tail, slot is not None)
    if card is None:
        previous = await _committed_debit(conn, data.order_ref)
        if previous is not None:
            return _replayed_debit(previous, data)
        raise Problem(404, "card_not_found", "卡号不存在")
    if card["notified"] and slot is not None:
        notified(slot)
    entry_id = card["entry_id"]
    if entry_id is None:
        if card["debited"]:
            return _replayed_debit(await _committed_debit(conn, data.order_ref), data)
        raise _refusal(card, data, now)
    return Outcome(201, {
        "entry_id": entry_id,
        "card_id": card_id,
        "card_no": number,
        "amount": format_money(data.amount),
        "red_packet_part": format_money(card["red_packet_part"]),
        "balance_part": format_money(data.amount - card["red_packet_part"]),
        "balance_after": format_money(card["balance_after"]),
        "red_packet_after": format_money(card["red_packet_after"]),
    })


def _refusal(card: Any, data: DebitIn, now: datetime) -> Problem:
    """Why the statement wrote nothing, checked in the order the API has always answered."""
    if data.member_id is not None and card["member_id"] != data.member_id:
        return Problem(403, "card_not_owned", "该卡不属于当前会员")
    if card["status"] != CardStatus.ACTIVATED.value:
        return Problem(409, "card_not_usable", "卡片未激活或已作废/过期，不能消费", card_status=card["status"])
    if card["use_status"] != UseStatus.CHARGED.value:
        return Problem(409, "card_not_usable", "卡片已冻结或未充值，不能消费", use_status=card["use_status"])
    if card["effective_until"] is None or card["effective_until"] <= now:
        return Problem(409, "card_not_usable", "卡片已过有效期，不能消费")
    red_packet_part = card["red_packet_part"]
    if data.amount - red_packet_part > card["balance"]:
        return Problem(409, "insufficient_balance", "卡内余额不足",
                       balance=format_money(card["balance"]),
                       red_packet_available=format_money(red_packet_part))
    return Problem(500, "internal_error", "服务器内部错误")  # cannot happen: the statement checks the same


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


async def _red_packet_refunds(session: AsyncSession, card: Any, debit_entry: Any, refunded: Any, amount: Decimal,
                              now: datetime) -> tuple[list[tuple[int, Decimal]], Decimal]:
    """Where the red-packet part of a refund of `amount` goes: (granted packet, amount) refills and the card's
    own part. Red packet first: the refund gives back what the debit's red packets paid and earlier refunds of
    it have not given back yet, to each granted packet (latest expiry first) at most what that packet paid less
    its earlier refills, while it is live, then to the card's own red packet while that is valid. Read under the
    card's lock, so the packets and the earlier refunds are as the last writer left them."""
    if card.status != CardStatus.ACTIVATED.value:
        return [], ZERO
    paid = abs(debit_entry.red_packet_part)
    remaining = max(ZERO, min(amount, paid - refunded.red_packet_part))
    spends = (await session.execute(_DEBIT_SPENDS, {"entry_id": debit_entry.id, "now": now})).all()
    refills: list[tuple[int, Decimal]] = []
    for spend in spends:
        left = spend.amount - spend.refilled
        if spend.live and remaining > 0 and left > 0:
            back = min(remaining, left)
            refills.append((spend.packet_id, back))
            remaining -= back
    # The card's own part of the debit less what earlier refunds gave back to it (their red-packet part less
    # what they refilled into granted packets).
    own_left = (paid - sum((s.amount for s in spends), ZERO)) - (
        refunded.red_packet_part - sum((s.refilled for s in spends), ZERO))
    own_back = max(ZERO, min(remaining, own_left)) if red_packets_valid(card, now) else ZERO
    return refills, own_back


def _replayed_credit(previous: Any, original: Any, data: CreditIn) -> Outcome:
    if previous.debit_entry_id is not None and previous.debit_entry_id != original.id:
        raise Problem(409, "order_ref_conflict", f"退款 {data.order_ref} 已用于另一笔扣款")
    return Outcome(200, entry_body(previous))


async def credit(session: AsyncSession, data: CreditIn) -> Outcome:
    """Refunds (part of) a debit to its card: the debit named by `debit_ref`, else the one of the same order_ref;
    the refund's own order_ref keeps it idempotent. Several refunds of one debit never give back more than it
    took (checked under the card's lock). The red-packet part goes back where it came from while that can still
    hold it: to the granted packets (红包发放) that paid it, not revoked or lapsed, and to the card's own red
    packet while that is valid; the rest of the refund goes to the balance (docs/domains/cards.md)."""
    debit_ref = data.debit_ref or data.order_ref
    original = await _existing(session, debit_ref, "debit")
    if original is None:
        raise Problem(404, "debit_not_found", f"找不到订单 {debit_ref} 的扣款")
    now = datetime.now(UTC)
    card = (await session.execute(_LOCK_CARD, {"id": original.card_id})).one()
    previous = await _existing(session, data.order_ref, "refund")
    if previous is not None:
        return _replayed_credit(previous, original, data)
    debited = abs(original.amount)
    if data.amount > debited:
        raise Problem(422, "amount_exceeds_debit", f"退款金额不能大于扣款金额 {format_money(debited)}",
                      errors=[{"field": "amount", "message": "不能大于扣款金额"}])
    refunded = (await session.execute(_REFUNDED, {"debit_id": original.id})).one()
    if refunded.amount + data.amount > debited:
        left = format_money(debited - refunded.amount)
        raise Problem(409, "refund_exceeds_debit", f"该笔扣款已退 {format_money(refunded.amount)}，最多还能退 {left}",
                      debit_amount=format_money(debited), refunded_amount=format_money(refunded.amount),
                      refundable_amount=left)
    refills, own_back = await _red_packet_refunds(session, card, original, refunded, data.amount, now)
    granted_back = sum((amount for _, amount in refills), ZERO)
    red_packet_back = granted_back + own_back
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
        "debit_entry_id": original.id,
        "now": now,
    }
    try:
        entry_id = (await session.execute(_INSERT_ENTRY, values)).scalar_one()
    except IntegrityError:
        await session.rollback()
        previous = await _existing(session, data.order_ref, "refund")
        if previous is None:
            raise
        return _replayed_credit(previous, original, data)
    for packet_id, amount in refills:
        await session.execute(_REFILL_PACKET, {"id": packet_id, "amount": amount})
        await session.execute(_RECORD_REFILL, {"entry_id": entry_id, "id": packet_id, "amount": amount})
    await session.execute(
        _UPDATE_BALANCES,
        {"id": card.id, "balance": balance_after, "red_packet_balance": red_packet_after,
         "red_packet_used_delta": -red_packet_back, "granted_delta": granted_back, "now": now},
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
