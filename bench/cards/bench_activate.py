"""Benchmark: activate 100,000 cards (goal <= 3 s).

    python bench/cards/bench_activate.py [--quantity 100000]     (database bench_cards_perf, see benchdb.py)

Sets up 100,000 cards through the service layer (make, issue against a contract, charge by an approved
activation batch with 自动激活天数 = 7), then times one run of the scheduler's auto-activation job at an
injected clock 8 days later, as the worker runs it: `shared.scheduler.run_if_due` (lease), the set-based
UPDATE, grouping into ranges and totals, one CardsActivated outbox row, commit. The charging approval
(200,000 ledger entries) is timed too, for information.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime, timedelta

from benchdb import configure, fresh_database, load_average
from preparing import ACTOR, requested_activation


async def main(quantity: int) -> None:
    from sqlalchemy import text

    from cards.activations.jobs import scheduled_jobs
    from cards.activations.service import review_activation
    from cards.settings import CardsSettings
    from shared.db import Database
    from shared.identity import DataScope
    from shared.scheduler import run_if_due

    settings = CardsSettings()
    fresh_database()
    before = load_average()
    db = Database(settings.database_url, pool_size=2)
    everything = DataScope(all=True)
    try:
        _, activation = await requested_activation(db, settings, quantity, auto_activate_days=7)

        started = time.perf_counter()
        async with db.sessions() as session:
            await review_activation(session, activation.id, True, "", ACTOR, everything)
            await session.commit()
        charge_seconds = time.perf_counter() - started

        job = next(j for j in scheduled_jobs(settings) if j.name == "cards.auto_activate")
        now = datetime.now(UTC) + timedelta(days=8)
        started = time.perf_counter()
        result = await run_if_due(db, job, now=now, owner="bench")
        activate_seconds = time.perf_counter() - started
        assert result is not None and result["cards"] == quantity, result
        async with db.sessions() as session:
            activated = await session.scalar(text("SELECT count(*) FROM cards WHERE status = 'activated'"))
            events = await session.scalar(
                text("SELECT count(*) FROM outbox WHERE routing_key = 'cards.CardsActivated'"))
    finally:
        await db.dispose()

    print(f"cards activated:         {activated:,} (CardsActivated events: {events})")
    rate = quantity / activate_seconds
    print(f"auto-activation job run: {activate_seconds:.2f} s  ({rate:,.0f} cards/s)  goal <= 3 s")
    print(f"charging approval:       {charge_seconds:.2f} s  ({2 * quantity:,} ledger entries; not a goal)")
    print(f"before: {before}; after: {load_average()}")


if __name__ == "__main__":
    configure()
    parser = argparse.ArgumentParser()
    parser.add_argument("--quantity", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().quantity))
