"""Writing events: a row in the caller's transaction, so the state change and its event commit together."""

from __future__ import annotations

import time
from datetime import datetime

from sqlalchemy import column, insert, table, text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.events.catalogue import routing_key
from shared.events.envelope import Envelope, EventModel
from shared.observability import current_request_id

# Lightweight handle on the platform table every service database has (shared/tables.py).
_outbox = table("outbox", column("event_id"), column("routing_key"), column("body"))
NOTIFY_CHANNEL = "outbox"
# PostgreSQL serialises the commits of all transactions that NOTIFY (a database-wide lock held through
# the WAL flush), which halves commit throughput under load. So a process NOTIFYs at most once per this
# interval: the relay, once woken, keeps polling briefly (OutboxRelay.hot_seconds), which covers the rows
# committed in between, and its fallback poll covers the rare row whose NOTIFYing neighbour rolled back.
NOTIFY_MIN_INTERVAL = 0.025
_last_notify = 0.0


def notify_slot() -> float | None:
    """The clock reading to pass to `notified` if this process may NOTIFY now, else None (see above)."""
    now = time.monotonic()
    return now if now - _last_notify >= NOTIFY_MIN_INTERVAL else None


def notified(at: float) -> None:
    """Records a NOTIFY this process sent (every writer of outbox rows shares the one allowance)."""
    global _last_notify
    _last_notify = at


async def emit(
    session: AsyncSession,
    producer: str,
    event: EventModel,
    *,
    correlation_id: str | None = None,
    occurred_at: datetime | None = None,
) -> Envelope:
    """Queue `event` for publishing once the caller's transaction commits (never before, never lost)."""
    key = routing_key(producer, event)
    envelope = Envelope.wrap(
        producer, event, correlation_id=correlation_id or current_request_id(), occurred_at=occurred_at
    )
    await session.execute(
        insert(_outbox).values(event_id=envelope.event_id, routing_key=key, body=envelope.to_bytes())
    )
    # Delivered at commit (and dropped on rollback): wakes the relay without polling.
    slot = notify_slot()
    if slot is not None:
        notified(slot)
        await session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
    return envelope
