"""How a caller spreads requests over the replicas of a service, against real local HTTP servers: the gateway's
proxy pool (shared/upstream.py) and the services' internal client (shared/internal.py), which uses that pool.

- round-robin: every replica gets its share;
- a replica that cannot be reached (nothing listens, or it was stopped) costs no request: the next one answers;
- a request a replica received and then dropped without answering is sent again only if it is safe (GET);
  a POST is never sent twice, and a read timeout is never retried.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import uvicorn

from shared import upstream
from shared.internal import NOT_SENT, InternalClient
from shared.problems import Problem
from shared.settings import SuiteSettings
from shared.testing import wait_for
from shared.upstream import UpstreamPool, UpstreamTimeout, UpstreamUnavailable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Replica:
    """A replica as uvicorn serves it: answers {"replica": name}, `/slow` after a second; records every request."""

    def __init__(self, name: str, seen: list[tuple[str, str, str]]) -> None:
        self.name, self.seen = name, seen
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, lifespan="off",
                                                    interface="asgi3", log_level="warning", access_log=False))
        self.task: asyncio.Task[None] | None = None

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        self.seen.append((self.name, scope["method"], scope["path"]))
        if scope["path"] == "/slow":
            await asyncio.sleep(1.0)
        body = json.dumps({"replica": self.name}).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def start(self) -> None:
        self.task = asyncio.create_task(self.server.serve())
        server = self.server

        async def started() -> bool:
            return server.started

        await wait_for(started, timeout=10)

    async def stop(self) -> None:
        """A graceful stop (SIGTERM): in-flight requests finish, idle keep-alive connections are closed."""
        self.server.should_exit = True
        if self.task is not None:
            await self.task
            self.task = None


class DroppingReplica:
    """A replica that reads each request whole, then dies without answering (as one SIGKILLed mid-request)."""

    def __init__(self, name: str, seen: list[tuple[str, str, str]]) -> None:
        self.name, self.seen = name, seen
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: asyncio.Server | None = None

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        method, path = head.split(b" ", 2)[:2]
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                await reader.readexactly(int(line.split(b":", 1)[1]))
        self.seen.append((self.name, method.decode(), path.decode()))
        writer.close()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", self.port)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


@asynccontextmanager
async def replicas(*kinds: type[Replica] | type[DroppingReplica] | None
                   ) -> AsyncIterator[tuple[list[Any], list[tuple[str, str, str]]]]:
    """Started replicas named r0, r1...; None stands for a port nothing listens on."""
    seen: list[tuple[str, str, str]] = []
    started: list[Any] = []
    for number, kind in enumerate(kinds):
        if kind is None:
            started.append(type("Down", (), {"name": f"r{number}", "url": f"http://127.0.0.1:{free_port()}"})())
            continue
        replica = kind(f"r{number}", seen)
        await replica.start()
        started.append(replica)
    try:
        yield started, seen
    finally:
        for replica in started:
            if hasattr(replica, "stop"):
                await replica.stop()


def make_pool(urls: list[str], read_timeout: float = 5.0) -> UpstreamPool:
    return UpstreamPool(urls, connect_timeout=1.0, read_timeout=read_timeout)


async def send(pool: UpstreamPool, method: str, path: str, body: bytes | None = None) -> str:
    """One request through the pool; the name of the replica that answered."""

    async def chunks() -> AsyncIterator[bytes]:
        assert body is not None
        yield body

    response = await pool.request(method, path.encode(), [(b"content-type", b"application/json")],
                                  chunks() if body is not None else None,
                                  str(len(body)).encode() if body is not None else None)
    try:
        payload = b"".join([chunk async for chunk in response.body()])
    finally:
        await response.aclose()
    assert response.status == 200, payload
    return str(json.loads(payload)["replica"])


async def test_requests_go_round_robin_over_the_replicas() -> None:
    async with replicas(Replica, Replica, Replica) as (started, seen):
        pool = make_pool([r.url for r in started])
        try:
            answered = [await send(pool, "GET", f"/items/{n}") for n in range(30)]
            answered += await asyncio.gather(*(send(pool, "POST", "/items", b'{"a": 1}') for _ in range(30)))
        finally:
            await pool.aclose()
    assert Counter(answered) == {"r0": 20, "r1": 20, "r2": 20}
    assert len(seen) == 60  # each request reached exactly one replica


async def test_a_replica_nobody_listens_on_costs_no_request() -> None:
    async with replicas(Replica, None, Replica) as (started, seen):
        pool = make_pool([r.url for r in started])
        try:
            answered = [await send(pool, "POST", "/orders", b'{"n": %d}' % n) for n in range(20)]
            answered += await asyncio.gather(*(send(pool, "GET", "/orders") for _ in range(20)))
        finally:
            await pool.aclose()
    assert set(answered) == {"r0", "r2"} and len(answered) == 40
    assert len(seen) == 40 and Counter(method for _, method, _ in seen) == {"POST": 20, "GET": 20}


async def test_a_replica_that_refused_is_tried_last_for_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upstream, "DOWN_FOR_SECONDS", 3600.0)  # "a while" outlasts the test, however slow
    async with replicas(Replica, None, Replica) as (started, seen):
        pool = make_pool([r.url for r in started])
        attempts: Counter[str] = Counter()
        for replica in pool.replicas:  # count the connects each replica is asked for
            connect = replica.connect

            async def counted(connect: Any = connect, port: int = replica.port) -> Any:
                attempts[f"r{[r.port for r in pool.replicas].index(port)}"] += 1
                return await connect()

            replica.connect = counted  # type: ignore[method-assign]
        try:
            answered = [await send(pool, "GET", "/items") for _ in range(30)]
        finally:
            await pool.aclose()
    assert set(answered) == {"r0", "r2"} and len(seen) == 30
    assert attempts["r1"] == 1, attempts  # refused once, then left alone while down


async def test_every_replica_down_is_upstream_unavailable() -> None:
    async with replicas(None, None) as (started, _):
        pool = make_pool([r.url for r in started])
        with pytest.raises(UpstreamUnavailable):
            await send(pool, "POST", "/orders", b"{}")
        await pool.aclose()


async def test_a_stopped_replica_with_kept_alive_connections_costs_no_request() -> None:
    async with replicas(Replica, Replica) as (started, seen):
        pool = make_pool([r.url for r in started])
        try:
            # Idle keep-alive connections to both replicas, then one replica stops (closing them) and is gone.
            await asyncio.gather(*(send(pool, "GET", "/warm") for _ in range(8)))
            await started[0].stop()
            seen.clear()
            answered = [await send(pool, method, "/after", b"{}" if method == "POST" else None)
                        for method in ("GET", "POST") * 10]
        finally:
            await pool.aclose()
    assert set(answered) == {"r1"} and len(seen) == 20


async def test_a_dropped_get_is_sent_again_and_a_dropped_post_is_not() -> None:
    async with replicas(DroppingReplica, Replica) as (started, seen):
        pool = make_pool([r.url for r in started])
        try:
            # The GET reached r0, which died without answering: safe to ask r1.
            assert await send(pool, "GET", "/cards/1") == "r1"
            assert [(name, method) for name, method, _ in seen] == [("r0", "GET"), ("r1", "GET")]
        finally:
            await pool.aclose()
        seen.clear()
        pool = make_pool([r.url for r in started])  # its turn starts at r0 again
        try:
            # The POST reached r0 too: it may have been applied there, so it goes nowhere else.
            with pytest.raises(UpstreamUnavailable):
                await send(pool, "POST", "/debits", b'{"order_ref": "X1"}')
            assert [(name, method) for name, method, _ in seen] == [("r0", "POST")]
        finally:
            await pool.aclose()


async def test_a_read_timeout_is_never_retried() -> None:
    async with replicas(Replica, Replica) as (started, seen):
        pool = make_pool([r.url for r in started], read_timeout=0.2)
        try:
            for method in ("POST", "GET"):
                seen.clear()
                with pytest.raises(UpstreamTimeout):
                    await send(pool, method, "/slow", b"{}" if method == "POST" else None)
                await wait_for(lambda: asyncio.sleep(0, result=bool(seen)), timeout=5)
                assert len(seen) == 1, seen  # one replica got it, the other never did
        finally:
            await pool.aclose()


# ------------------------------------------------------------------ the services' internal client


def internal_client(urls: list[str]) -> InternalClient:
    suite = SuiteSettings(service_urls={"cards": ",".join(urls)})
    return InternalClient("health", "cards", suite, timeout=0.5)


async def test_internal_calls_spread_and_skip_a_replica_that_is_down() -> None:
    async with replicas(Replica, None, Replica) as (started, seen):
        client = internal_client([r.url for r in started])
        try:
            answers = [await client.post("/internal/cards/debits", {"order_ref": f"O{n}"}) for n in range(12)]
        finally:
            await client.aclose()
    assert all(a.status_code == 200 for a in answers)
    # r1's turns fall to the replica after it: r0 answers 4, r2 answers 8.
    assert Counter(a.json()["replica"] for a in answers) == {"r0": 4, "r2": 8}
    assert len(seen) == 12


async def test_internal_call_dropped_once_goes_to_another_replica_a_timeout_does_not() -> None:
    # /internal routes are idempotent by contract (a debit by its order_ref), so a call dropped by a dying
    # replica is sent once more, to the next one.
    async with replicas(DroppingReplica, Replica) as (started, seen):
        client = internal_client([r.url for r in started])
        try:
            answer = await client.post("/internal/cards/debits", {"order_ref": "D1"})
            assert answer.json()["replica"] == "r1"
            assert [name for name, _, _ in seen] == ["r0", "r1"]
        finally:
            await client.aclose()
    async with replicas(Replica, Replica) as (started, seen):
        client = internal_client([r.url for r in started])
        try:
            with pytest.raises(Problem) as refused:
                await client.post("/slow", {"order_ref": "T1"})
            assert refused.value.status == 503 and isinstance(refused.value.__cause__, UpstreamTimeout)
            await asyncio.sleep(0.1)
            assert len(seen) == 1
        finally:
            await client.aclose()
    async with replicas(None, None) as (started, _):
        client = internal_client([r.url for r in started])
        with pytest.raises(Problem) as refused:
            await client.post("/internal/cards/debits", {"order_ref": "N1"})
        # Never sent anywhere: the ledger reads this cause as "certainly not debited".
        assert isinstance(refused.value.__cause__, NOT_SENT)
        await client.aclose()


async def test_an_internal_call_that_may_have_been_received_never_reads_as_not_sent() -> None:
    # Dropped by r0, then r1 is down: the cause stays the drop ("unknown"), never the refused connect
    # ("certainly not debited"), or the caller would release an order whose debit may exist.
    async with replicas(DroppingReplica, None) as (started, seen):
        client = internal_client([r.url for r in started])
        try:
            with pytest.raises(Problem) as failed:
                await client.post("/internal/cards/debits", {"order_ref": "U1"})
        finally:
            await client.aclose()
    assert not isinstance(failed.value.__cause__, NOT_SENT), failed.value.__cause__
    assert [name for name, _, _ in seen] == ["r0"]
    # Dropped by both: sent once more, not again and again.
    async with replicas(DroppingReplica, DroppingReplica, Replica) as (started, seen):
        client = internal_client([r.url for r in started])
        try:
            with pytest.raises(Problem):
                await client.post("/internal/cards/debits", {"order_ref": "U2"})
        finally:
            await client.aclose()
    assert [name for name, _, _ in seen] == ["r0", "r1"]
