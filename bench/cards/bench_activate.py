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
from decimal import Decimal

from benchdb import configure, fresh_database, load_average

ACTOR = {"id": 1, "name": "bench"}


async def main(quantity: int) -> None:
    from sqlalchemy import text

    from cards.activations.jobs import scheduled_jobs
    from cards.activations.schemas import ActivationIn
    from cards.activations.service import create_activation, review_activation
    from cards.common import RangeIn
    from cards.entitlements.service import apply_contract_approved
    from cards.issues.schemas import IssueIn
    from cards.issues.service import create_issue, review_issue
    from cards.making.schemas import MakingBatchIn
    from cards.making.service import create_batch, generate, review_batch
    from cards.numbers import card_no
    from cards.settings import CardsSettings
    from shared.db import Database
    from shared.events.crm import ContractApproved
    from shared.identity import DataScope
    from shared.scheduler import run_if_due

    settings = CardsSettings()
    fresh_database()
    before = load_average()
    db = Database(settings.database_url, pool_size=2)
    everything = DataScope(all=True)
    try:
        async with db.sessions() as session:
            await apply_contract_approved(session, ContractApproved(
                contract_id=1, contract_no="HT-BENCH", contract_name="压测合同", customer_id=1,
                customer_name="压测客户", owner_id=2, owner_name="万彬", amount=Decimal("100000000.00"),
                total_cards=quantity,
                approved_at=datetime.now(UTC)))
            request = MakingBatchIn(city="南昌", card_type="实体卡", quantity=quantity)
            batch = await create_batch(session, request, ACTOR)
            await review_batch(session, batch.id, True, "", ACTOR)
            await session.commit()
        made = await generate(db, batch.id, settings.password_key)
        assert made is not None and made.seq_start is not None and made.seq_end is not None
        ranges = [RangeIn(start=card_no(made.seq_start), end=card_no(made.seq_end))]
        async with db.sessions() as session:
            issue = await create_issue(session, IssueIn(contract_id=1, card_type="实体卡", ranges=ranges), ACTOR,
                                       everything)
            await review_issue(session, issue.id, True, "", ACTOR, everything)
            activation = await create_activation(session, ActivationIn(
                contract_id=1, ranges=ranges, latest_activation_at=datetime.now(UTC) + timedelta(days=30),
                auto_activate_days=7, valid_days=365, red_packet_days=30, face_value=Decimal("1000.00"),
                red_packet=Decimal("50.00")), ACTOR, everything)
            await session.commit()

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
