"""Benchmark: debits on distinct cards through the real app (goal >= 1,000/s).

    python bench/cards/bench_debits.py [--cards 5000] [--concurrency 32] [--workers 1] [--baseline <git revision>]
    (database bench_cards_perf, see benchdb.py; BENCH_PORT_OFFSET moves the port, default 7000)

Prepares `--cards` activated cards through the service layer, starts the cards app under uvicorn (uvloop,
httptools; `--workers` processes) and sends one `POST /internal/cards/debits` per card over HTTP keep-alive
with a service token, `--concurrency` at a time. Counts only 201 answers (a dropped connection is retried
with the same order_ref and shown as -1 in the answers), then checks the ledger: one entry per card, every
balance right.

`--baseline REV` also starts the cards app as it was at REV (its package and `shared`, taken with `git archive`
into a temporary folder put first on PYTHONPATH) on the same database, and sends the cards in four slices,
alternating between the current app and the baseline so both meet the same machine load; it prints the app CPU
per debit of each and the change. Issue 15 compares against the revision before the response models
(`6c7b3c1^` for cards).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchdb import configure, fresh_database, load_average
from preparing import ACTOR, requested_activation

# cards on 8102 + 7000 = 15102, away from the suite and the other benchmarks
PORT_OFFSET = int(os.environ.get("BENCH_PORT_OFFSET", "7000"))
REPO = Path(__file__).resolve().parents[2]


async def prepare(quantity: int) -> tuple[int, int]:
    from cards.activations.jobs import auto_activate
    from cards.activations.service import review_activation
    from cards.settings import CardsSettings
    from shared.db import Database
    from shared.identity import DataScope

    settings = CardsSettings()
    db = Database(settings.database_url, pool_size=2)
    try:
        made, activation = await requested_activation(db, settings, quantity, auto_activate_days=0)
        async with db.sessions() as session:
            await review_activation(session, activation.id, True, "", ACTOR, DataScope(all=True))
            await session.commit()
        await auto_activate(db, datetime.now(UTC) + timedelta(seconds=1))
    finally:
        await db.dispose()
    return made.seq_start, made.seq_end


async def wait_ready(url: str) -> None:
    import httpx

    async with httpx.AsyncClient() as client:
        for _ in range(200):
            try:
                if (await client.get(f"{url}/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the cards app did not start")


class RawHttpClient:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: the load generator should cost little CPU,
    so the figure measures the app (httpx spent about as much CPU per request as the app itself)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post_json(self, path: str, body: bytes, authorization: str) -> int:
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: {authorization}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        self.writer.write(head + body)
        status_line = await self.reader.readline()
        if not status_line:
            self.writer = None
            raise ConnectionError("connection closed")
        length = 0
        keep_alive = True
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                keep_alive = False
        await self.reader.readexactly(length)
        if not keep_alive:
            self.writer.close()
            self.writer = None
        return int(status_line.split()[1])


async def fire(port: int, first: int, last: int, concurrency: int) -> tuple[float, dict[int, int]]:
    from shared.identity import sign_service_token
    from shared.settings import SuiteSettings

    secret = SuiteSettings().service_secret
    token = {"value": sign_service_token("health", "cards", secret), "at": time.monotonic()}

    def authorization() -> str:
        if time.monotonic() - token["at"] > 30:  # tokens live 60 s
            token.update(value=sign_service_token("health", "cards", secret), at=time.monotonic())
        return f"Bearer {token['value']}"

    queue: asyncio.Queue[int] = asyncio.Queue()
    for card_id in range(first, last + 1):
        queue.put_nowait(card_id)
    codes: dict[int, int] = {}

    async def worker() -> None:
        client = RawHttpClient("127.0.0.1", port)
        while not queue.empty():
            card_id = queue.get_nowait()
            body = json.dumps({"card_id": card_id, "amount": "120.00", "order_ref": f"health:BENCH{card_id}",
                               "context": "health"}).encode()
            for _ in range(3):
                try:
                    status = await client.post_json("/internal/cards/debits", body, authorization())
                    break
                except (ConnectionError, OSError, asyncio.IncompleteReadError):
                    # A dropped connection: the same order_ref again is safe (the API is idempotent).
                    client.writer = None
                    codes[-1] = codes.get(-1, 0) + 1
            else:
                continue
            codes[status] = codes.get(status, 0) + 1
        if client.writer is not None:
            client.writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, codes


async def check_ledger(first: int, last: int) -> tuple[int, int]:
    import asyncpg

    from cards.settings import CardsSettings
    from shared.settings import asyncpg_dsn

    conn = await asyncpg.connect(asyncpg_dsn(CardsSettings().database_url))
    try:
        entries = await conn.fetchval("SELECT count(*) FROM ledger_entries WHERE kind = 'debit'")
        # A debited card holds 1000 + 50 - 120; an untouched one (its request failed) still 1000 + 50.
        wrong = await conn.fetchval(
            "SELECT count(*) FROM cards c WHERE c.id BETWEEN $1 AND $2 AND NOT ("
            " (c.balance = 930 AND c.red_packet_balance = 0 AND EXISTS (SELECT 1 FROM ledger_entries e"
            "   WHERE e.card_id = c.id AND e.kind = 'debit'))"
            " OR (c.balance = 1000 AND c.red_packet_balance = 50 AND NOT EXISTS (SELECT 1 FROM ledger_entries e"
            "   WHERE e.card_id = c.id AND e.kind = 'debit')))",
            first, last)
    finally:
        await conn.close()
    return entries, wrong


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children (the uvicorn workers), from /proc."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def start_app(port: int, workers: int, concurrency: int, code: Path | None = None) -> subprocess.Popen[bytes]:
    """The cards app under uvicorn; `code` is a folder holding older `shared` and `services/cards` to run instead."""
    # Pool size + overflow per worker stays within the concurrency: PostgreSQL's connections are shared.
    env = {**os.environ, "CARDS_DB_POOL_SIZE": str(max(concurrency // (2 * workers), 4))}
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join((str(code), str(code / "services" / "cards")))
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "cards.main:create_app", "--factory", "--host", "127.0.0.1", "--port",
         str(port), "--workers", str(workers), "--loop", "uvloop", "--http", "httptools", "--no-access-log",
         "--log-level", "warning", "--timeout-keep-alive", "60"],
        env=env, cwd=code or REPO,
    )


def extract(revision: str, into: Path) -> Path:
    """`shared/` and `services/cards/` as they were at `revision`."""
    archive = subprocess.run(["git", "archive", revision, "shared", "services/cards"], cwd=REPO, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "var").symlink_to(REPO / "var")  # the same identity keys, found beside the code
    return into


def main() -> None:
    configure()
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--baseline", metavar="REV", help="also measure the cards app as it was at this revision")
    args = parser.parse_args()
    os.environ["SUITE_PORT_OFFSET"] = str(PORT_OFFSET)
    fresh_database()
    before = load_average()
    first, last = asyncio.run(prepare(args.cards))
    port = 8102 + PORT_OFFSET
    servers = {"current": (start_app(port, args.workers, args.concurrency), port)}
    workdir = tempfile.TemporaryDirectory(prefix="bench_debits_baseline_")
    if args.baseline:
        code = extract(args.baseline, Path(workdir.name))
        servers["baseline"] = (start_app(port + 50, args.workers, args.concurrency, code), port + 50)
    # Contiguous slices of the cards, sent to the current app and the baseline in turn.
    turns = list(servers) * 2
    size = -(-(last - first + 1) // len(turns))
    cpu = dict.fromkeys(servers, 0.0)
    answers: dict[str, dict[int, int]] = {name: {} for name in servers}
    seconds = 0.0
    try:
        for _, url_port in servers.values():
            asyncio.run(wait_ready(f"http://127.0.0.1:{url_port}"))
        client_cpu = time.process_time()
        for turn, name in enumerate(turns):
            server, server_port = servers[name]
            low = first + turn * size
            high = min(low + size - 1, last)
            server_cpu = process_cpu_seconds(server.pid)
            took, codes = asyncio.run(fire(server_port, low, high, args.concurrency))
            cpu[name] += process_cpu_seconds(server.pid) - server_cpu
            seconds += took
            for code_, n in codes.items():
                answers[name][code_] = answers[name].get(code_, 0) + n
        client_cpu = time.process_time() - client_cpu
    finally:
        for server, _ in servers.values():
            server.terminate()
        for server, _ in servers.values():
            server.wait(timeout=30)
        workdir.cleanup()
    entries, wrong = asyncio.run(check_ledger(first, last))
    ok = sum(codes.get(201, 0) for codes in answers.values())
    print(f"debits on distinct cards: {ok:,} x 201 in {seconds:.2f} s = {ok / seconds:,.0f}/s  goal >= 1,000/s")
    print(f"  via uvicorn ({args.workers} worker(s), uvloop, httptools), HTTP/1.1 keep-alive, concurrency "
          f"{args.concurrency}; all answers: {answers}")
    print(f"  ledger check: {entries:,} debit entries for {ok:,} answers 201; {wrong} cards whose balance and "
          "entries disagree")
    answered = {name: sum(n for code_, n in codes.items() if code_ > 0) for name, codes in answers.items()}
    app_ms = {name: cpu[name] / max(answered[name], 1) * 1000 for name in servers}
    client_ms = client_cpu / max(sum(answered.values()), 1) * 1000
    print(f"  CPU per request: app {app_ms['current']:.2f} ms, load client {client_ms:.2f} ms (PostgreSQL not counted)")
    if args.baseline:
        print(f"  baseline at {args.baseline}: app {app_ms['baseline']:.2f} ms per debit; current "
              f"{(app_ms['current'] / app_ms['baseline'] - 1) * 100:+.1f} % (goal: at most +5 %)")
    print(f"  before: {before}; after: {load_average()}")


if __name__ == "__main__":
    main()
