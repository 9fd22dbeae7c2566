"""Bookings per second with payment: POST /app/health/orders through the gateway (or the service directly).

    python -m bench.health.run                      # through the gateway (gateway + health + cards, uvicorn)
    python -m bench.health.run --direct             # straight to health with member tokens (no gateway)
    python -m bench.health.run --sample             # health under a sampling profiler: where its CPU goes
    python -m bench.health.run --profile            # health under cProfile (less reliable for async code)

Every booking uses its own card and the bookings are spread over many days and stores, so the figure is
the booking path itself (capacity UPDATE, order INSERT, debit call into cards, confirmation), not a queue
on one hot row. Databases `bench_gateway`, `bench_health`, `bench_cards` (under an exported SUITE_DB_PREFIX,
prefixed again) are dropped and rebuilt; the processes listen on the default ports + 6000 (or the exported
SUITE_PORT_OFFSET). The harness is bench/harness.py. Where the time goes is reported three
ways: CPU seconds per booking of each process (gateway, health, cards, PostgreSQL), the mean server time of
each hop (from the services' /metrics), and, with --profile, health's hottest functions.
"""

from __future__ import annotations

import argparse
import asyncio
import pstats
import sys
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import text

from bench.harness import (
    CpuMeter,
    Processes,
    cpu_line,
    fresh_databases,
    member_tokens,
    profiled,
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

APPS = {"gateway": "gateway.main:create_app", "health": "health.main:create_app", "cards": "cards.main:create_app"}
PROFILE_FILE = Path("/tmp/bench_health.prof")
SAMPLES_FILE = Path("/tmp/bench_health_samples.txt")
BOOKING_DAYS = 60
ROUTE = "/app/health/orders"


# ---------------------------------------------------------------- data


async def seed_health(suite: SuiteSettings) -> tuple[int, list[int]]:
    """Demo catalogue, then every store of the first demo package open for BOOKING_DAYS days."""
    from health.demo import load_demo

    db = Database(suite.database_url("health"), pool_size=2)
    try:
        await load_demo(db)
        async with db.sessions() as session:
            package_id = (await session.execute(text(
                "SELECT id FROM packages WHERE name = '入职基础体检套餐'"))).scalar_one()
            stores = list((await session.execute(text(
                "SELECT hospital_id FROM package_hospitals WHERE package_id = :p ORDER BY hospital_id"),
                {"p": package_id})).scalars())
            await session.execute(text(
                """
                INSERT INTO schedules (hospital_id, day, capacity, booked, closed)
                SELECT h, (now() AT TIME ZONE 'Asia/Shanghai')::date + d, 100000, 0, false
                  FROM unnest(CAST(:stores AS bigint[])) AS h, generate_series(1, :days) AS d
                ON CONFLICT (hospital_id, day) DO UPDATE SET capacity = 100000, closed = false
                """), {"stores": stores, "days": BOOKING_DAYS})
            await session.commit()
        return package_id, stores
    finally:
        await db.dispose()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bookings", type=int, default=2000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=48)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--direct", action="store_true", help="call health directly (no gateway)")
    parser.add_argument("--profile", action="store_true", help="run health under cProfile")
    parser.add_argument("--sample", action="store_true", help="run health under the sampling profiler")
    args = parser.parse_args()
    suite = use_names("bench_", 6000, 12)
    parts = ("health", "cards") if args.direct else ("gateway", "health", "cards")
    apps = {part: APPS[part] for part in parts}
    wrap = None
    if args.sample:
        wrap = partial(sampled, suite=suite, target="health", app=APPS["health"], out=SAMPLES_FILE,
                       function="book_order")
    elif args.profile:
        wrap = partial(profiled, target="health", out=PROFILE_FILE)

    fresh_databases(parts)
    async with Processes(suite, apps, wrap) as processes:
        package_id, stores = await seed_health(suite)
        base = processes.url("health" if args.direct else "gateway")
        members = (member_tokens(args.members, "health", "139") if args.direct
                   else await register_members(base, args.members, "139"))
        total = args.warmup + args.bookings
        owners = [members[i % len(members)][0] for i in range(total)]
        cards = await seed_cards(suite, owners)
        today = datetime.now(UTC).date()
        plan = []
        for i in range(total):
            headers = members[i % len(members)][1]
            plan.append({"path": ROUTE, "headers": headers, "body": {
                "package_id": package_id, "hospital_id": stores[i % len(stores)],
                "day": (today + timedelta(days=2 + i % (BOOKING_DAYS - 2))).isoformat(),
                "gender": "male" if i % 2 else "female", "examinee_name": f"体检人{i}",
                "examinee_phone": f"137{i:08d}", "card_no": cards[i],
            }})
        await run_load(base, plan[: args.warmup], min(args.concurrency, 16))
        meter = CpuMeter(processes.pids)
        meter.start()
        result = await run_load(base, plan[args.warmup:], args.concurrency, timeout=30)
        cpu = meter.stop(result.ok())

        print(f"\n== bookings with payment, {'direct to health' if args.direct else 'through the gateway'} ==")
        print(f"bookings: {args.bookings} (concurrency {args.concurrency}), statuses: {result.statuses}")
        print(result.line("bookings"))
        print(result.latency_line())
        print(cpu_line(cpu, "booking"))
        print(result.client_line("booking"))
        mean_health, n_health = server_mean(await scrape(processes.url("health")), ROUTE)
        mean_debit, n_debit = server_mean(await scrape(processes.url("cards")), "/internal/cards/debits")
        print(f"server time: health POST {ROUTE} mean {mean_health * 1000:.1f} ms over {n_health}; "
              f"of which cards POST /internal/cards/debits mean {mean_debit * 1000:.1f} ms over {n_debit}")
        db = Database(suite.database_url("health"), pool_size=1)
        async with db.sessions() as session:
            counts = dict((await session.execute(text("SELECT status, count(*) FROM orders GROUP BY status"))).all())
            booked = (await session.execute(text("SELECT sum(booked) FROM schedules"))).scalar_one()
        await db.dispose()
        print(f"orders by status: {counts}; places booked: {booked}")
    if args.profile and PROFILE_FILE.exists():  # noqa: ASYNC240  (the run is over; nothing else awaits)
        print_profile(PROFILE_FILE)
    if args.sample and SAMPLES_FILE.exists():  # noqa: ASYNC240
        print("\n== health, sampled every 1 ms: innermost frame's library (own time) ==")
        print(SAMPLES_FILE.read_text())  # noqa: ASYNC240
    return 0


def package_of(filename: str) -> str:
    """site-packages/<pkg>/..., the suite's own code by part, C built-ins, import machinery."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if filename.startswith("<frozen") or "importlib" in filename:
        return "(imports at startup)"
    if filename == "~":
        return "(C built-ins)"
    for part in ("shared", "health", "cards", "gateway"):
        if f"/{part}/" in filename:
            return f"suite:{part}"
    return "(python stdlib)"


def print_profile(path: Path) -> None:
    """Own time of health's functions grouped by library: where a booking's CPU goes inside health."""
    stats = pstats.Stats(str(path))
    groups: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        groups[package_of(filename)] = groups.get(package_of(filename), 0.0) + own
    startup = groups.pop("(imports at startup)", 0.0)
    total = sum(groups.values())
    print(f"\n== health under cProfile: own time by library (startup imports {startup:.1f}s left out) ==")
    for name, own in sorted(groups.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {name:32s} {own:7.2f}s  {own / total * 100:5.1f}%")
    print("\n== top functions by own time ==")
    stats.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
