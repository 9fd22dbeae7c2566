"""Bookings per second with payment: POST /app/health/orders through the gateway (or the service directly).

    python bench/health/run.py                      # through the gateway (gateway + health + cards, uvicorn)
    python bench/health/run.py --direct             # straight to health with member tokens (no gateway)
    python bench/health/run.py --sample             # health under a sampling profiler: where its CPU goes
    python bench/health/run.py --profile            # health under cProfile (less reliable for async code)

Every booking uses its own card and the bookings are spread over many days and stores, so the figure is
the booking path itself (capacity UPDATE, order INSERT, debit call into cards, confirmation), not a queue
on one hot row. Databases `bench_gateway`, `bench_health`, `bench_cards` are dropped and rebuilt; the
processes listen on the default ports + SUITE_PORT_OFFSET (6000). Where the time goes is reported three
ways: CPU seconds per booking of each process (gateway, health, cards, PostgreSQL), the mean server time of
each hop (from the services' /metrics), and, with --profile, health's hottest functions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pstats
import re
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ENV = {
    "SUITE_PORT_OFFSET": "6000",
    "SUITE_DB_PREFIX": "bench_",
    "SUITE_REDIS_URL": "redis://127.0.0.1:6379/12",
    "SUITE_BUS_PREFIX": "bench.",
    "SUITE_LOG_LEVEL": "WARNING",
    "SUITE_ENV": "bench",
}
os.environ.update(ENV)

import httpx  # noqa: E402  (settings read the environment above at import)
from sqlalchemy import text  # noqa: E402

from shared.db import Database  # noqa: E402
from shared.settings import SuiteSettings  # noqa: E402

PARTS = ("gateway", "health", "cards")
APPS = {"gateway": "gateway.main:create_app", "health": "health.main:create_app", "cards": "cards.main:create_app"}
PROFILE_FILE = Path("/tmp/bench_health.prof")
SAMPLES_FILE = Path("/tmp/bench_health_samples.txt")
BOOKING_DAYS = 60


def admin(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "shared.admin", *args], check=True, env=os.environ.copy(), cwd=REPO)


def start(part: str, suite: SuiteSettings, profile: bool, sample: bool) -> subprocess.Popen[bytes]:
    command = [sys.executable]
    if sample and part == "health":
        command += [str(Path(__file__).with_name("sampled_server.py")), APPS[part], str(suite.port(part)),
                    str(SAMPLES_FILE)]
        return subprocess.Popen(command, env=os.environ.copy(), cwd=REPO, stdout=subprocess.DEVNULL)
    if profile and part == "health":
        command += ["-m", "cProfile", "-o", str(PROFILE_FILE)]
    command += ["-m", "uvicorn", APPS[part], "--factory", "--host", "127.0.0.1", "--port", str(suite.port(part)),
                "--log-level", "warning", "--no-access-log", "--loop", "uvloop", "--http", "httptools"]
    return subprocess.Popen(command, env=os.environ.copy(), cwd=REPO, stdout=subprocess.DEVNULL)


async def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while True:
            try:
                if (await client.get(f"{url}/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not become ready")
            await asyncio.sleep(0.2)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> float:
    total = 0.0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if (proc / "comm").read_text().strip().startswith("postgres"):
                    total += cpu_seconds(int(proc.name))
            except (FileNotFoundError, ProcessLookupError, PermissionError, IndexError):
                continue
    return total


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


async def seed_cards(suite: SuiteSettings, owners: list[int]) -> list[str]:
    """One activated, charged card per booking, bound to its member (written with the cards model)."""
    from cards.cards.models import Card
    from cards.numbers import FIRST_SEQ, card_no

    db = Database(suite.database_url("cards"), pool_size=2)
    now = datetime.now(UTC)
    rows = []
    for index, member_id in enumerate(owners):
        seq = FIRST_SEQ + 1 + index
        rows.append({
            "id": seq, "card_no": card_no(seq), "making_batch_id": 1, "status": "activated",
            "use_status": "charged", "face_value": Decimal("5000.00"), "balance": Decimal("5000.00"),
            "member_id": member_id, "bound_at": now, "activated_at": now, "valid_from": now,
            "valid_until": now + timedelta(days=365), "effective_until": now + timedelta(days=365),
        })
    try:
        async with db.sessions() as session:
            for start_at in range(0, len(rows), 1000):
                await session.execute(Card.__table__.insert(), rows[start_at:start_at + 1000])
            await session.commit()
    finally:
        await db.dispose()
    return [r["card_no"] for r in rows]


async def gateway_members(base: str, count: int) -> list[tuple[int, dict[str, str]]]:
    """Registers members through the gateway (register answers tokens) and reads their ids from /me."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        semaphore = asyncio.Semaphore(8)

        async def one(index: int) -> tuple[int, dict[str, str]]:
            async with semaphore:
                phone = f"139{index:08d}"
                r = await client.post("/app/auth/register",
                                      json={"phone": phone, "password": "bench-pass-123", "name": f"压测{index}"})
                r.raise_for_status()
                headers = {"authorization": f"Bearer {r.json()['access_token']}"}
                me = await client.get("/app/auth/me", headers=headers)
                me.raise_for_status()
                return int(me.json()["id"]), headers

        return list(await asyncio.gather(*(one(i) for i in range(count))))


