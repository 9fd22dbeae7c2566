"""Escort bookings with payment through the gateway, then 50 escorts grabbing 1,000 open orders at once.

    python -m bench.escort.run                     # 1,000 bookings, then the grab race, all through the gateway
    python -m bench.escort.run --bookings 2000 --escorts 50 --concurrency 48
    python -m bench.escort.run --booking-only      # phase 1 alone (with --sample: escort under the profiler)
    python -m bench.escort.run --grab-only         # phase 2 alone, on 1,000 orders written straight in

Phase 1 (goal >= 200/s): members book POST /app/escort/orders through the gateway; each booking pays from a
card of its own (POST /internal/cards/debits), so the figure is the booking path itself. A warm-up books at
a second hospital that none of the bench escorts serves, so it stays out of phase 2.
Phase 2: every order of phase 1 is in the pool of 50 certified escorts (each with a partner key); each escort
loops "read the first page of my pool, grab one of it at random" until his pool is empty, as an escort app
would. Reported: grabs/s (orders taken per second of wall time), the latency of grab requests (p50/p99),
the share answered 409, and a check that every order was taken exactly once.

Databases `benchesc_gateway`, `benchesc_escort`, `benchesc_cards` (under an exported SUITE_DB_PREFIX, prefixed
again) are dropped and rebuilt; the processes listen on the default ports + 6300 (or the exported offset).
Names, processes, load loop, CPU per booking of each process (PostgreSQL included), members and cards come
from bench/harness.py, as for bench/health and bench/mall.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, text

from bench.harness import (
    CpuMeter,
    Processes,
    cpu_line,
    fresh_databases,
    percentile,
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

os.environ.update({
    "GATEWAY_PARTNER_RATE_LIMIT": "1000000",
    # PostgreSQL's connections are shared by everything on the machine: steady pools that fit beside it.
    "ESCORT_DB_POOL_SIZE": os.environ.get("ESCORT_DB_POOL_SIZE", "12"),
    "CARDS_DB_POOL_SIZE": os.environ.get("CARDS_DB_POOL_SIZE", "12"),
    "GATEWAY_DB_POOL_SIZE": os.environ.get("GATEWAY_DB_POOL_SIZE", "4"),
})
APPS = {"gateway": "gateway.main:create_app", "escort": "escort.main:create_app", "cards": "cards.main:create_app"}
ROUTE = "/app/escort/orders"
SAMPLES_FILE = Path("/tmp/bench_escort_samples.txt")
SPY_FILE = Path("/tmp/bench_escort_pyspy.txt")


def spied(part: str, uvicorn: list[str], spy: str) -> list[str]:
    """`wrap` helper: escort's uvicorn under py-spy (the harness puts the interpreter first: it execs py-spy)."""
    if part != "escort":
        return uvicorn
    argv = [spy, "record", "--format", "raw", "--rate", "250", "-o", str(SPY_FILE), "--", sys.executable, *uvicorn]
    return ["-c", f"import os; os.execv({spy!r}, {argv!r})"]


# ---------------------------------------------------------------- data


async def seed_escort(suite: SuiteSettings, escorts: int) -> dict[str, Any]:
    """Two hospitals, one product, `escorts` certified escorts serving hospital A (written with the models)."""
    from escort.catalogue.models import Hospital, Product
    from escort.escorts.models import Certificate, Escort, escort_hospitals

    db = Database(suite.database_url("escort"), pool_size=2)
    try:
        async with db.sessions() as session:
            served = Hospital(name="江西省人民医院", level="三甲", departments=["心血管内科"])
            warmup = Hospital(name="南昌市第九医院", level="三乙")
            product = Product(name="全程陪诊", service_type="full", price=Decimal("298.00"), share_mode="rate",
                              share_value=Decimal("0.7"), duration_minutes=240, cities=["南昌市"])
            session.add_all([served, warmup, product])
            await session.flush()
            ids = []
            for index in range(escorts):
                person = Escort(name=f"压测陪诊师{index}", phone=f"136{index:08d}",
                                id_number=f"36010219900101{index:04d}", status="certified")
                session.add(person)
                await session.flush()
                ids.append(person.id)
            await session.execute(insert(escort_hospitals), [{"escort_id": i, "hospital_id": served.id} for i in ids])
            await session.execute(insert(Certificate), [
                {"escort_id": i, "name": "陪诊服务资格证", "expires_on": date.today() + timedelta(days=365)}
                for i in ids])
            await session.commit()
            return {"hospital": served.id, "warmup_hospital": warmup.id, "product": product.id, "escorts": ids}
    finally:
        await db.dispose()


