"""Scheduler jobs: auto-activation, card expiry, red-packet expiry (and finishing interrupted making batches).

Each job is one set-based statement over the cards whose state says they are due, so a rerun after a crash
finds nothing left to do and counts nothing twice; each takes `now` as given. A run that changed something
emits one event with its totals grouped per customer / contract / activation batch, in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, bindparam, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from cards.activations.models import Activation
from cards.cards.state import CardAction, CardStatus, sources, use_sources
from cards.making.service import finish_unfinished
from cards.numbers import SeqRange
from cards.settings import CardsSettings
from shared.bus import emit
from shared.db import Database
from shared.events.cards import CardsActivated, CardsExpired
from shared.events.common import CardGroupTotals, CardRange
from shared.events.envelope import EventModel
from shared.scheduler import Job

# Typed, so the driver sends a timestamptz (text() parameters are otherwise untyped).
_NOW = bindparam("now", type_=DateTime(timezone=True))

# Turns the rows a statement changed (CTE "changed") into contiguous runs per group: gaps and islands.
_GROUPED_RUNS = """
, numbered AS (
    SELECT changed.*,
           id - row_number() OVER (PARTITION BY customer_id, contract_id, activation_id ORDER BY id) AS island
      FROM changed
)
SELECT customer_id, contract_id, activation_id, min(id) AS first_id, max(id) AS last_id, count(*) AS n,
       sum(face_value) AS face_value, sum(red_packet) AS red_packet, sum(balance) AS balance
  FROM numbered
 GROUP BY customer_id, contract_id, activation_id, island
 ORDER BY customer_id, contract_id, activation_id, first_id
