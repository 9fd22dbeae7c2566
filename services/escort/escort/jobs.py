"""Scheduled jobs of the escort worker."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from escort.orders.service import sweep
from shared.db import Database
from shared.ledger import CardsLedger
from shared.scheduler import Job


def sweep_orders_job(cards: CardsLedger, interval: timedelta = timedelta(minutes=1)) -> Job:
    """Cancels and refunds orders nobody took by their time, retries refunds, settles stale payments."""

    async def run(db: Database, now: datetime) -> dict[str, Any]:
        return await sweep(db, cards, now)

    return Job(name="escort.sweep_orders", interval=interval, run=run)
