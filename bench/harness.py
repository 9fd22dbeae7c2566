"""The harness the request benchmarks share (bench/health, bench/mall, bench/escort): names, fresh databases,
the processes under test, a load loop, CPU per operation of each process, percentiles, seeded members and cards.

Run a bench from the repository root as a module, so `bench.harness` imports without a path trick:

    python -m bench.mall.run --orders 1000

API (everything a bench needs; nothing here knows a particular route):

- `use_names(db_prefix, port_offset, redis_db)`: call before any `SuiteSettings()`. The bench's own names,
  unless the caller exported `SUITE_DB_PREFIX` / `SUITE_PORT_OFFSET` / `SUITE_REDIS_URL` (engineers sharing a
  machine): then the exported prefix is prepended (`d1_` + `benchmall_`) and the exported offset and Redis win.
  Returns the `SuiteSettings`.
- `fresh_databases(parts)`: check the backing services, make the keys, drop, create and migrate the parts' databases.
- `Processes(suite, apps, wrap=None)`: async context manager that starts `uvicorn <app> --factory` per part
  (`wrap(part, uvicorn_argv)` answers the argv after `python` instead: `profiled(...)` runs it under cProfile,
  `sampled(...)` under bench/sampled_server.py), waits for /healthz and stops them with SIGINT on exit.
  `.pids` maps part -> pid; `.url(part)` is its base URL.
- `CpuMeter(pids)`: `.start()` then `.stop(count)` -> {process: CPU ms per operation}, PostgreSQL included
  (every `postgres*` process; backends that exited meanwhile are not counted). `cpu_line(ms)` formats it.
- `run_load(base, plan, concurrency, method="POST", timeout=60)`: each plan item is
  `{"path", "body", "headers"}`; answers a `Load` (elapsed, sorted latencies, statuses, first body of each
  unexpected status). `Load.line(name)`, `Load.latency_line()`, `Load.ok(status)`.
- `percentile(sorted_values, share)`.
- `register_members(base, count, phone_prefix)`: members registered through the gateway -> [(id, headers)];
  `member_tokens(count, audience, phone_prefix)`: identity tokens signed locally, for a bench that calls a
  service directly.
- `seed_cards(suite, owners, balance)`: one activated, charged card per owner (cards model) -> card numbers.
- `scrape(url)` and `server_mean(metrics_text, route)`: a route's mean server time from /metrics.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx

from shared.upstream import UpstreamPool

if TYPE_CHECKING:
    from shared.settings import SuiteSettings

REPO = Path(__file__).resolve().parents[1]
UNEXPECTED = {400, 401, 403, 404, 422}


# ---------------------------------------------------------------- names and databases


def use_names(db_prefix: str, port_offset: int, redis_db: int) -> SuiteSettings:
    """Sets the SUITE_* names of this bench run (an exported prefix, offset or Redis URL wins) and answers them."""
    exported_prefix = os.environ.get("SUITE_DB_PREFIX", "")
    prefix = f"{exported_prefix}{db_prefix}" if exported_prefix != db_prefix else db_prefix
    os.environ.update({
        "SUITE_DB_PREFIX": prefix,
        "SUITE_BUS_PREFIX": prefix.rstrip("_") + ".",
        "SUITE_PORT_OFFSET": os.environ.get("SUITE_PORT_OFFSET", str(port_offset)),
        "SUITE_REDIS_URL": os.environ.get("SUITE_REDIS_URL", f"redis://127.0.0.1:6379/{redis_db}"),
        "SUITE_LOG_LEVEL": "WARNING",
        "SUITE_ENV": "bench",
    })
    from shared.settings import SuiteSettings

    return SuiteSettings()


def admin(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "shared.admin", *args], check=True, env=os.environ.copy(), cwd=REPO)


def fresh_databases(parts: Sequence[str]) -> None:
    admin("check-services")
    admin("ensure-keys")
    admin("drop-databases", *parts)
    admin("create-databases", *parts)
    admin("migrate", *parts)


# ---------------------------------------------------------------- processes


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


class Processes:
    """The parts under test, each one uvicorn process (uvloop, httptools, no access log)."""

    def __init__(self, suite: SuiteSettings, apps: Mapping[str, str],
                 wrap: Callable[[str, list[str]], list[str]] | None = None) -> None:
        self.suite, self.apps, self.wrap = suite, dict(apps), wrap
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def url(self, part: str) -> str:
        return f"http://127.0.0.1:{self.suite.port(part)}"

    @property
    def pids(self) -> dict[str, int]:
        return {part: process.pid for part, process in self.running.items()}

    def _command(self, part: str) -> list[str]:
        uvicorn = ["-m", "uvicorn", self.apps[part], "--factory", "--host", "127.0.0.1", "--port",
                   str(self.suite.port(part)), "--log-level", "warning", "--no-access-log", "--loop", "uvloop",
                   "--http", "httptools"]
        return [sys.executable, *(self.wrap(part, uvicorn) if self.wrap else uvicorn)]

    async def __aenter__(self) -> Processes:
        for part in self.apps:  # starting a process does not wait for it: nothing else runs on this loop yet
            self.running[part] = subprocess.Popen(  # noqa: ASYNC220
                self._command(part), env=os.environ.copy(), cwd=REPO, stdout=subprocess.DEVNULL)
        try:
            for part in self.apps:
                await wait_ready(self.url(part))
        except BaseException:
            self.stop()
            raise
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        self.stop()

    def stop(self) -> None:
        for process in self.running.values():
            process.send_signal(signal.SIGINT)
        for process in self.running.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def profiled(part: str, uvicorn: list[str], target: str, out: Path) -> list[str]:
    """`wrap` helper: the target part under cProfile (writes `out` when it stops)."""
    return ["-m", "cProfile", "-o", str(out), *uvicorn] if part == target else uvicorn


def sampled(part: str, uvicorn: list[str], suite: SuiteSettings, target: str, app: str, out: Path,
            function: str) -> list[str]:
    """`wrap` helper: the target part under the 1 ms sampling profiler, counting samples inside `function`."""
    if part != target:
        return uvicorn
    return [str(REPO / "bench" / "sampled_server.py"), app, str(suite.port(part)), str(out), function]


# ---------------------------------------------------------------- CPU


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


@dataclass
class CpuMeter:
    """CPU seconds of each process (and all of PostgreSQL) between start() and stop(), per operation."""

    pids: Mapping[str, int]
    before: dict[str, float] = field(default_factory=dict)

    def _read(self) -> dict[str, float]:
        return {part: cpu_seconds(pid) for part, pid in self.pids.items()} | {"postgres": postgres_cpu()}

    def start(self) -> None:
        self.before = self._read()

    def stop(self, operations: int) -> dict[str, float]:
        after = self._read()
        return {name: (after[name] - self.before[name]) / max(operations, 1) * 1000 for name in after}


def cpu_line(per_operation_ms: Mapping[str, float], unit: str) -> str:
    parts = "  ".join(f"{name} {ms:.2f}" for name, ms in per_operation_ms.items())
    total = sum(per_operation_ms.values())
    return f"CPU per {unit} (ms; postgres counts live backends only):  {parts}  (sum {total:.2f})"


# ---------------------------------------------------------------- load


def percentile(values: Sequence[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))] if values else 0.0


@dataclass
class Load:
    elapsed: float
    latencies: list[float]
    statuses: dict[int, int]
    first_bodies: dict[int, str]
    client_cpu: float = 0.0  # CPU seconds of this bench process while it sent the load: it shares the cores

    def client_line(self, unit: str, status: int = 201) -> str:
        per = self.client_cpu / max(self.ok(status), 1) * 1000
        return f"bench client CPU per {unit}: {per:.2f} ms (same cores as the suite, not in the sum above)"

    def ok(self, status: int = 201) -> int:
        return self.statuses.get(status, 0)

    def line(self, unit: str, status: int = 201) -> str:
        rate = self.ok(status) / self.elapsed if self.elapsed else 0.0
        answers = len(self.latencies) / self.elapsed if self.elapsed else 0.0
        return f"elapsed: {self.elapsed:.2f}s  ->  {rate:.1f} {unit}/s, {answers:.1f} answers/s"

    def latency_line(self) -> str:
        lat = self.latencies
        return (f"latency ms: p50 {percentile(lat, .5) * 1000:.1f}  p95 {percentile(lat, .95) * 1000:.1f}"
                f"  p99 {percentile(lat, .99) * 1000:.1f}")


async def run_load(base: str, plan: Sequence[dict[str, Any]], concurrency: int, method: str = "POST",
                   timeout: float = 60) -> Load:
    """Sends the plan with `concurrency` requests in flight; the first body of an unexpected status is kept."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    bodies: dict[int, str] = {}
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    # The suite's own lean client (shared/upstream.py), not httpx: at 48 requests in flight httpx's pool cost the
    # bench ~5 ms of CPU per request on the same two cores as the suite it measures (the lean one: ~1 ms).
    pool = UpstreamPool(base, connect_timeout=10, read_timeout=timeout, max_connections=concurrency)
    try:

        async def worker() -> None:
            while not queue.empty():
                item = queue.get_nowait()
                headers = [(b"content-type", b"application/json"),
                           *((k.encode(), v.encode()) for k, v in (item.get("headers") or {}).items())]
                body = json.dumps(item["body"]).encode() if item.get("body") is not None else None
                began = time.perf_counter()
                response = await pool.request(method, item["path"].encode(), headers, body)
                text = await response.read()
                latencies.append(time.perf_counter() - began)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if response.status >= 500 or response.status in UNEXPECTED:
                    bodies.setdefault(response.status, text[:300].decode(errors="replace"))

        began, cpu_began = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed, client_cpu = time.perf_counter() - began, time.process_time() - cpu_began
    finally:
        await pool.aclose()
    for status, body in bodies.items():  # an unexpected answer is shown, not just counted
        print(f"  first {status}: {body}")
    return Load(elapsed, sorted(latencies), statuses, bodies, client_cpu)


