"""What every fault drill needs: the supervised suite, the business flow, the checks and the figures.

- `SupervisedSuite` runs `scripts/suite.py --parts crm cards reports` (six real processes, restarted by the
  supervisor if they die) with this run's databases, ports and broker prefix, and environment overrides
  (the broker drill points them at a proxy it can cut).
- `BusinessFlow` is the story of tests/e2e over HTTP: customers, approved contracts with cards and payments
  in the CRM; some payments taken back and contracts voided. Every answer is recorded: a drill fails on any
  5xx other than 503.
- `settle` waits until every event published by crm and cards is in the inbox of every subscriber, then
  checks the effects happened exactly once (entitlements, report totals) and returns the drill's figures.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import httpx

from shared.bus.subscriptions import SUBSCRIPTIONS
from shared.events.gateway import StaffChanged
from shared.identity import Identity
from shared.settings import REPO_ROOT, SuiteSettings, asyncpg_dsn
from shared.testing import bearer, staff, truncate_all

PARTS = ("crm", "cards", "reports")
PRODUCERS = ("crm", "cards")
UP_TIMEOUT_S = 180
SETTLE_TIMEOUT_S = 90
CONTRACT_AMOUNT = Decimal("50000.00")
PAYMENT_AMOUNT = Decimal("20000.00")
CARDS_PER_CONTRACT = 40
SHANGHAI = ZoneInfo("Asia/Shanghai")


def database_url(part: str) -> str:
    return SuiteSettings().database_url(part)


async def reset_databases() -> None:
    """Empty crm, cards and reports test databases, with the CRM's staff directory holding the admin."""
    for part in PARTS:
        await truncate_all(database_url(part))
    from crm.staff.service import upsert_staff
    from shared.db import Database

    db = Database(database_url("crm"), pool_size=1)
    async with db.sessions() as session:
        await upsert_staff(session, StaffChanged(staff_id=1, username="admin", name="系统管理员", dept_id=1,
                                                 dept_name="公司"))
        await session.commit()
    await db.dispose()


class SupervisedSuite:
    """`scripts/suite.py` running some parts (API + worker each; crm, cards and reports by default) as a user's
    terminal would."""

    def __init__(self, log_dir: Path, env: dict[str, str] | None = None, parts: tuple[str, ...] = PARTS,
                 demo: bool = False, options: tuple[str, ...] = ()) -> None:
        """`options`: more of scripts/suite.py's options (tests/replicas: `--replicas 2`)."""
        self.parts, self.demo, self.options = parts, demo, options
        self.log_dir = log_dir
        self.output = log_dir / "start.out"
        self.marker = f"drill{uuid.uuid4().hex[:8]}"
        self.env = {**os.environ, "SUITE_LOG_DIR": str(log_dir), "SUITE_DRILL": self.marker,
                    "SUITE_LOG_LEVEL": "WARNING", **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None
        self.suite = SuiteSettings()

    def spawn(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with self.output.open("wb") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "scripts/suite.py", *([] if self.demo else ["--no-demo"]), *self.options,
                 "--parts", *self.parts],
                cwd=REPO_ROOT, env=self.env,
                stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)

    async def start(self) -> None:
        self.spawn()
        await self.wait_for_output("the suite is up", UP_TIMEOUT_S)

    def printed(self) -> str:
        return self.output.read_text(errors="replace")

    async def wait_for_output(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self.printed())
            if found:
                return found
            assert self.process is not None and self.process.poll() is None, self.printed()[-4000:]
            assert time.monotonic() < deadline, f"no {pattern!r} within {timeout}s:\n{self.printed()[-4000:]}"
            await asyncio.sleep(0.2)

    def processes(self) -> Iterator[tuple[int, list[bytes], list[bytes]]]:
        """(pid, command line, environment) of every live process of this suite."""
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmdline = (proc / "cmdline").read_bytes().split(b"\0")
                environ = (proc / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if f"SUITE_DRILL={self.marker}".encode() in environ:
                yield int(proc.name), cmdline, environ

    def pid_of(self, module: str) -> int:
        """The pid of this suite's process running `python -m <module>` (e.g. cards.worker)."""
        for pid, cmdline, _ in self.processes():
            if module.encode() in cmdline:
                return pid
        raise AssertionError(f"{module} is not running")

    def kill(self, module: str) -> int:
        pid = self.pid_of(module)
        os.kill(pid, signal.SIGKILL)
        return pid

    def url(self, part: str) -> str:
        return f"http://127.0.0.1:{self.suite.port(part)}"

    async def worker_metric(self, part: str, name: str) -> float:
        """A counter summed over its labels, scraped from the worker's Prometheus port."""
        async with httpx.AsyncClient(timeout=5) as client:
            text = (await client.get(f"http://127.0.0.1:{self.suite.port(part) + 1000}/metrics")).text
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                   if line.startswith(name + "{") or line.startswith(name + " "))

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=60)


