"""What the two-replica test and bench/replicas need: the suite at N replicas of every part, a client that
spreads over the gateway replicas as a load balancer would, the pids of one replica, and the checks that
every event was applied once and every scheduled job ran once.

- `ReplicatedSuite` is drillkit's SupervisedSuite running `scripts/suite.py --replicas N` on every part.
- `GatewayReplicas` is an httpx transport: each request goes to the next gateway replica; one that refuses
  the connection (stopped) is skipped, which is safe because the request never left.
- `GatewayFlow` is drillkit's BusinessFlow (the e2e story) through the gateway, logged in as the admin.
- `Caller` sends a write with an Idempotency-Key and retries a 503 after its Retry-After, as a client should;
  every answer is recorded.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from drillkit import BusinessFlow, SupervisedSuite

from shared.bus.subscriptions import SUBSCRIPTIONS
from shared.bus.topology import delete_topology
from shared.identity import Identity
from shared.settings import DEFAULT_PORTS, SuiteSettings, asyncpg_dsn

ALL_PARTS = tuple(DEFAULT_PORTS)
ADMIN_LOGIN = {"username": "admin", "password": "admin123"}  # gateway demo data


class OwnBus:
    """A broker prefix of the suite's own, so no message an earlier test left in the run's queues reaches it;
    `remove()` deletes its queues and exchange afterwards."""

    def __init__(self) -> None:
        self.prefix = f"rep{uuid.uuid4().hex[:8]}."
        self.env = {"SUITE_BUS_PREFIX": self.prefix}

    async def remove(self) -> None:
        await delete_topology(SuiteSettings().amqp_url, self.prefix)


def small_pools(replicas: int) -> dict[str, str]:
    """Pool sizes that keep every process of the replicated suite within PostgreSQL's default max_connections
    (100), with room for the test itself: 7 parts x `replicas` x (API + worker) x 3 connections, no overflow.
    At their own defaults (10 to 20 per process, with as many again in overflow) two replicas of everything
    asked for more than 100 and cards refused a debit with "too many clients" (docs/runbook.md, "Scale")."""
    per_process = max(1, 84 // (len(ALL_PARTS) * replicas * 2))
    return {name: value for part in ALL_PARTS for name, value in (
        (f"{part.upper()}_DB_POOL_SIZE", str(per_process)), (f"{part.upper()}_DB_MAX_OVERFLOW", "0"))}


class ReplicatedSuite(SupervisedSuite):
    """scripts/suite.py --replicas N, every part (API + worker each), no demo data (the test seeds its own), on a
    broker prefix of its own."""

    def __init__(self, log_dir: Path, replicas: int, bus: OwnBus) -> None:
        super().__init__(log_dir, env={**bus.env, **small_pools(replicas)}, parts=ALL_PARTS,
                         options=("--replicas", str(replicas)))
        self.replicas = replicas

    def gateway_ports(self) -> list[int]:
        return [self.suite.replica_port("gateway", k) for k in range(self.replicas)]

    def replica_pids(self, replica: int) -> dict[str, int]:
        """{"<part>-api" / "<part>-worker": pid} of one replica (1 or more: replica 0 has no port variable)."""
        assert replica >= 1
        wanted: dict[str, int] = {}
        processes = list(self.processes())
        for part in ALL_PARTS:
            port_variable = f"{part.upper()}_PORT={self.suite.replica_port(part, replica)}".encode()
            for pid, cmdline, environ in processes:
                if port_variable not in environ:
                    continue
                if b"uvicorn" in cmdline:
                    wanted[f"{part}-api"] = pid
                elif f"{part}.worker".encode() in cmdline:
                    wanted[f"{part}-worker"] = pid
        assert len(wanted) == 2 * len(ALL_PARTS), wanted
        return wanted

    def stop_replica(self, replica: int, api_signal: signal.Signals, worker_signal: signal.Signals) -> dict[str, int]:
        """Stops one replica of every part: its APIs with `api_signal`, its workers with `worker_signal`."""
        pids = self.replica_pids(replica)
        for name, pid in pids.items():
            os.kill(pid, api_signal if name.endswith("-api") else worker_signal)
        return pids


class GatewayReplicas(httpx.AsyncBaseTransport):
    """What a load balancer in front of the gateway replicas does: round-robin, skipping one that refuses the
    connection (the request never left), and `drain(port)` before a replica is stopped, as Kubernetes takes a
    terminating pod out of its Service's endpoints (a connection opened just as uvicorn stops would be closed
    unanswered). A connection per request, so a drained replica gets nothing new."""

    def __init__(self, ports: list[int], max_connections: int = 64) -> None:
        self.ports = list(ports)
        self._turn = itertools.count()
        self._transport = httpx.AsyncHTTPTransport(
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=0))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        start = next(self._turn)
        for attempt in range(len(self.ports)):
            request.url = request.url.copy_with(port=self.ports[(start + attempt) % len(self.ports)])
            try:
                return await self._transport.handle_async_request(request)
            except httpx.ConnectError:
                if attempt == len(self.ports) - 1:
                    raise
        raise AssertionError("unreachable")

    def drain(self, port: int) -> None:
        self.ports.remove(port)

    async def aclose(self) -> None:
        await self._transport.aclose()


async def login(base_url: str, transport: httpx.AsyncBaseTransport | None = None) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=base_url, transport=transport, timeout=30) as client:
        answer = await client.post("/api/auth/login", json=ADMIN_LOGIN)
        assert answer.status_code == 200, answer.text
        return {"authorization": f"Bearer {answer.json()['access_token']}"}


class GatewayFlow(BusinessFlow):
    """The e2e story through the gateway replicas, as the admin logged in there."""

    def __init__(self, suite: ReplicatedSuite, tag: str, admin_headers: dict[str, str],
                 balancer: GatewayReplicas) -> None:
        super().__init__(suite, tag, base_url=f"http://127.0.0.1:{suite.gateway_ports()[0]}", transport=balancer)
        self.admin_headers = admin_headers

    def headers(self, audience: str, identity: Identity) -> dict[str, str]:
        return self.admin_headers


class Caller:
    """Writes through the gateway replicas with an Idempotency-Key, each retried on 503 (Retry-After) with the
    same key; `answers` counts every answer by status, `errors` every transport error."""

    def __init__(self, suite: ReplicatedSuite, balancer: GatewayReplicas, concurrency: int = 16) -> None:
        self.client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{suite.gateway_ports()[0]}", timeout=60,
                                        transport=balancer)
        self.answers: Counter[int] = Counter()
        self.errors: list[str] = []
        self.slots = asyncio.Semaphore(concurrency)

    async def send(self, method: str, path: str, headers: dict[str, str], body: Any = None,
                   key: str | None = None) -> httpx.Response:
        headers = {**headers, "idempotency-key": key or uuid.uuid4().hex}
        async with self.slots:
            for _ in range(30):
                try:
                    response = await self.client.request(method, path, json=body, headers=headers)
                except httpx.TransportError as exc:  # a request lost on the way: what this test forbids
                    self.errors.append(f"{method} {exc.request.url}: {exc!r}")
                    raise
                self.answers[response.status_code] += 1
                if response.status_code != 503:
                    return response
                await asyncio.sleep(float(response.headers.get("retry-after", "1")))
        return response

    def server_errors(self) -> dict[int, int]:
        return {status: n for status, n in self.answers.items() if status >= 500 and status != 503}

    async def close(self) -> None:
        await self.client.aclose()


# ---------------------------------------------------------------- checks


async def fetch(part: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(asyncpg_dsn(SuiteSettings().database_url(part)))
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def _has_table(part: str, table: str) -> bool:
    rows = await fetch(part, "SELECT to_regclass($1) IS NOT NULL AS present", table)
    return bool(rows[0]["present"])


async def delivery_state() -> tuple[int, int, dict[str, int], dict[str, int]]:
    """(events published, still in an outbox, missing per consumer, applied but in no outbox per consumer),
    over every part."""
    expected: dict[str, set[Any]] = {consumer: set() for consumer in SUBSCRIPTIONS}
    # Written but not yet marked published: a relay marks a row after the broker confirmed it, so a consumer
    # may apply an event before its row says so (and a relay killed in between sends it again, deduplicated).
    in_flight: dict[str, set[Any]] = {consumer: set() for consumer in SUBSCRIPTIONS}
    published = unpublished = 0
    for producer in ALL_PARTS:
        if not await _has_table(producer, "outbox"):
            continue
        for row in await fetch(producer, "SELECT event_id, routing_key, published_at FROM outbox"):
            if row["published_at"] is None:
                unpublished += 1
            else:
                published += 1
            for consumer, keys in SUBSCRIPTIONS.items():
                if row["routing_key"] in keys:
                    (expected if row["published_at"] is not None else in_flight)[consumer].add(row["event_id"])
    missing: dict[str, int] = {}
    strays: dict[str, int] = {}
    for consumer, wanted in expected.items():
        applied = {r["event_id"] for r in await fetch(consumer, "SELECT event_id FROM inbox")}
        missing[consumer] = len(wanted - applied)
        strays[consumer] = len(applied - wanted - in_flight[consumer])
    return published, unpublished, missing, strays


async def every_event_applied_once(timeout: float) -> int:
    """Waits until every published event is in the inbox of every subscriber (the inbox key holds each once);
    answers how many events were published."""
    deadline = time.monotonic() + timeout
    while True:
        published, unpublished, missing, strays = await delivery_state()
        assert not any(strays.values()), f"applied events nobody published: {strays}"
        if not unpublished and not any(missing.values()):
            return published
        assert time.monotonic() < deadline, (
            f"not delivered within {timeout}s: unpublished {unpublished}, missing {missing}")
        await asyncio.sleep(0.5)


async def job_runs() -> dict[str, int]:
    """Every scheduled job of every part: how many times it has run."""
    runs: dict[str, int] = {}
    for part in ALL_PARTS:
        if await _has_table(part, "scheduled_jobs"):
            runs.update({r["name"]: r["runs"] for r in await fetch(part, "SELECT name, runs FROM scheduled_jobs")})
    return runs


async def make_jobs_due() -> float:
    """Every scheduled job of every part due now; answers when (time.time())."""
    now = time.time()
    for part in ALL_PARTS:
        if await _has_table(part, "scheduled_jobs"):
            conn = await asyncpg.connect(asyncpg_dsn(SuiteSettings().database_url(part)))
            try:
                await conn.execute("UPDATE scheduled_jobs SET next_due_at = now()")
            finally:
                await conn.close()
    return now


async def jobs_ran_since(since: float, timeout: float) -> dict[str, int]:
    """Waits until every job has finished a run that started after `since`; answers the runs per job."""
    deadline = time.monotonic() + timeout
    while True:
        pending = []
        for part in ALL_PARTS:
            if await _has_table(part, "scheduled_jobs"):
                pending += [r["name"] for r in await fetch(
                    part, "SELECT name FROM scheduled_jobs WHERE last_finished_at IS NULL"
                          " OR last_finished_at < to_timestamp($1) OR lease_owner IS NOT NULL", since)]
        if not pending:
            return await job_runs()
        assert time.monotonic() < deadline, f"jobs not run within {timeout}s: {pending}"
        await asyncio.sleep(0.5)
