"""Two replicas of every API and every worker (issue 16), started by `scripts/suite.py --replicas 2` as real
processes on this machine, with the gateway and the internal clients spread over both.

Through the gateway replicas: the business flow of tests/e2e (customers, approved contracts, payments, voids;
drillkit's BusinessFlow), and at the same time a burst of health checkup bookings paid by card and of card
batches made (requested and approved). In the middle one replica of every part is stopped: its APIs with
SIGTERM (a rolling update's graceful stop; the gateway replica is first taken out of the client's balancer, as
Kubernetes takes a terminating pod out of its endpoints), its workers with SIGKILL (a crash); the supervisor
starts them again. Then every scheduled job of every part is made due while both replicas' workers compete for it.

Checks: every published event is in the inbox of every subscriber exactly once, and its effects are there
once (entitlements, the sales report: drillkit's settle); each job ran once; every booking made one order and
one debit; every card's balance equals its ledger; every batch made its cards once; no request was lost (every
answer a success or a clean 4xx; 503s, retried with the same Idempotency-Key as a client does, are counted;
no other 5xx and no connection error at the client).
"""

from __future__ import annotations

import asyncio
import signal
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from drillkit import reset_databases, settle
from replicakit import (
    Caller,
    GatewayFlow,
    GatewayReplicas,
    OwnBus,
    ReplicatedSuite,
    every_event_applied_once,
    fetch,
    job_runs,
    jobs_ran_since,
    login,
    make_jobs_due,
)

from bench.harness import register_members, scrape, seed_cards, server_mean
from bench.health.run import seed_health
from cards.numbers import FIRST_SEQ
from gateway.demo import main as load_gateway_demo
from shared.settings import SuiteSettings
from shared.testing import truncate_all, wait_for

DEALS, CANCELS = 8, 2
MEMBERS, BOOKINGS = 16, 60
BATCHES, CARDS_PER_BATCH = 6, 50
SETTLE_TIMEOUT_S = 90


async def prepare() -> SuiteSettings:
    """Empty databases with the gateway's demo accounts, a health catalogue open for booking, the card allocator."""
    suite = SuiteSettings()
    await reset_databases()  # crm, cards, reports (crm's staff directory holds the admin)
    for part in ("gateway", "health", "mall", "escort"):
        await truncate_all(suite.database_url(part))
    await load_gateway_demo()
    # Without announcing the demo staff: drillkit's settle counts the events of crm and cards (its drills run
    # without the gateway), and crm's staff directory already holds the admin the flow acts as.
    await fetch("gateway", "DELETE FROM outbox")
    return suite


