"""One replica of every part against two, in the same run (issue 16): bookings per second through the gateway and
events per second of the reports projection.

    python -m bench.replicas.run                     # 1 then 2 replicas, 600 bookings and 5,000 events each
    python -m bench.replicas.run --bookings 1000 --events 10000 --replicas 1 2 3

For each replica count the suite runs as `scripts/suite.py --no-demo --replicas N` starts it (every API and
worker, N times, real processes), on empty databases seeded alike:

- bookings: POST /app/health/orders with payment by card (health -> cards /internal/cards/debits), each on its
  own card, spread over the gateway replicas (each gets an equal share of the plan and of the concurrency, as a
  load balancer would); the figure is paid bookings per second of wall time;
- projection: a backlog of crm.CustomerCreated events committed in one transaction into crm's outbox; the figure
  is events per second from that commit until the reports inbox holds them all (relays of every crm replica
  publish, consumers of every reports replica apply).

Databases `benchrep_*` (prefixed again by an exported SUITE_DB_PREFIX), ports default + 7000 (or the exported
SUITE_PORT_OFFSET). On a 2-core machine more replicas mostly share the same CPUs: read the ratio with the load
average printed beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from bench.harness import fresh_databases, register_members, run_load, seed_cards, use_names
from bench.health.run import seed_health
from shared.bus.outbox import emit
from shared.bus.topology import delete_topology
from shared.db import Database
from shared.events.crm import CustomerCreated
from shared.settings import SuiteSettings
from shared.testing import truncate_all

PARTS = ("gateway", "crm", "cards", "health", "mall", "escort", "reports")
UP_TIMEOUT_S = 300
ROUTE = "/app/health/orders"


def start_suite(replicas: int, log_dir: Path) -> subprocess.Popen[bytes]:
    """The suite as the start command runs it, N replicas of every part; returns once it is up."""
    log_dir.mkdir(parents=True, exist_ok=True)
    output = log_dir / "start.out"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "scripts/suite.py", "--no-demo", "--replicas", str(replicas)],
            env={**os.environ, "SUITE_LOG_DIR": str(log_dir)}, stdout=sink, stderr=subprocess.STDOUT,
            start_new_session=True)
    deadline = time.monotonic() + UP_TIMEOUT_S
    while "the suite is up" not in output.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_suite(process)
            raise RuntimeError(f"the suite did not come up:\n{output.read_text(errors='replace')[-3000:]}")
        time.sleep(0.5)
    return process


def stop_suite(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)


async def empty_databases() -> None:
    suite = SuiteSettings()
    for part in PARTS:
        await truncate_all(suite.database_url(part))


async def count(part: str, sql: str) -> int:
    db = Database(SuiteSettings().database_url(part), pool_size=1)
    try:
        async with db.sessions() as session:
            return int((await session.execute(text(sql))).scalar_one())
    finally:
        await db.dispose()


async def bookings_per_second(replicas: int, total: int, members: int,
                              concurrency: int) -> tuple[float, dict[int, int]]:
    suite = SuiteSettings()
    package_id, stores = await seed_health(suite)
    gateways = [f"http://127.0.0.1:{suite.replica_port('gateway', k)}" for k in range(replicas)]
    registered = await register_members(gateways[0], members, "136")
    cards = await seed_cards(suite, [registered[i % members][0] for i in range(total)])
    today = datetime.now(UTC).date()
    plans: list[list[dict[str, object]]] = [[] for _ in gateways]
    for i in range(total):
        plans[i % replicas].append({"path": ROUTE, "headers": registered[i % members][1], "body": {
            "package_id": package_id, "hospital_id": stores[i % len(stores)],
            "day": (today + timedelta(days=2 + i % 50)).isoformat(), "gender": "male" if i % 2 else "female",
            "examinee_name": f"体检人{i}", "examinee_phone": f"135{i:08d}", "card_no": cards[i]}})
    began = time.perf_counter()
    loads = await asyncio.gather(*(run_load(base, plan, max(1, concurrency // replicas), timeout=60)
                                   for base, plan in zip(gateways, plans, strict=True)))
    elapsed = time.perf_counter() - began
    statuses: dict[int, int] = {}
    for load in loads:
        for status, n in load.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
    return statuses.get(201, 0) / elapsed, statuses


async def projection_events_per_second(events: int) -> float:
    before = await count("reports", "SELECT count(*) FROM inbox")
    db = Database(SuiteSettings().database_url("crm"), pool_size=1)
    try:
        async with db.sessions() as session:
            for i in range(events):
                await emit(session, "crm", CustomerCreated(customer_id=9_000_000 + i, name=f"压测单位{i}", level="B",
                                                           owner_id=1, owner_name="系统管理员", dept_id=1,
                                                           dept_name="公司", review_status="approved"))
            await session.commit()
            began = time.perf_counter()
    finally:
        await db.dispose()
    while True:
        if await count("reports", "SELECT count(*) FROM inbox") >= before + events:
            return events / (time.perf_counter() - began)
        await asyncio.sleep(0.1)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--bookings", type=int, default=600)
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    use_names("benchrep_", 7000, 11)
    fresh_databases(PARTS)
    results: dict[int, tuple[float, float]] = {}
    for replicas in args.replicas:
        await empty_databases()
        process = start_suite(replicas, Path(f"/tmp/bench_replicas_{os.getpid()}/{replicas}"))
        try:
            load_before = os.getloadavg()[0]
            rate, statuses = await bookings_per_second(replicas, args.bookings, args.members, args.concurrency)
            events = await projection_events_per_second(args.events)
            load_after = os.getloadavg()[0]
        finally:
            stop_suite(process)
        results[replicas] = (rate, events)
        print(f"{replicas} replica(s) of every part: {rate:.1f} bookings/s through the gateway "
              f"(statuses {statuses}), reports projection {events:.0f} events/s "
              f"(load average {load_before:.1f} -> {load_after:.1f})", flush=True)
    suite = SuiteSettings()
    await delete_topology(suite.amqp_url, suite.bus_prefix)  # this run's queues leave the shared broker
    base = args.replicas[0]
    for replicas in args.replicas[1:]:
        print(f"ratio {replicas}:{base} replicas: bookings x{results[replicas][0] / results[base][0]:.2f}, "
              f"projection x{results[replicas][1] / results[base][1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
