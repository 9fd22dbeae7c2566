"""Each report's query over 1,000,000 settled orders: p50/p95 through the HTTP API (in-process ASGI).

    python bench/reports/report_queries.py --load     # fresh bench_reports, loads the year (takes minutes)
    python bench/reports/report_queries.py            # queries only, on what --load left

The year: 1,000,000 OrderSettled (half mall, half health) + 100,000 card ledger entries + the CRM and
cards background (452 customers, 1,000 contracts, ~4,000 payments, 2,000 activation batches), loaded
through the batched inbox path. Each report is then asked 40 times with varied filters (whole year, a
month, a week, a dimension filter, a sort, a later page), every request a full list response: rows,
totals, option lists and freshness.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import time
from collections.abc import Iterator

from common import admin, fresh_database, percentile  # sets the bench_ prefix first
from dataset import background, card_ledger, settled_orders
from projection_throughput import batched

from reports.main import create_app
from reports.settings import ReportsSettings
from shared.db import Database
from shared.events.envelope import Envelope
from shared.identity import Scope
from shared.testing import bearer, client_for, staff

ORDERS, LEDGER = 1_000_000, 100_000
PERMISSIONS = (
    "reports:sales:list",
    "reports:card_consumption:list",
    "reports:goods:list",
    "reports:goods_brand:list",
    "reports:hospital_settlement:list",
)


def chunks(events: Iterator[Envelope], size: int) -> Iterator[list[Envelope]]:
    while chunk := list(itertools.islice(events, size)):
        yield chunk


async def load() -> None:
    db = Database(ReportsSettings().database_url, pool_size=4)
    try:
        total, seconds = 0, 0.0
        source = itertools.chain(background(), card_ledger(LEDGER), settled_orders(ORDERS))
        for chunk in chunks(source, 50_000):
            seconds += await batched(db, chunk, 5000, workers=2)
            total += len(chunk)
            print(f"  loaded {total:>9,} events, {total / seconds:,.0f} events/s", flush=True)
        print(f"loaded {total:,} events in {seconds:.0f}s = {total / seconds:,.0f} events/s (batched path)")
    finally:
        await db.dispose()


def variants(rng: random.Random) -> list[dict[str, str]]:
    month = rng.randrange(1, 13)
    week_start = rng.randrange(1, 22)
    return [
        {"date_from": "2026-01-01", "date_to": "2026-12-31"},
        {},
        {"date_from": f"2026-{month:02d}-01", "date_to": f"2026-{month:02d}-28"},
        {"date_from": f"2026-{month:02d}-{week_start:02d}", "date_to": f"2026-{month:02d}-{week_start + 6:02d}"},
        {"date_from": "2026-01-01", "date_to": "2026-12-31", "page": "3"},
    ]


REPORTS = {
    "sales": (
        "/api/reports/sales",
        [
            {"granularity": "month"},
            {"granularity": "day"},
            {"owner_id": "3"},
            {"dept_id": "4"},
            {"sort": "-payment_amount"},
        ],
    ),
    "card-consumption": (
        "/api/reports/card-consumption",
        [
            {"group_by": "activation"},
            {"group_by": "contract"},
            {"group_by": "customer"},
            {"customer_id": "7"},
            {"sort": "-consumed"},
        ],
    ),
    "goods": (
        "/api/reports/goods",
        [{"brand_id": "7"}, {"category_id": "3"}, {"keyword": "商品1"}, {"sort": "-quantity"}, {}],
    ),
    "goods-brands": ("/api/reports/goods-brands", [{}, {"brand_id": "5"}, {"keyword": "品牌1"}, {}, {}]),
    "hospital-settlement": (
        "/api/reports/hospital-settlement",
        [
            {"granularity": "month"},
            {"granularity": "day"},
            {"granularity": "all"},
            {"brand_id": "3"},
            {"sort": "-settlement_amount"},
        ],
    ),
}


async def query(rounds: int) -> None:
    headers = bearer(staff(*PERMISSIONS, scope=Scope.ALL), "reports")
    rng = random.Random(5)
    async with client_for(create_app()) as api:
        for name, (path, extras) in REPORTS.items():
            samples: list[float] = []
            for i in range(rounds):
                params = {**rng.choice(variants(rng)), **extras[i % len(extras)]}
                if params.get("granularity") == "day":
                    # Per-day reports are limited to 92 days: a month of days, as a user would ask.
                    month = rng.randrange(1, 13)
                    params |= {"date_from": f"2026-{month:02d}-01", "date_to": f"2026-{month:02d}-28"}
                started = time.perf_counter()
                response = await api.get(path, params=params, headers=headers)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, params, response.text)
            print(
                f"{name:<20} n={rounds}  p50={percentile(samples, 50):6.1f} ms  p95={percentile(samples, 95):6.1f} ms"
                f"  max={max(samples):6.1f} ms  rows={response.json()['total']}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--load", action="store_true", help="fresh database and load the year first")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    if args.load:
        fresh_database()
        asyncio.run(load())
    admin("ensure-keys")  # the requests carry a signed identity, as through the gateway
    asyncio.run(query(args.rounds))