async def test_two_replicas_of_every_part_lose_nothing_and_do_nothing_twice(tmp_path: Path) -> None:
    settings = await prepare()
    package_id, stores = await seed_health(settings)
    bus = OwnBus()
    suite = ReplicatedSuite(tmp_path, replicas=2, bus=bus)
    flow: GatewayFlow | None = None
    caller: Caller | None = None
    try:
        await suite.start()
        gateway = f"http://127.0.0.1:{suite.gateway_ports()[0]}"
        admin = await login(gateway)
        members = await register_members(gateway, MEMBERS, "138")
        cards = await seed_cards(settings, [members[i % MEMBERS][0] for i in range(BOOKINGS)])
        # Batches number their cards after the seeded ones.
        await fetch("cards", "INSERT INTO card_number_allocator (id, next_seq) VALUES (1, $1)"
                             " ON CONFLICT (id) DO UPDATE SET next_seq = $1", FIRST_SEQ + 1 + BOOKINGS)
        balancer = GatewayReplicas(suite.gateway_ports())
        flow = GatewayFlow(suite, "REP", admin, balancer)
        caller = Caller(suite, balancer)
        today = datetime.now(UTC).date()

        async def book(i: int) -> int:
            _, headers = members[i % MEMBERS]
            answer = await caller.send("POST", "/app/health/orders", headers, key=f"book-{i}", body={
                "package_id": package_id, "hospital_id": stores[i % len(stores)],
                "day": (today + timedelta(days=2 + i % 20)).isoformat(), "gender": "male" if i % 2 else "female",
                "examinee_name": f"体检人{i}", "examinee_phone": f"137{i:08d}", "card_no": cards[i]})
            assert answer.status_code == 201, answer.text
            return int(answer.json()["id"])

        async def make_batch(i: int) -> int:
            made = await caller.send("POST", "/api/cards/making-batches", admin, key=f"batch-{i}",
                                     body={"city": "南昌", "card_type": "电子卡", "quantity": CARDS_PER_BATCH})
            assert made.status_code == 201, made.text
            approved = await caller.send("POST", f"/api/cards/making-batches/{made.json()['id']}/review", admin,
                                         key=f"review-{i}", body={"approved": True})
            assert approved.status_code == 200, approved.text
            return int(made.json()["id"])

        bookings = asyncio.gather(*(book(i) for i in range(BOOKINGS)))
        batches = asyncio.gather(*(make_batch(i) for i in range(BATCHES)))
        deals = asyncio.create_task(flow.run(DEALS, CANCELS, concurrency=3))

        async def under_way() -> bool:
            return sum(caller.answers.values()) >= BOOKINGS // 3

        await wait_for(under_way, timeout=120, interval=0.1)
        balancer.drain(suite.gateway_ports()[1])
        await asyncio.sleep(1)  # as a preStop hook waits: requests sent just before the drain are read by now
        stopped = suite.stop_replica(1, api_signal=signal.SIGTERM, worker_signal=signal.SIGKILL)
        await asyncio.sleep(2)
        runs_before = await job_runs()
        due_at = await make_jobs_due()  # both replicas' workers (one of them restarting) compete for each
        order_ids, batch_ids = await asyncio.gather(bookings, batches)
        await deals
        settled_at = time.monotonic()

        published = await every_event_applied_once(SETTLE_TIMEOUT_S)
        figures = await settle(flow, settled_at)  # entitlements once, the sales report exact, no 5xx in the flow
        runs = await jobs_ran_since(due_at, SETTLE_TIMEOUT_S)
        assert {name: runs[name] - runs_before.get(name, 0) for name in runs} == dict.fromkeys(runs, 1), runs

        # Every booking: one order, one debit; every card's balance is its ledger.
        assert len(set(order_ids)) == BOOKINGS
        orders = await fetch("health", "SELECT count(*) AS n FROM orders")
        debits = await fetch("cards", "SELECT count(*) AS n, count(DISTINCT order_ref) AS refs FROM ledger_entries"
                                      " WHERE kind = 'debit' AND context = 'health'")
        assert orders[0]["n"] == BOOKINGS and debits[0]["n"] == debits[0]["refs"] == BOOKINGS, (orders, debits)
        ledger = await fetch("cards", "SELECT c.card_no, c.balance, c.face_value + COALESCE(SUM(e.balance_part), 0)"
                                      " AS expected FROM cards c LEFT JOIN ledger_entries e ON e.card_id = c.id"
                                      " GROUP BY c.id")
        assert all(row["balance"] == row["expected"] for row in ledger), [r for r in ledger if r[1] != r[2]]
        seeded = set(cards)  # each paid for one booking (the batches' new cards hold nothing yet)
        assert sum(1 for row in ledger if row["card_no"] in seeded and row["balance"] < Decimal("5000.00")) == BOOKINGS

        # The bookings and their debits were spread: the first replica (never stopped) served some, not all.
        first_replica: dict[str, int] = {}
        for part, route in (("health", "/app/health/orders"), ("cards", "/internal/cards/debits")):
            _, first_replica[part] = server_mean(await scrape(f"http://127.0.0.1:{settings.port(part)}"), route)
        assert all(0 < served < BOOKINGS for served in first_replica.values()), first_replica

        # Every batch made its cards once, in ranges that do not overlap.
        made = await fetch("cards", "SELECT making_batch_id, count(*) AS n FROM cards WHERE making_batch_id = ANY($1)"
                                    " AND id > $2 GROUP BY making_batch_id", batch_ids, FIRST_SEQ + BOOKINGS)
        assert sorted(batch_ids) == sorted(r["making_batch_id"] for r in made)
        assert all(r["n"] == CARDS_PER_BATCH for r in made), made
        done = await fetch("cards", "SELECT count(*) AS n FROM making_batches WHERE status = 'done'")
        assert done[0]["n"] == BATCHES

        # No request lost: successes and clean 4xx only, besides 503s retried with the same key.
        assert caller.errors == [], caller.errors
        assert caller.server_errors() == {}, caller.answers
        print(f"[two replicas] stopped {sorted(stopped)}; events published {published}, "
              f"duplicates suppressed (first replica's workers) {figures.duplicates_suppressed:g}; "
              f"burst answers {dict(caller.answers)}; flow answers {figures.answers} (503: {figures.answers_503}); "
              f"job runs {runs}; restarts: {suite.printed().count('restarted')}; "
              f"of {BOOKINGS} bookings the first replica served {first_replica}")
    finally:
        if flow is not None:
            await flow.close()
        if caller is not None:
            await caller.close()
        suite.stop()
        await bus.remove()