"""

AUTO_ACTIVATE = text(
    """
    WITH changed AS (
        UPDATE cards c
           SET status = :target, activated_at = :now, activation_mode = 'auto', valid_from = :now,
               valid_until = :now + make_interval(days => a.valid_days),
               effective_until = :now + make_interval(days => a.valid_days),
               red_packet_expires_at = :now + make_interval(days => a.red_packet_days),
               updated_at = :now
          FROM activations a
         WHERE a.id = c.activation_id
           AND c.status = ANY(:sources) AND c.use_status = ANY(:use_sources)
           AND c.auto_activate_at <= :now
        RETURNING c.id, c.customer_id, c.contract_id, c.activation_id, c.face_value,
                  c.red_packet_balance AS red_packet, c.balance
    )
    """
    + _GROUPED_RUNS
).bindparams(_NOW)

EXPIRE_CARDS = text(
    """
    WITH due AS (
        SELECT id, balance, red_packet_balance FROM cards
         WHERE status = ANY(:sources) AND effective_until <= :now
         FOR UPDATE
    ), changed AS (
        UPDATE cards c
           SET status = :target, expired_at = :now, balance = 0, red_packet_balance = 0,
               granted_red_packet_balance = 0, updated_at = :now
          FROM due WHERE c.id = due.id
        RETURNING c.id, c.customer_id, c.contract_id, c.activation_id, c.face_value,
                  due.red_packet_balance AS red_packet, due.balance
    ), packets AS (
        -- granted packets lapse with their card (their money is in the card's red_packet_balance above)
        UPDATE red_packets p SET expired = p.expired + p.balance, balance = 0, expired_at = :now
          FROM changed WHERE p.card_id = changed.id AND p.balance > 0
        RETURNING 1
    ), entries AS (
        INSERT INTO ledger_entries (card_id, kind, amount, balance_part, red_packet_part, balance_after,
                                    red_packet_after, activation_id, memo, created_at)
        SELECT id, 'card_expiry', -(balance + red_packet), -balance, -red_packet, 0, 0, activation_id,
               '卡片有效期结束', :now
          FROM changed WHERE balance > 0 OR red_packet > 0
        RETURNING 1
    )
    """
    + _GROUPED_RUNS
).bindparams(_NOW)

# The card's own (activation) red packet: what granted packets do not hold lapses at red_packet_expires_at.
EXPIRE_RED_PACKETS = text(
    """
    WITH due AS (
        SELECT id, red_packet_balance - granted_red_packet_balance AS lapsing FROM cards
         WHERE red_packet_balance > 0 AND red_packet_expires_at <= :now AND status = :active
           AND red_packet_balance > granted_red_packet_balance
         FOR UPDATE
    ), changed AS (
        UPDATE cards c SET red_packet_balance = c.red_packet_balance - due.lapsing, updated_at = :now
          FROM due WHERE c.id = due.id
        RETURNING c.id, c.customer_id, c.contract_id, c.activation_id, c.face_value, c.balance,
                  due.lapsing AS red_packet, c.red_packet_balance AS red_packet_after
    ), entries AS (
        INSERT INTO ledger_entries (card_id, kind, amount, balance_part, red_packet_part, balance_after,
                                    red_packet_after, activation_id, memo, created_at)
        SELECT id, 'red_packet_expiry', -red_packet, 0, -red_packet, balance, red_packet_after, activation_id,
               '红包有效期结束', :now
          FROM changed
        RETURNING 1
    )
    """
    + _GROUPED_RUNS
).bindparams(_NOW)

# Granted packets (红包发放) past their valid_to. The cards are locked first, in id order, by LOCK_GRANTED_DUE
# (the lock order of a debit: card, then its packets); this statement then reads the packets of those cards only.
LOCK_GRANTED_DUE = text(
    """
    SELECT id FROM cards
     WHERE id IN (SELECT card_id FROM red_packets WHERE balance > 0 AND valid_to <= :now)
     ORDER BY id
       FOR UPDATE
    """
).bindparams(_NOW)

EXPIRE_GRANTED = text(
    """
    WITH due AS (
        SELECT id, card_id, balance FROM red_packets
         WHERE card_id = ANY(:card_ids) AND balance > 0 AND valid_to <= :now
           FOR UPDATE
    ), lapsed AS (
        UPDATE red_packets p SET expired = p.expired + due.balance, balance = 0, expired_at = :now
          FROM due WHERE p.id = due.id
        RETURNING due.card_id, due.balance
    ), per_card AS (
        SELECT card_id, sum(balance) AS lapsing FROM lapsed GROUP BY card_id
    ), changed AS (
        UPDATE cards c
           SET red_packet_balance = c.red_packet_balance - per_card.lapsing,
               granted_red_packet_balance = c.granted_red_packet_balance - per_card.lapsing, updated_at = :now
          FROM per_card WHERE c.id = per_card.card_id
        RETURNING c.id, c.customer_id, c.contract_id, c.activation_id, c.face_value, c.balance,
                  per_card.lapsing AS red_packet, c.red_packet_balance AS red_packet_after
    ), entries AS (
        INSERT INTO ledger_entries (card_id, kind, amount, balance_part, red_packet_part, balance_after,
                                    red_packet_after, activation_id, memo, created_at)
        SELECT id, 'red_packet_expiry', -red_packet, 0, -red_packet, balance, red_packet_after, activation_id,
               '发放的红包到期', :now
          FROM changed
        RETURNING 1
    )
    """
    + _GROUPED_RUNS
).bindparams(_NOW)


async def group_totals(session: AsyncSession, rows: Sequence[Any], *, lapsed: bool = False) -> list[CardGroupTotals]:
    """Runs -> one CardGroupTotals per (customer, contract, activation batch), names from the batch."""
    activation_ids = sorted({r.activation_id for r in rows if r.activation_id is not None})
    names: dict[int, Activation] = {}
    if activation_ids:
        names = {a.id: a for a in await session.scalars(select(Activation).where(Activation.id.in_(activation_ids)))}
    groups: dict[tuple[Any, Any, Any], dict[str, Any]] = {}
    for r in rows:
        key = (r.customer_id, r.contract_id, r.activation_id)
        group = groups.get(key)
        if group is None:
            batch = names.get(r.activation_id)
            group = groups[key] = {
                "customer_id": r.customer_id,
                "customer_name": batch.customer_name if batch else "",
                "contract_id": r.contract_id,
                "contract_name": batch.contract_name if batch else "",
                "activation_id": r.activation_id,
                "activation_batch_no": batch.batch_no if batch else "",
                "card_count": 0,
                "face_value_total": Decimal(0),
                "red_packet_total": Decimal(0),
                "balance_total": Decimal(0),
                "ranges": [],
            }
        group["card_count"] += int(r.n)
        group["face_value_total"] += Decimal(r.face_value or 0)
        group["red_packet_total"] += Decimal(r.red_packet or 0)
        group["balance_total"] += Decimal(r.balance or 0)
        group["ranges"].append(CardRange(**SeqRange(int(r.first_id), int(r.last_id)).as_dict()))  # type: ignore[arg-type]
    return [CardGroupTotals(**g) for g in groups.values()]


async def _run(
    db: Database, now: datetime, changed_rows: Callable[[AsyncSession], Awaitable[list[Any]]],
    event: Callable[[str, int, list[CardGroupTotals]], EventModel],
) -> dict[str, Any]:
    """The steps every job takes around its own statements: run them, and if they changed any card, emit one
    event with the run's totals per group, in the same transaction."""
    run_id = str(uuid.uuid4())
    async with db.sessions() as session:
        rows = await changed_rows(session)
        if not rows:
            return {"cards": 0}
        groups = await group_totals(session, rows)
        count = sum(g.card_count for g in groups)
        await emit(session, "cards", event(run_id, count, groups), occurred_at=now)
        await session.commit()
    return {"cards": count, "groups": len(groups), "run_id": run_id}


async def auto_activate(db: Database, now: datetime) -> dict[str, Any]:
    """Charged, issued cards whose auto-activation day has passed become 已激活; one CardsActivated per run."""

    async def changed_rows(session: AsyncSession) -> list[Any]:
        params = {"now": now, "target": CardStatus.ACTIVATED.value, "sources": sources(CardAction.ACTIVATE),
                  "use_sources": use_sources(CardAction.ACTIVATE)}
        return list((await session.execute(AUTO_ACTIVATE, params)).all())

    return await _run(db, now, changed_rows, lambda run_id, count, groups: CardsActivated(
        run_id=run_id, mode="auto", card_count=count, groups=groups, activated_at=now))


async def expire_cards(db: Database, now: datetime) -> dict[str, Any]:
    """已激活 cards past their validity become 已过期; what was left on them lapses (ledger entries)."""

    async def changed_rows(session: AsyncSession) -> list[Any]:
        params = {"now": now, "target": CardStatus.EXPIRED.value, "sources": sources(CardAction.EXPIRE)}
        return list((await session.execute(EXPIRE_CARDS, params)).all())

    return await _run(db, now, changed_rows, lambda run_id, count, groups: CardsExpired(
        run_id=run_id, what="cards", card_count=count, groups=groups, expired_at=now))


async def expire_red_packets(db: Database, now: datetime) -> dict[str, Any]:
    """Red packets past their validity lapse (ledger entries): the card's own and granted ones; the card itself
    stays usable. One transaction, one CardsExpired (what = red_packets) for both."""

    async def changed_rows(session: AsyncSession) -> list[Any]:
        rows = list((await session.execute(EXPIRE_RED_PACKETS, {"now": now, "active": CardStatus.ACTIVATED.value}))
                    .all())
        card_ids = list((await session.scalars(LOCK_GRANTED_DUE, {"now": now})).all())
        if card_ids:
            rows += (await session.execute(EXPIRE_GRANTED, {"now": now, "card_ids": card_ids})).all()
        return rows

    return await _run(db, now, changed_rows, lambda run_id, count, groups: CardsExpired(
        run_id=run_id, what="red_packets", card_count=count, groups=groups, expired_at=now))


def scheduled_jobs(settings: CardsSettings) -> list[Job]:
    async def finish_making(db: Database, now: datetime) -> dict[str, Any]:
        return await finish_unfinished(db, now, settings.password_key)

    return [
        Job("cards.auto_activate", timedelta(minutes=1), auto_activate),
        Job("cards.expire_cards", timedelta(minutes=5), expire_cards),
        Job("cards.expire_red_packets", timedelta(minutes=5), expire_red_packets),
        Job("cards.finish_making", timedelta(minutes=1), finish_making),
    ]
