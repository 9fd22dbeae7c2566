"""Benchmark: the pool return job over 100,000 customers (goal <= 5 s). `python bench/crm/pool_return.py`."""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime

import asyncpg
from bench_setup import fill_customers, prepare_database

from crm.pool.service import run_return_job
from crm.settings import get_settings
from shared.db import Database


async def main() -> None:
    dsn = prepare_database()
    now = datetime.now(UTC)
    await fill_customers(dsn, 100_000, now=now)
    conn = await asyncpg.connect(dsn)
    await conn.execute(
        "UPDATE crm_pool_rules SET no_follow_up_days = 30, no_deal_days = 90, exempt_dealt = true "
        "WHERE scope_key = 'ALL'"
    )
    await conn.execute(
        "INSERT INTO crm_pool_rules (scope_key, enabled, no_follow_up_days, no_deal_days, exempt_dealt, "
        "cap_counts_dealt, updated_by_name) VALUES ('A', true, 15, 60, false, false, 'bench')"
    )
    owned_before = await conn.fetchval("SELECT count(*) FROM crm_customers WHERE owner_id IS NOT NULL")
    db = Database(get_settings().database_url, pool_size=2)
    started = time.perf_counter()
    result = await run_return_job(db, now)
    elapsed = time.perf_counter() - started
    again_started = time.perf_counter()
    rerun = await run_return_job(db, now)
    rerun_elapsed = time.perf_counter() - again_started
    history = await conn.fetchval("SELECT count(*) FROM crm_history WHERE action = 'pool_return'")
    events = await conn.fetchval("SELECT count(*) FROM outbox WHERE routing_key = 'crm.CustomerOwnerChanged'")
    await db.dispose()
    await conn.close()
    print(f"customers: 100000 (owned before: {owned_before}); load average: {os.getloadavg()[0]:.1f}")
    print(f"returned: {result['returned']} {result}  history rows: {history}  outbox events: {events}")
    print(
        f"pool return job: {elapsed:.3f} s (goal <= 5 s)  rerun (nothing due): {rerun_elapsed:.3f} s, "
        f"returned {rerun['returned']}"
    )


if __name__ == "__main__":
    asyncio.run(main())
