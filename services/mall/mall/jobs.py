"""Scheduled jobs of the mall worker (shared.scheduler: leased, so each runs once across replicas)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mall.orders.placing import reconcile
from mall.orders.service import auto_complete
from shared.db import Database
from shared.ledger import CardsLedger
from shared.runtime_settings import MALL_AUTO_COMPLETE_DAYS, runtime_settings
from shared.scheduler import Job


def auto_complete_job(after_days: int | None = None, interval: timedelta = timedelta(minutes=1)) -> Job:
    """确认收货 by the system: orders shipped `after_days` ago complete (and settle) by themselves. None: the
    runtime setting mall.order.auto_complete_days as it is at each run (docs/domains/gateway.md)."""

    async def run(db: Database, now: datetime) -> dict[str, Any]:
        if after_days is not None:
            return await auto_complete(db, now, after_days)
        await runtime_settings.ensure_started("mall")
        return await auto_complete(db, now, runtime_settings.get(MALL_AUTO_COMPLETE_DAYS))

    return Job(name="mall.auto_complete", interval=interval, run=run)


def reconcile_payments_job(ledger: CardsLedger, interval: timedelta = timedelta(minutes=1)) -> Job:
    """Settles 待支付 orders left by a crash or a ledger outage and retries refunds of cancelled orders."""

    async def run(db: Database, now: datetime) -> dict[str, Any]:
        return await reconcile(db, ledger, now)

    return Job(name="mall.reconcile_payments", interval=interval, run=run)