def direct_members(count: int) -> list[tuple[int, dict[str, str]]]:
    from shared.identity import IDENTITY_TTL_SECONDS, Identity, sign_identity

    suite = SuiteSettings()
    members = []
    for index in range(count):
        identity = Identity(kind="member", id=index + 1, name=f"压测{index}", username=f"139{index:08d}")
        token = sign_identity(identity, "health", suite.private_key_pem, ttl=IDENTITY_TTL_SECONDS * 60)
        members.append((index + 1, {"authorization": f"Bearer {token}"}))
    return members


# ---------------------------------------------------------------- load


async def load(base: str, plan: list[dict[str, Any]], concurrency: int) -> tuple[float, list[float], dict[int, int]]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                item = queue.get_nowait()
                began = time.perf_counter()
                response = await client.post("/app/health/orders", json=item["body"], headers=item["headers"])
                latencies.append(time.perf_counter() - began)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - began, latencies, statuses


def server_means(metrics_text: str, route: str) -> tuple[float, int]:
    """Mean request time of `route` from a Prometheus text page (http_request_duration_seconds)."""
    def value(suffix: str) -> float:
        pattern = rf'http_request_duration_seconds_{suffix}\{{[^}}]*route="{re.escape(route)}"[^}}]*\}} ([0-9.e+-]+)'
        return sum(float(m) for m in re.findall(pattern, metrics_text))

    count = value("count")
    return (value("sum") / count if count else 0.0), int(count)


async def scrape(url: str) -> str:
    async with httpx.AsyncClient() as client:
        return (await client.get(f"{url}/metrics")).text


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
    suite = SuiteSettings()
    parts = ("health", "cards") if args.direct else PARTS

    admin("check-services")
    admin("ensure-keys")
    admin("drop-databases", *parts)
    admin("create-databases", *parts)
    admin("migrate", *parts)
    processes = {part: start(part, suite, args.profile, args.sample) for part in parts}
    try:
        for part in parts:
            await wait_ready(suite.service_url(part) if part != "gateway" else f"http://127.0.0.1:{suite.port(part)}")
        package_id, stores = await seed_health(suite)
        base = f"http://127.0.0.1:{suite.port('health' if args.direct else 'gateway')}"
        members = direct_members(args.members) if args.direct else await gateway_members(base, args.members)
        total = args.warmup + args.bookings
        owners = [members[i % len(members)][0] for i in range(total)]
        cards = await seed_cards(suite, owners)
        today = datetime.now(UTC).date()
        plan = []
        for i in range(total):
            headers = members[i % len(members)][1]
            plan.append({"headers": headers, "body": {
                "package_id": package_id, "hospital_id": stores[i % len(stores)],
                "day": (today + timedelta(days=2 + i % (BOOKING_DAYS - 2))).isoformat(),
                "gender": "male" if i % 2 else "female", "examinee_name": f"体检人{i}",
                "examinee_phone": f"137{i:08d}", "card_no": cards[i],
            }})
        await load(base, plan[: args.warmup], min(args.concurrency, 16))
        before = {part: cpu_seconds(p.pid) for part, p in processes.items()} | {"postgres": postgres_cpu()}
        elapsed, latencies, statuses = await load(base, plan[args.warmup:], args.concurrency)
        after = {part: cpu_seconds(p.pid) for part, p in processes.items()} | {"postgres": postgres_cpu()}

        ok = statuses.get(201, 0)
        latencies.sort()
        print(f"\n== bookings with payment, {'direct to health' if args.direct else 'through the gateway'} ==")
        print(f"bookings: {args.bookings} (concurrency {args.concurrency}), statuses: {statuses}")
        print(f"elapsed: {elapsed:.2f}s  ->  {ok / elapsed:.1f} bookings/s")
        p95, p99 = latencies[int(len(latencies) * 0.95)], latencies[int(len(latencies) * 0.99)]
        print(f"latency ms: p50 {statistics.median(latencies) * 1000:.1f}  p95 {p95 * 1000:.1f}  p99 {p99 * 1000:.1f}")
        print("CPU per booking (ms; postgres counts live backends only):  " + "  ".join(
            f"{name} {(after[name] - before[name]) / max(ok, 1) * 1000:.2f}" for name in before))
        health_metrics = await scrape(suite.service_url("health"))
        cards_metrics = await scrape(suite.service_url("cards"))
        mean_health, n_health = server_means(health_metrics, "/app/health/orders")
        mean_debit, n_debit = server_means(cards_metrics, "/internal/cards/debits")
        print(f"server time: health POST /app/health/orders mean {mean_health * 1000:.1f} ms over {n_health}; "
              f"of which cards POST /internal/cards/debits mean {mean_debit * 1000:.1f} ms over {n_debit}")
        db = Database(suite.database_url("health"), pool_size=1)
        async with db.sessions() as session:
            counts = dict((await session.execute(text("SELECT status, count(*) FROM orders GROUP BY status"))).all())
            booked = (await session.execute(text("SELECT sum(booked) FROM schedules"))).scalar_one()
        await db.dispose()
        print(f"orders by status: {counts}; places booked: {booked}")
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGINT)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    if args.profile and os.path.exists(PROFILE_FILE):  # noqa: ASYNC240  (the run is over; nothing else awaits)
        print_profile(PROFILE_FILE)
    if args.sample and os.path.exists(SAMPLES_FILE):  # noqa: ASYNC240
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
