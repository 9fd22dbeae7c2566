"""The order route of mall in-process, one order at a time: CPU, SQL statements and transactions per order.

    python -m bench.mall.profile_order                  # 400 orders: CPU ms/order, statements, BEGIN/COMMIT
    python -m bench.mall.profile_order --cprofile       # and the hottest functions (cumulative) of one run

cards runs as its own process (its CPU is not counted here); mall runs inside this process behind an
in-process ASGI client, orders sent one after another, so the CPU per order is the route's own work plus the
client's small share, free of queueing and of the other processes on the machine. Statements are counted with
SQLAlchemy's cursor events, transactions with its begin/commit events (an autocommit statement has neither).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import time

import httpx
from sqlalchemy import event

from bench.harness import Processes, fresh_databases, member_tokens, seed_cards, use_names
from bench.mall.run import APPS, ROUTE, seed_mall
from shared.testing import running


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args()
    suite = use_names("benchmall_", 6100, 8)
    fresh_databases(("mall", "cards"))
    from mall.main import create_app

    async with Processes(suite, {"cards": APPS["cards"]}):
        total = args.warmup + args.orders
        members = member_tokens(20, "mall", "138")
        sku_ids, addresses = await seed_mall(suite, total, 1000, [m for m, _ in members])
        cards = await seed_cards(suite, [members[i % len(members)][0] for i in range(total)])
        app = create_app()
        counts = {"statements": 0, "begins": 0, "commits": 0}
        async with running(app):
            engine = app.state.db.engine.sync_engine

            @event.listens_for(engine, "before_cursor_execute")
            def _statement(*_: object) -> None:
                counts["statements"] += 1

            @event.listens_for(engine, "begin")
            def _begin(*_: object) -> None:
                counts["begins"] += 1

            @event.listens_for(engine, "commit")
            def _commit(*_: object) -> None:
                counts["commits"] += 1

            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mall") as client:

                async def order(i: int) -> None:
                    member_id, headers = members[i % len(members)]
                    response = await client.post(ROUTE, headers=headers, json={
                        "address_id": addresses[member_id], "card_no": cards[i],
                        "items": [{"sku_id": sku_ids[i], "quantity": 1}]})
                    assert response.status_code == 201, response.text

                for i in range(args.warmup):
                    await order(i)
                counts.update(statements=0, begins=0, commits=0)
                profiler = cProfile.Profile() if args.cprofile else None
                times, wall = os.times(), time.perf_counter()
                if profiler:
                    profiler.enable()
                for i in range(args.warmup, total):
                    await order(i)
                if profiler:
                    profiler.disable()
                after, wall = os.times(), time.perf_counter() - wall
                user, system = after.user - times.user, after.system - times.system
    n = args.orders
    print(f"\n== mall POST {ROUTE} in-process, {n} orders one at a time (cards a separate process) ==")
    print(f"mall CPU per order {(user + system) / n * 1000:.2f} ms (user {user / n * 1000:.2f}, system "
          f"{system / n * 1000:.2f}; with the in-process client), wall {wall / n * 1000:.2f} ms")
    print(f"per order: {counts['statements'] / n:.2f} SQL statements, {counts['begins'] / n:.2f} BEGIN, "
          f"{counts['commits'] / n:.2f} COMMIT")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(45)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
