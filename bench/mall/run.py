"""Mall orders per second with payment: POST /app/mall/orders through the gateway (gateway + mall + cards).

    python -m bench.mall.run                 # distinct SKUs: the order path itself (reserve, debit, confirm)
    python -m bench.mall.run --hot           # one hot SKU: 1,000 concurrent orders for a stock of 500
    python -m bench.mall.run --direct        # straight to mall with member tokens (no gateway)
    python -m bench.mall.run --sample        # mall under the 1 ms sampling profiler: where its CPU goes

Distinct: every order buys its own SKU with its own card, so the figure is the path (one statement reserving
the stock and inserting the order, the debit call into cards, the confirmation taking the stock), not a queue
on one row. Hot: every order wants the same SKU; exactly `--stock` must succeed, the rest answer 409, and
the stock must end at 0 with nothing reserved. Databases `benchmall_gateway`, `benchmall_mall`,
`benchmall_cards` (under an exported SUITE_DB_PREFIX, prefixed again) are dropped and rebuilt; processes
listen on the default ports + 6100 (or the exported offset). CPU per order of each process (gateway, mall,
cards, PostgreSQL) is measured by bench/harness.py, as for bench/health.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.harness import (
    CpuMeter,
    Processes,
    cpu_line,
    fresh_databases,
    member_tokens,
    register_members,
    run_load,
    sampled,
    scrape,
    seed_cards,
    server_mean,
    use_names,
)
from shared.db import Database
from shared.settings import SuiteSettings

APPS = {"gateway": "gateway.main:create_app", "mall": "mall.main:create_app", "cards": "cards.main:create_app"}
SAMPLES_FILE = Path("/tmp/bench_mall_samples.txt")
ROUTE = "/app/mall/orders"


async def seed_mall(
    suite: SuiteSettings, skus: int, stock: int, member_ids: list[int]
) -> tuple[list[int], dict[int, int]]:
    """One brand, one category, `skus` shelved goods with one SKU each; an address per member."""
    db = Database(suite.database_url("mall"), pool_size=1)
    try:
        async with db.sessions() as session:
            brand = (await session.execute(text("INSERT INTO brands (name) VALUES ('压测品牌') RETURNING id"))).scalar()
            category = (await session.execute(text(
                "INSERT INTO categories (name) VALUES ('压测分类') RETURNING id"))).scalar()
            goods = list((await session.execute(text(
                "INSERT INTO goods (name, brand_id, category_id, on_shelf) "
                "SELECT '压测商品' || g, :b, :c, true FROM generate_series(1, :n) g RETURNING id"),
                {"b": brand, "c": category, "n": skus})).scalars())
            sku_ids = list((await session.execute(text(
                "INSERT INTO skus (goods_id, price, market_price, settlement_price, stock) "
                "SELECT g, 99.00, 129.00, 60.00, :stock FROM unnest(CAST(:goods AS bigint[])) g RETURNING id"),
                {"goods": goods, "stock": stock})).scalars())
            await session.execute(text(
                "INSERT INTO addresses (member_id, name, phone, province, city, district, detail, is_default) "
                "SELECT m, '压测', '13900000000', '江西省', '南昌市', '红谷滩区', '压测路 1 号', true "
                "FROM unnest(CAST(:members AS bigint[])) m"), {"members": member_ids})
            await session.commit()
            addresses = dict((await session.execute(text("SELECT member_id, id FROM addresses"))).all())
        return sku_ids, addresses
    finally:
        await db.dispose()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=48)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--hot", action="store_true", help="one SKU: --orders 1000 at once for --stock 500")
    parser.add_argument("--stock", type=int, default=500)
    parser.add_argument("--direct", action="store_true", help="call mall directly (no gateway)")
    parser.add_argument("--sample", action="store_true", help="run mall under the sampling profiler")
    args = parser.parse_args()
    if args.hot:
        args.orders = args.orders if args.orders != 2000 else 1000
        args.concurrency = args.orders if args.concurrency == 48 else args.concurrency
    suite = use_names("benchmall_", 6100, 8)
    parts = ("mall", "cards") if args.direct else ("gateway", "mall", "cards")
    apps = {part: APPS[part] for part in parts}
    wrap = partial(sampled, suite=suite, target="mall", app=APPS["mall"], out=SAMPLES_FILE,
                   function="place_order") if args.sample else None

    fresh_databases(parts)
    async with Processes(suite, apps, wrap) as processes:
        base = processes.url("mall" if args.direct else "gateway")
        members = (member_tokens(args.members, "mall", "138") if args.direct
                   else await register_members(base, args.members, "138"))
        warmup = 0 if args.hot else args.warmup
        total = warmup + args.orders
        sku_count = 1 + warmup if args.hot else total
        sku_ids, addresses = await seed_mall(suite, sku_count, args.stock if args.hot else 1000,
                                             [m for m, _ in members])
        cards = await seed_cards(suite, [members[i % len(members)][0] for i in range(total)])
        plan: list[dict[str, Any]] = []
        for i in range(total):
            member_id, headers = members[i % len(members)]
            plan.append({"path": ROUTE, "headers": headers, "body": {
                "address_id": addresses[member_id], "card_no": cards[i],
                "items": [{"sku_id": sku_ids[0] if args.hot else sku_ids[i], "quantity": 1}],
            }})
        if warmup:
            await run_load(base, plan[:warmup], min(args.concurrency, 16))
        meter = CpuMeter(processes.pids)
        meter.start()
        result = await run_load(base, plan[warmup:], args.concurrency)
        cpu = meter.stop(result.ok())

        where = "direct to mall" if args.direct else "through the gateway"
        kind = f"one hot SKU, stock {args.stock}" if args.hot else "distinct SKUs"
        print(f"\n== mall orders with payment, {kind}, {where} ==")
        print(f"orders: {args.orders} (concurrency {args.concurrency}), statuses: {result.statuses}")
        print(result.line("paid orders"))
        print(result.latency_line())
        print(cpu_line(cpu, "paid order"))
        print(result.client_line("paid order"))
        mean_mall, n_mall = server_mean(await scrape(processes.url("mall")), ROUTE)
        mean_debit, n_debit = server_mean(await scrape(processes.url("cards")), "/internal/cards/debits")
        print(f"server time: mall POST {ROUTE} mean {mean_mall * 1000:.1f} ms over {n_mall}; "
              f"of which cards POST /internal/cards/debits mean {mean_debit * 1000:.1f} ms over {n_debit}")
        db = Database(suite.database_url("mall"), pool_size=1)
        async with db.sessions() as session:
            counts = dict((await session.execute(text("SELECT status, count(*) FROM orders GROUP BY status"))).all())
            stock = (await session.execute(text("SELECT sum(stock), sum(reserved), min(stock) FROM skus"
                                                " WHERE id = ANY(CAST(:ids AS bigint[]))"),
                                           {"ids": sku_ids[:1] if args.hot else sku_ids})).one()
        await db.dispose()
        print(f"orders by status: {counts}; stock left {stock[0]}, reserved {stock[1]}, lowest {stock[2]}")
        if args.hot:
            exact = result.ok() == args.stock and stock[0] == 0 and stock[1] == 0
            print(f"hot SKU: {result.ok()} paid for a stock of {args.stock}: {'exact' if exact else 'NOT EXACT'}")
    if args.sample and SAMPLES_FILE.exists():  # noqa: ASYNC240  (the run is over; nothing else awaits)
        print("\n== mall, sampled every 1 ms: innermost frame's library (own time) ==")
        print(SAMPLES_FILE.read_text())  # noqa: ASYNC240
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
