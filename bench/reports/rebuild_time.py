"""Rebuild time: `reports.rebuild` over the events `report_queries.py --load` stored (~1.1 million).

    python bench/reports/rebuild_time.py [--batch-size 5000]

Replays the whole event store into the shadow schema, catches up, swaps; prints the time, the rate,
and the time scaled to exactly 1,000,000 events. The figures before and after must be equal: it checks
the report totals around the swap.
"""

from __future__ import annotations

import argparse
import asyncio

from common import fresh_database  # noqa: F401  (sets the bench_ prefix first)
from sqlalchemy import text

from reports.rebuild import rebuild
from reports.settings import ReportsSettings
from shared.db import Database

# Day rows only: every fact is in exactly one of them (month and year rows repeat it).
CHECK = text(
    "SELECT (SELECT sum(sale_amount) FROM rp_goods_rollup WHERE grain = 'd'), "
    "(SELECT sum(orders) FROM rp_hospital_rollup WHERE grain = 'd'), "
    "(SELECT sum(balance_debited) FROM rp_card_rollup WHERE grain = 'd'), "
    "(SELECT count(*) FROM rp_payment WHERE NOT deleted)"
)


async def main(batch_size: int) -> None:
    db = Database(ReportsSettings().database_url, pool_size=2)
    try:
        async with db.sessions() as session:
            before = (await session.execute(CHECK)).one()
            stored = int((await session.execute(text("SELECT count(*) FROM event_store"))).scalar_one())
        result = await rebuild(db, batch_size=batch_size)
        async with db.sessions() as session:
            after = (await session.execute(CHECK)).one()
        print(
            f"rebuild: {result.replayed:,} events replayed (+{result.caught_up} caught up) of {stored:,} stored, "
            f"{result.seconds:.1f}s = {result.replayed / result.seconds:,.0f} events/s; "
            f"1,000,000 events ~ {1_000_000 / (result.replayed / result.seconds):.0f}s"
        )
        print(f"figures before {tuple(before)}\nfigures after  {tuple(after)}\nequal: {tuple(before) == tuple(after)}")
    finally:
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch-size", type=int, default=5000)
    asyncio.run(main(parser.parse_args().batch_size))