# ---------------------------------------------------------------- members and cards


async def register_members(base: str, count: int, phone_prefix: str) -> list[tuple[int, dict[str, str]]]:
    """Registers members through the gateway (register answers tokens) and reads their ids from /me."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        semaphore = asyncio.Semaphore(8)

        async def one(index: int) -> tuple[int, dict[str, str]]:
            async with semaphore:
                r = await client.post("/app/auth/register", json={
                    "phone": f"{phone_prefix}{index:08d}", "password": "bench-pass-123", "name": f"压测{index}"})
                r.raise_for_status()
                headers = {"authorization": f"Bearer {r.json()['access_token']}"}
                me = await client.get("/app/auth/me", headers=headers)
                me.raise_for_status()
                return int(me.json()["id"]), headers

        return list(await asyncio.gather(*(one(i) for i in range(count))))


def member_tokens(count: int, audience: str, phone_prefix: str) -> list[tuple[int, dict[str, str]]]:
    """Identity tokens signed here (members 1..count), for a bench that calls a service without the gateway."""
    from shared.identity import IDENTITY_TTL_SECONDS, Identity, sign_identity
    from shared.settings import SuiteSettings

    suite = SuiteSettings()
    members = []
    for index in range(count):
        identity = Identity(kind="member", id=index + 1, name=f"压测{index}", username=f"{phone_prefix}{index:08d}")
        token = sign_identity(identity, audience, suite.private_key_pem, ttl=IDENTITY_TTL_SECONDS * 60)
        members.append((index + 1, {"authorization": f"Bearer {token}"}))
    return members


async def seed_cards(suite: SuiteSettings, owners: Sequence[int], balance: Decimal = Decimal("5000.00")) -> list[str]:
    """One activated, charged card per owner, bound to that member (written with the cards model)."""
    from cards.cards.models import Card
    from cards.numbers import FIRST_SEQ, card_no
    from shared.db import Database

    db = Database(suite.database_url("cards"), pool_size=1)
    now = datetime.now(UTC)
    rows = [{
        "id": FIRST_SEQ + 1 + i, "card_no": card_no(FIRST_SEQ + 1 + i), "making_batch_id": 1, "status": "activated",
        "use_status": "charged", "face_value": balance, "balance": balance,
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


# ---------------------------------------------------------------- server-side figures


async def scrape(url: str) -> str:
    async with httpx.AsyncClient() as client:
        return (await client.get(f"{url}/metrics")).text


def server_mean(metrics_text: str, route: str) -> tuple[float, int]:
    """Mean request time of `route` from a Prometheus text page (http_request_duration_seconds), and its count."""
    def value(suffix: str) -> float:
        pattern = rf'http_request_duration_seconds_{suffix}\{{[^}}]*route="{re.escape(route)}"[^}}]*\}} ([0-9.e+-]+)'
        return sum(float(m) for m in re.findall(pattern, metrics_text))

    count = value("count")
    return (value("sum") / count if count else 0.0), int(count)