@dataclass
class Answers:
    """Every HTTP answer the flow got, by status."""

    statuses: list[tuple[int, str]] = field(default_factory=list)

    async def record(self, response: httpx.Response) -> None:
        self.statuses.append((response.status_code, f"{response.request.method} {response.request.url.path}"))

    def server_errors(self) -> list[tuple[int, str]]:
        return [(status, what) for status, what in self.statuses if status >= 500 and status != 503]

    def count(self, status: int) -> int:
        return sum(1 for code, _ in self.statuses if code == status)


def admin() -> Identity:
    return staff(user_id=1, name="系统管理员", dept_id=1, superuser=True)


class BusinessFlow:
    """The e2e story, `deals` times, over HTTP. A 503 (the database really away) is retried after its
    Retry-After, as a client should; any other failure stops the drill."""

    def __init__(self, suite: SupervisedSuite, tag: str, base_url: str | None = None,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        """`base_url` and `transport`: the flow through the gateway instead (tests/replicas), with `headers`."""
        self.suite = suite
        self.tag = tag
        self.answers = Answers()
        self.contracts: list[int] = []
        self.voided: list[int] = []
        self.started = 0  # deals numbered so far (names and contract numbers stay unique across runs)
        self.crm = httpx.AsyncClient(base_url=base_url or suite.url("crm"), timeout=30, transport=transport,
                                     event_hooks={"response": [self.answers.record]})
        self.reports = httpx.AsyncClient(base_url=base_url or suite.url("reports"), timeout=30, transport=transport,
                                         event_hooks={"response": [self.answers.record]})

    def headers(self, audience: str, identity: Identity) -> dict[str, str]:
        """The credentials of a call: `identity` signed for the service called directly."""
        return bearer(identity, audience)

    async def close(self) -> None:
        await self.crm.aclose()
        await self.reports.aclose()

    async def call(self, method: str, path: str, expected: int, **kwargs: Any) -> dict[str, Any]:
        headers = self.headers("crm", admin())
        for _ in range(30):
            response = await self.crm.request(method, path, headers=headers, **kwargs)
            if response.status_code != 503:
                break
            await asyncio.sleep(float(response.headers.get("retry-after", "1")))
        assert response.status_code == expected, (method, path, response.status_code, response.text)
        return response.json() if response.content else {}

    async def deal(self, number: int) -> int:
        customer = await self.call("POST", "/api/crm/customers", 201, json={"name": f"{self.tag}单位{number}"})
        await self.call("POST", f"/api/crm/customers/{customer['id']}/review", 200, json={"approved": True})
        contract = await self.call("POST", "/api/crm/contracts", 201, json={
            "customer_id": customer["id"], "name": f"{self.tag}合同{number}", "contract_no": f"HT-{self.tag}-{number}",
            "amount": str(CONTRACT_AMOUNT), "total_cards": CARDS_PER_CONTRACT, "card_type": "标准卡",
            "start_date": "2026-01-01", "end_date": "2026-12-31"})
        await self.call("POST", f"/api/crm/contracts/{contract['id']}/review", 200, json={"approved": True})
        await self.call("POST", "/api/crm/payments", 201, json={
            "contract_id": contract["id"], "amount": str(PAYMENT_AMOUNT), "method": "银行转账",
            "received_at": datetime.now(SHANGHAI).isoformat()})
        self.contracts.append(contract["id"])
        return int(contract["id"])

    async def cancel(self, contract_id: int) -> None:
        """The customer cancels: its payments are taken back, then the contract voided."""
        payments = await self.call("GET", "/api/crm/payments", 200, params={"contract_id": contract_id})
        for payment in payments["data_list"]:
            await self.call("DELETE", f"/api/crm/payments/{payment['id']}", 204)
        await self.call("POST", f"/api/crm/contracts/{contract_id}/void", 200, json={"reason": "客户取消"})
        self.voided.append(contract_id)

    async def run(self, deals: int, cancels: int, concurrency: int = 2) -> None:
        numbers = iter(range(self.started, self.started + deals))
        self.started += deals

        async def lane() -> None:
            for number in numbers:
                await self.deal(number)

        await asyncio.gather(*(lane() for _ in range(concurrency)))
        for contract_id in self.contracts[:cancels]:
            await self.cancel(contract_id)

    async def sales_totals(self) -> dict[str, Any]:
        today = datetime.now(SHANGHAI).date()
        window = {"date_from": str(today - timedelta(days=1)), "date_to": str(today + timedelta(days=1)),
                  "granularity": "all"}
        response = await self.reports.get("/api/reports/sales", params=window,
                                          headers=self.headers("reports", staff("reports:sales:list")))
        assert response.status_code == 200, response.text
        return dict(response.json()["totals"])


@dataclass
class Figures:
    published: int
    applied: int
    duplicates_suppressed: float
    recovered_s: float
    answers: int
    answers_503: int

    def report(self, drill: str) -> str:
        return (f"[drill {drill}] events published {self.published}, applied {self.applied}, "
                f"duplicates suppressed {self.duplicates_suppressed:g}, time to recover {self.recovered_s:.1f}s, "
                f"HTTP answers {self.answers} (503: {self.answers_503}, other 5xx: 0)")


async def _fetch(part: str, sql: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(asyncpg_dsn(database_url(part)))
    try:
        return list(await conn.fetch(sql))
    finally:
        await conn.close()


async def _delivery_state() -> tuple[int, dict[str, set[Any]], dict[str, set[Any]], int]:
    """(published count, expected event ids per consumer, applied event ids per consumer, unpublished)."""
    expected: dict[str, set[Any]] = {part: set() for part in SUBSCRIPTIONS if part in PARTS}
    published = unpublished = 0
    for producer in PRODUCERS:
        for row in await _fetch(producer, "SELECT event_id, routing_key, published_at FROM outbox"):
            if row["published_at"] is None:
                unpublished += 1
                continue
            published += 1
            for consumer in expected:
                if row["routing_key"] in SUBSCRIPTIONS[consumer]:
                    expected[consumer].add(row["event_id"])
    applied = {consumer: {r["event_id"] for r in await _fetch(consumer, "SELECT event_id FROM inbox")}
               for consumer in expected}
    return published, expected, applied, unpublished


async def settle(flow: BusinessFlow, since: float) -> Figures:
    """Waits for every event to reach every subscriber, checks each effect happened once, returns the figures.
    `since` is when the fault ended (time.monotonic()): the time to recover is from then to all delivered."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while True:
        published, expected, applied, unpublished = await _delivery_state()
        missing = {consumer: len(expected[consumer] - applied[consumer]) for consumer in expected}
        if not unpublished and not any(missing.values()):
            break
        assert time.monotonic() < deadline, (
            f"not delivered within {SETTLE_TIMEOUT_S}s: unpublished {unpublished}, missing {missing}\n"
            f"{flow.suite.printed()[-3000:]}")
        await asyncio.sleep(0.25)
    recovered_s = max(0.0, time.monotonic() - since)
    # Each inbox holds only events that were published (nothing invented, nothing applied twice: the inbox key).
    for consumer in expected:
        assert applied[consumer] <= expected[consumer], consumer

    entitlements = await _fetch("cards", "SELECT contract_id, total_cards, voided_at FROM entitlements")
    assert sorted(r["contract_id"] for r in entitlements) == sorted(flow.contracts), "one entitlement per contract"
    assert all(r["total_cards"] == CARDS_PER_CONTRACT for r in entitlements)
    assert sorted(r["contract_id"] for r in entitlements if r["voided_at"] is not None) == sorted(flow.voided)

    live = len(flow.contracts) - len(flow.voided)
    totals: dict[str, Any] = {}
    for _ in range(40):  # the report reads its projection: the last events may still be in its batch
        totals = await flow.sales_totals()
        if totals["contract_count"] == live:
            break
        await asyncio.sleep(0.25)
    assert totals["contract_count"] == live, totals
    assert Decimal(totals["contract_amount"]) == CONTRACT_AMOUNT * live, totals
    assert Decimal(totals["payment_amount"]) == PAYMENT_AMOUNT * live, totals
    assert totals["payment_count"] == live, totals

    assert flow.answers.server_errors() == [], flow.answers.server_errors()
    duplicates = 0.0
    for part in PARTS:
        duplicates += await flow.suite.worker_metric(part, "bus_events_duplicate_total")
    return Figures(published=published, applied=sum(len(ids) for ids in applied.values()),
                   duplicates_suppressed=duplicates, recovered_s=recovered_s, answers=len(flow.answers.statuses),
                   answers_503=flow.answers.count(503))

