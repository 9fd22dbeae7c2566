"""Scheduled jobs of the health worker."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from health.orders.service import reconcile
from shared.db import Database
from shared.ledger import CardsLedger
from shared.scheduler import Job


def reconcile_payments_job(ledger: CardsLedger, interval: timedelta = timedelta(minutes=1)) -> Job:
    """Settles 待支付 orders left by a crash or a ledger outage and retries refunds of cancelled orders."""

    async def run(db: Database, now: datetime) -> dict[str, Any]:
        return await reconcile(db, ledger, now)

    return Job(name="health.reconcile_payments", interval=interval, run=run)
