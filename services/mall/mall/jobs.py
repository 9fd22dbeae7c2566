"""Scheduled jobs of the mall worker (shared.scheduler: leased, so each runs once across replicas)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mall.orders.placing import reconcile
from mall.orders.service import auto_complete
from shared.db import Database
from shared.ledger import CardsLedger
from shared.scheduler import Job


def auto_complete_job(after_days: int, interval: timedelta = timedelta(minutes=1)) -> Job:
    """确认收货 by the system: orders shipped `after_days` ago complete (and settle) by themselves."""

    async def run(db: Database, now: datetime) -> dict[str, Any]:
        return await auto_complete(db, now, after_days)

    return Job(name="mall.auto_complete", interval=interval, run=run)


def reconcile_payments_job(ledger: CardsLedger, interval: timedelta = timedelta(minutes=1)) -> Job:
    """Settles 待支付 orders left by a crash or a ledger outage and retries refunds of cancelled orders."""

    async def run(db: Database, now: datetime) -> dict[str, Any]:
        return await reconcile(db, ledger, now)

    return Job(name="mall.reconcile_payments", interval=interval, run=run)