async def seed_open_orders(suite: SuiteSettings, world: dict[str, Any], count: int) -> int:
    """--grab-only: `count` paid, 待接单 orders written straight into the table (no booking phase)."""
    db = Database(suite.database_url("escort"), pool_size=1)
    try:
        async with db.sessions() as session:
            await session.execute(text(
                """
                INSERT INTO orders (status, member_id, product_id, product_name, service_type, hospital_id,
                                    hospital_name, appointment_at, patient_name, patient_phone, patient_id_number,
                                    sale_amount, escort_share, platform_share, service_code, paid_at)
                SELECT 'waiting', 1, :p, '全程陪诊', 'full', :h, '江西省人民医院',
                       now() + interval '1 day' + i * interval '1 minute', '就诊人' || i, '13700000000',
                       '360102195001011234', 298, 208.6, 89.4, '123456', now()
                  FROM generate_series(1, :n) AS i
                """), {"p": world["product"], "h": world["hospital"], "n": count})
            await session.commit()
    finally:
        await db.dispose()
    return count


async def partner_keys(suite: SuiteSettings, escort_ids: list[int]) -> list[str]:
    """One partner key per escort, written with the gateway's own model and hashing."""
    from gateway.api_keys.keys import key_hash, new_key
    from gateway.api_keys.models import ApiKey

    db = Database(suite.database_url("gateway"), pool_size=1)
    keys = []
    try:
        async with db.sessions() as session:
            for escort_id in escort_ids:
                prefix, plain = new_key()
                session.add(ApiKey(name=f"压测{escort_id}", prefix=prefix, key_hash=key_hash(plain),
                                   partner_type="escort", partner_id=escort_id, rate_limit=1_000_000))
                keys.append(plain)
            await session.commit()
    finally:
        await db.dispose()
    return keys


