"""Mall orders per second with payment: POST /app/mall/orders through the gateway (gateway + mall + cards).

    python bench/mall/run.py                 # distinct SKUs: the order path itself (reserve, debit, confirm)
    python bench/mall/run.py --hot           # one hot SKU: 1,000 concurrent orders for a stock of 500
    python bench/mall/run.py --direct        # straight to mall with member tokens (no gateway)

Distinct: every order buys its own SKU with its own card, so the figure is the path (one statement reserving
the stock and inserting the order, the debit call into cards, the confirmation taking the stock), not a queue
on one row. Hot: every order wants the same SKU; exactly `--stock` must succeed, the rest answer 409, and
the stock must end at 0 with nothing reserved. Databases `benchmall_gateway`, `benchmall_mall`,
`benchmall_cards` are dropped and rebuilt; processes listen on the default ports + 6100. CPU seconds per
order of each process (gateway, mall, cards, PostgreSQL) are read from /proc, as bench/health does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
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
    "SUITE_PORT_OFFSET": "6100",
    "SUITE_DB_PREFIX": "benchmall_",
    "SUITE_REDIS_URL": "redis://127.0.0.1:6379/8",
    "SUITE_BUS_PREFIX": "benchmall.",
    "SUITE_LOG_LEVEL": "WARNING",
    "SUITE_ENV": "bench",
}
os.environ.update(ENV)

import httpx  # noqa: E402  (settings read the environment above at import)
from sqlalchemy import text  # noqa: E402

from shared.db import Database  # noqa: E402
from shared.settings import SuiteSettings  # noqa: E402

PARTS = ("gateway", "mall", "cards")
APPS = {"gateway": "gateway.main:create_app", "mall": "mall.main:create_app", "cards": "cards.main:create_app"}


def admin(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "shared.admin", *args], check=True, env=os.environ.copy(), cwd=REPO)


def start(part: str, suite: SuiteSettings) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", APPS[part], "--factory", "--host", "127.0.0.1", "--port",
               str(suite.port(part)), "--log-level", "warning", "--no-access-log", "--loop", "uvloop",
               "--http", "httptools"]
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


async def seed_cards(suite: SuiteSettings, owners: list[int]) -> list[str]:
    """One activated, charged card per order, bound to its member (written with the cards model)."""
    from cards.cards.models import Card
    from cards.numbers import FIRST_SEQ, card_no

    db = Database(suite.database_url("cards"), pool_size=1)
    now = datetime.now(UTC)
    rows = [{
        "id": FIRST_SEQ + 1 + i, "card_no": card_no(FIRST_SEQ + 1 + i), "making_batch_id": 1, "status": "activated",
        "use_status": "charged", "face_value": Decimal("5000.00"), "balance": Decimal("5000.00"),
        "member_id": member_id, "bound_at": now, "activated_at": now, "valid_from": now,
        "valid_until": now + timedelta(days=365), "effective_until": now + timedelta(days=365),
    } for i, member_id in enumerate(owners)]
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
                r = await client.post("/app/auth/register", json={
                    "phone": f"138{index:08d}", "password": "bench-pass-123", "name": f"压测{index}"})
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
        identity = Identity(kind="member", id=index + 1, name=f"压测{index}", username=f"138{index:08d}")
        token = sign_identity(identity, "mall", suite.private_key_pem, ttl=IDENTITY_TTL_SECONDS * 60)
        members.append((index + 1, {"authorization": f"Bearer {token}"}))
    return members


# ---------------------------------------------------------------- load


async def load(base: str, plan: list[dict[str, Any]], concurrency: int) -> tuple[float, list[float], dict[int, int]]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: dict[int, str] = {}
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                item = queue.get_nowait()
                began = time.perf_counter()
                response = await client.post("/app/mall/orders", json=item["body"], headers=item["headers"])
                latencies.append(time.perf_counter() - began)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code >= 500 or response.status_code in (400, 401, 403, 422):
                    errors.setdefault(response.status_code, response.text[:300])

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        for status, body in errors.items():  # an unexpected answer is shown, not just counted
            print(f"  first {status}: {body}")
        return time.perf_counter() - began, latencies, statuses


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))]


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=48)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--hot", action="store_true", help="one SKU: --orders 1000 at once for --stock 500")
    parser.add_argument("--stock", type=int, default=500)
    parser.add_argument("--direct", action="store_true", help="call mall directly (no gateway)")
    args = parser.parse_args()
    if args.hot:
        args.orders = args.orders if args.orders != 2000 else 1000
        args.concurrency = args.orders if args.concurrency == 48 else args.concurrency
    suite = SuiteSettings()
    parts = ("mall", "cards") if args.direct else PARTS

    admin("check-services")
    admin("ensure-keys")
    admin("drop-databases", *parts)
    admin("create-databases", *parts)
    admin("migrate", *parts)
    processes = {part: start(part, suite) for part in parts}
    try:
        for part in parts:
            await wait_ready(suite.service_url(part) if part != "gateway" else f"http://127.0.0.1:{suite.port(part)}")
        base = f"http://127.0.0.1:{suite.port('mall' if args.direct else 'gateway')}"
        members = direct_members(args.members) if args.direct else await gateway_members(base, args.members)
        warmup = 0 if args.hot else args.warmup
        total = warmup + args.orders
        sku_count = 1 + warmup if args.hot else total
        sku_ids, addresses = await seed_mall(suite, sku_count, args.stock if args.hot else 1000,
                                             [m for m, _ in members])
        owners = [members[i % len(members)][0] for i in range(total)]
        cards = await seed_cards(suite, owners)
        plan = []
        for i in range(total):
            member_id, headers = members[i % len(members)]
            plan.append({"headers": headers, "body": {
                "address_id": addresses[member_id], "card_no": cards[i],
                "items": [{"sku_id": sku_ids[0] if args.hot else sku_ids[i], "quantity": 1}],
            }})
        if warmup:
            await load(base, plan[:warmup], min(args.concurrency, 16))
        before = {part: cpu_seconds(p.pid) for part, p in processes.items()} | {"postgres": postgres_cpu()}
        elapsed, latencies, statuses = await load(base, plan[warmup:], args.concurrency)
        after = {part: cpu_seconds(p.pid) for part, p in processes.items()} | {"postgres": postgres_cpu()}

        ok = statuses.get(201, 0)
        latencies.sort()
        where = "direct to mall" if args.direct else "through the gateway"
        kind = f"one hot SKU, stock {args.stock}" if args.hot else "distinct SKUs"
        print(f"\n== mall orders with payment, {kind}, {where} ==")
        print(f"orders: {args.orders} (concurrency {args.concurrency}), statuses: {statuses}")
        print(f"elapsed: {elapsed:.2f}s  ->  {ok / elapsed:.1f} paid orders/s, "
              f"{len(latencies) / elapsed:.1f} answers/s")
        print(f"latency ms: p50 {statistics.median(latencies) * 1000:.1f}  p95 {percentile(latencies, .95) * 1000:.1f}"
              f"  p99 {percentile(latencies, .99) * 1000:.1f}")
        print("CPU per paid order (ms; postgres counts live backends only):  " + "  ".join(
            f"{name} {(after[name] - before[name]) / max(ok, 1) * 1000:.2f}" for name in before))
        db = Database(suite.database_url("mall"), pool_size=1)
        async with db.sessions() as session:
            counts = dict((await session.execute(text("SELECT status, count(*) FROM orders GROUP BY status"))).all())
            stock = (await session.execute(text("SELECT sum(stock), sum(reserved), min(stock) FROM skus"
                                                " WHERE id = ANY(CAST(:ids AS bigint[]))"),
                                           {"ids": sku_ids[:1] if args.hot else sku_ids})).one()
        await db.dispose()
        print(f"orders by status: {counts}; stock left {stock[0]}, reserved {stock[1]}, lowest {stock[2]}")
        if args.hot:
            exact = ok == args.stock and stock[0] == 0 and stock[1] == 0
            print(f"hot SKU: {ok} paid for a stock of {args.stock}: {'exact' if exact else 'NOT EXACT'}")
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGINT)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
