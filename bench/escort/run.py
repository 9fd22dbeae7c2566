"""Escort bookings with payment through the gateway, then 50 escorts grabbing 1,000 open orders at once.

    python bench/escort/run.py                       # 1,000 bookings, then the grab race, all through the gateway
    python bench/escort/run.py --bookings 2000 --escorts 50 --concurrency 48
    python bench/escort/run.py --grab-only           # phase 2 alone, on 1,000 orders written straight in

Phase 1 (goal >= 200/s): members book POST /app/escort/orders through the gateway; each booking pays from a
card of its own (POST /internal/cards/debits), so the figure is the booking path itself. A warm-up books at
a second hospital that none of the bench escorts serves, so it stays out of phase 2.
Phase 2: every order of phase 1 is in the pool of 50 certified escorts (each with a partner key); each escort
loops "read the first page of my pool, grab one of it at random" until his pool is empty, as an escort app
would. Reported: grabs/s (orders taken per second of wall time), the latency of grab requests (p50/p99),
the share answered 409, and a check that every order was taken exactly once.

Databases `benchesc_gateway`, `benchesc_escort`, `benchesc_cards` are dropped and rebuilt; the processes
listen on the default ports + 6300.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ENV = {
    "SUITE_PORT_OFFSET": "6300",
    "SUITE_DB_PREFIX": "benchesc_",
    "SUITE_REDIS_URL": "redis://127.0.0.1:6379/9",
    "SUITE_BUS_PREFIX": "benchesc.",
    "SUITE_LOG_LEVEL": "WARNING",
    "SUITE_ENV": "bench",
    "GATEWAY_PARTNER_RATE_LIMIT": "1000000",
    # PostgreSQL's connections are shared by everything on the machine: steady pools that fit beside it.
    "ESCORT_DB_POOL_SIZE": os.environ.get("ESCORT_DB_POOL_SIZE", "12"),
    "CARDS_DB_POOL_SIZE": os.environ.get("CARDS_DB_POOL_SIZE", "12"),
    "GATEWAY_DB_POOL_SIZE": os.environ.get("GATEWAY_DB_POOL_SIZE", "4"),
}
os.environ.update(ENV)

import httpx  # noqa: E402  (settings read the environment above at import)
from sqlalchemy import insert, text  # noqa: E402

from shared.db import Database  # noqa: E402
from shared.settings import SuiteSettings  # noqa: E402

PARTS = ("gateway", "escort", "cards")
APPS = {"gateway": "gateway.main:create_app", "escort": "escort.main:create_app", "cards": "cards.main:create_app"}


def admin(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "shared.admin", *args], check=True, env=os.environ.copy(), cwd=REPO)


def start(part: str, suite: SuiteSettings) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", APPS[part], "--factory", "--host", "127.0.0.1", "--port",
               str(suite.port(part)), "--log-level", "warning", "--no-access-log", "--loop", "uvloop", "--http",
               "httptools"]
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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


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


async def seed_cards(suite: SuiteSettings, owners: list[int]) -> list[str]:
    from cards.cards.models import Card
    from cards.numbers import FIRST_SEQ, card_no

    db = Database(suite.database_url("cards"), pool_size=2)
    now = datetime.now(UTC)
    rows = [{
        "id": FIRST_SEQ + 1 + i, "card_no": card_no(FIRST_SEQ + 1 + i), "making_batch_id": 1, "status": "activated",
        "use_status": "charged", "face_value": Decimal("5000.00"), "balance": Decimal("5000.00"),
        "member_id": member_id, "bound_at": now, "activated_at": now, "valid_from": now,
        "valid_until": now + timedelta(days=365), "effective_until": now + timedelta(days=365),
    } for i, member_id in enumerate(owners)]
    try:
        async with db.sessions() as session:
            for at in range(0, len(rows), 1000):
                await session.execute(Card.__table__.insert(), rows[at:at + 1000])
            await session.commit()
    finally:
        await db.dispose()
    return [r["card_no"] for r in rows]


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


async def register_members(base: str, count: int) -> list[tuple[int, dict[str, str]]]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        semaphore = asyncio.Semaphore(8)

        async def one(index: int) -> tuple[int, dict[str, str]]:
            async with semaphore:
                r = await client.post("/app/auth/register", json={
                    "phone": f"139{index:08d}", "password": "bench-pass-123", "name": f"压测{index}"})
                r.raise_for_status()
                headers = {"authorization": f"Bearer {r.json()['access_token']}"}
                me = await client.get("/app/auth/me", headers=headers)
                me.raise_for_status()
                return int(me.json()["id"]), headers

        return list(await asyncio.gather(*(one(i) for i in range(count))))


# ---------------------------------------------------------------- load


async def book_all(
    base: str, plan: list[dict[str, Any]], concurrency: int
) -> tuple[float, list[float], dict[int, int]]:
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
                response = await client.post("/app/escort/orders", json=item["body"], headers=item["headers"])
                latencies.append(time.perf_counter() - began)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - began, latencies, statuses


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
                        processes: dict[str, subprocess.Popen[bytes]]) -> int:
    """Phase 1: bookings with payment through the gateway; prints the figures, answers how many were paid."""
    members = await register_members(base, args.members)
    total = args.warmup + args.bookings
    cards = await seed_cards(suite, [members[i % len(members)][0] for i in range(total)])
    now = datetime.now(UTC)
    plan = [{"headers": members[i % len(members)][1], "body": {
        "product_id": world["product"],
        "hospital_id": world["warmup_hospital"] if i < args.warmup else world["hospital"],
        "appointment_at": (now + timedelta(days=1, minutes=i)).isoformat(),
        "patient_name": f"就诊人{i}", "patient_phone": f"137{i:08d}", "patient_id_number": "360102195001011234",
        "card_no": cards[i],
    }} for i in range(total)]
    await book_all(base, plan[:args.warmup], min(args.concurrency, 16))
    before = {part: cpu_seconds(p.pid) for part, p in processes.items()}
    elapsed, latencies, statuses = await book_all(base, plan[args.warmup:], args.concurrency)
    after = {part: cpu_seconds(p.pid) for part, p in processes.items()}
    ok = statuses.get(201, 0)
    print("\n== escort bookings with payment, through the gateway ==")
    print(f"bookings: {args.bookings} (concurrency {args.concurrency}), statuses: {statuses}")
    print(f"elapsed: {elapsed:.2f}s  ->  {ok / elapsed:.1f} bookings/s (goal >= 200/s)")
    print(f"latency ms: p50 {statistics.median(latencies) * 1000:.1f}  p95 {percentile(latencies, .95) * 1000:.1f}"
          f"  p99 {percentile(latencies, .99) * 1000:.1f}")
    print("CPU per booking (ms):  " + "  ".join(
        f"{name} {(after[name] - before[name]) / max(ok, 1) * 1000:.2f}" for name in before))
    return ok


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bookings", type=int, default=1000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=48)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--escorts", type=int, default=50)
    parser.add_argument("--grab-only", action="store_true",
                        help="skip the booking phase: write --bookings open orders straight into the table")
    args = parser.parse_args()
    suite = SuiteSettings()

    admin("check-services")
    admin("ensure-keys")
    admin("drop-databases", *PARTS)
    admin("create-databases", *PARTS)
    admin("migrate", *PARTS)
    processes = {part: start(part, suite) for part in PARTS}
    try:
        for part in PARTS:
            await wait_ready(f"http://127.0.0.1:{suite.port(part)}")
        world = await seed_escort(suite, args.escorts)
        base = f"http://127.0.0.1:{suite.port('gateway')}"
        if args.grab_only:
            ok = await seed_open_orders(suite, world, args.bookings)
        else:
            ok = await booking_phase(suite, world, base, args, processes)
        keys = await partner_keys(suite, world["escorts"])
        elapsed, latencies, statuses, reads = await grab_all(base, keys)
        taken = statuses.get(200, 0)
        print(f"\n== {args.escorts} escorts grabbing {ok} open orders at once, through the gateway ==")
        print(f"grab requests: {len(latencies)}, statuses: {statuses}, pool reads: {reads}")
        print(f"elapsed: {elapsed:.2f}s  ->  {taken / elapsed:.1f} grabs/s (orders taken)  "
              f"{len(latencies) / elapsed:.1f} grab requests/s")
        print(f"grab latency ms: p50 {statistics.median(latencies) * 1000:.1f}  "
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
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGINT)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