async def grab_all(base: str, keys: list[str]) -> tuple[float, list[float], dict[int, int], int]:
    """Each escort: read the first page of his pool, grab one of it at random, until the pool is empty."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    reads = 0
    limits = httpx.Limits(max_connections=len(keys), max_keepalive_connections=len(keys))
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def escort(key: str) -> None:
            nonlocal reads
            headers = {"x-api-key": key}
            while True:
                pool = await client.get("/partner/escort/orders/available",
                                        params={"page_size": 20, "with_options": 0}, headers=headers)
                reads += 1
                pool.raise_for_status()
                rows = pool.json()["data_list"]
                if not rows:
                    return
                began = time.perf_counter()
                answer = await client.post(f"/partner/escort/orders/{random.choice(rows)['id']}/grab",
                                           headers=headers)
                latencies.append(time.perf_counter() - began)
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1

        began = time.perf_counter()
        await asyncio.gather(*(escort(k) for k in keys))
        return time.perf_counter() - began, latencies, statuses, reads


async def booking_phase(suite: SuiteSettings, world: dict[str, Any], base: str, args: argparse.Namespace,
                        processes: Processes) -> int:
    """Phase 1: bookings with payment through the gateway; prints the figures, answers how many were paid."""
    members = await register_members(base, args.members, "139")
    total = args.warmup + args.bookings
    cards = await seed_cards(suite, [members[i % len(members)][0] for i in range(total)])
    now = datetime.now(UTC)
    plan = [{"path": ROUTE, "headers": members[i % len(members)][1], "body": {
        "product_id": world["product"],
        "hospital_id": world["warmup_hospital"] if i < args.warmup else world["hospital"],
        "appointment_at": (now + timedelta(days=1, minutes=i)).isoformat(),
        "patient_name": f"就诊人{i}", "patient_phone": f"137{i:08d}", "patient_id_number": "360102195001011234",
        "card_no": cards[i],
    }} for i in range(total)]
    await run_load(base, plan[:args.warmup], min(args.concurrency, 16))
    meter = CpuMeter(processes.pids)
    meter.start()
    result = await run_load(base, plan[args.warmup:], args.concurrency)
    cpu = meter.stop(result.ok())
    print("\n== escort bookings with payment, through the gateway ==")
    print(f"bookings: {args.bookings} (concurrency {args.concurrency}), statuses: {result.statuses}")
    print(result.line("bookings") + "  (goal >= 200/s)")
    print(result.latency_line())
    print(cpu_line(cpu, "booking"))
    print(result.client_line("booking"))
    mean_escort, n_escort = server_mean(await scrape(processes.url("escort")), ROUTE)
    mean_debit, n_debit = server_mean(await scrape(processes.url("cards")), "/internal/cards/debits")
    print(f"server time: escort POST {ROUTE} mean {mean_escort * 1000:.1f} ms over {n_escort}; "
          f"of which cards POST /internal/cards/debits mean {mean_debit * 1000:.1f} ms over {n_debit}")
    return result.ok()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bookings", type=int, default=1000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=48)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--escorts", type=int, default=50)
    parser.add_argument("--grab-only", action="store_true",
                        help="skip the booking phase: write --bookings open orders straight into the table")
    parser.add_argument("--booking-only", action="store_true", help="stop after the booking phase")
    parser.add_argument("--sample", action="store_true", help="run escort under the sampling profiler")
    parser.add_argument("--py-spy", metavar="BIN", help="run escort under `BIN record` (py-spy; its CPU samples, "
                        f"collapsed stacks, go to {SPY_FILE}); the CPU figures then count py-spy, not escort")
    args = parser.parse_args()
    suite = use_names("benchesc_", 6300, 9)
    wrap = partial(sampled, suite=suite, target="escort", app=APPS["escort"], out=SAMPLES_FILE,
                   function="book") if args.sample else partial(spied, spy=args.py_spy) if args.py_spy else None

    fresh_databases(list(APPS))
    async with Processes(suite, APPS, wrap) as processes:
        world = await seed_escort(suite, args.escorts)
        base = processes.url("gateway")
        if args.grab_only:
            ok = await seed_open_orders(suite, world, args.bookings)
        else:
            ok = await booking_phase(suite, world, base, args, processes)
        result = 0 if args.booking_only else await grab_phase(suite, world, base, args, ok)
    if args.sample and SAMPLES_FILE.exists():  # noqa: ASYNC240  (the run is over; nothing else awaits)
        print("\n== escort, sampled every 1 ms: innermost frame's library (own time) ==")
        print(SAMPLES_FILE.read_text())  # noqa: ASYNC240
    return result


async def grab_phase(suite: SuiteSettings, world: dict[str, Any], base: str, args: argparse.Namespace,
                     ok: int) -> int:
    """Phase 2: the escorts race for the open orders; 0 when every order was taken exactly once."""
    keys = await partner_keys(suite, world["escorts"])
    elapsed, latencies, statuses, reads = await grab_all(base, keys)
    latencies.sort()
    taken = statuses.get(200, 0)
    print(f"\n== {args.escorts} escorts grabbing {ok} open orders at once, through the gateway ==")
    print(f"grab requests: {len(latencies)}, statuses: {statuses}, pool reads: {reads}")
    print(f"elapsed: {elapsed:.2f}s  ->  {taken / elapsed:.1f} grabs/s (orders taken)  "
          f"{len(latencies) / elapsed:.1f} grab requests/s")
    print(f"grab latency ms: p50 {percentile(latencies, .5) * 1000:.1f}  "
          f"p99 {percentile(latencies, .99) * 1000:.1f};  409 share {statuses.get(409, 0) / len(latencies):.1%}")
    db = Database(suite.database_url("escort"), pool_size=1)
    try:
        async with db.sessions() as session:
            check = (await session.execute(text(
                """
                SELECT count(*) FILTER (WHERE o.status = 'accepted' AND o.escort_id IS NOT NULL) AS accepted,
                       count(*) FILTER (WHERE o.status = 'waiting') AS still_open,
                       (SELECT count(*) FROM order_transitions t WHERE t.to_status = 'accepted') AS moves,
                       (SELECT count(DISTINCT escort_id) FROM orders WHERE escort_id IS NOT NULL) AS escorts
                  FROM orders o WHERE o.hospital_id = :h
                """), {"h": world["hospital"]})).one()
    finally:
        await db.dispose()
    once = check.accepted == ok == taken and check.moves == ok and check.still_open == 0
    print(f"check: {check.accepted} orders accepted, {check.still_open} still open, {check.moves} accept moves, "
          f"{check.escorts} escorts got orders -> {'every order taken exactly once' if once else 'MISMATCH'}")
    return 0 if once else 1

if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
