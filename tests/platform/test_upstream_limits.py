"""The lean upstream client (shared/upstream.py) against real local sockets: its cap on open connections per
replica, and answers whose connection ends before their body does.

The servers here are plain asyncio servers, so a test can count the connections the server sees and cut an
answer wherever it likes.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from shared.upstream import UpstreamBusy, UpstreamNotReached, UpstreamPool, UpstreamTruncated

Answer = Callable[[bytes, asyncio.StreamWriter], Awaitable[bool]]  # request head -> keep the connection open?


class Server:
    """A keep-alive HTTP/1.1 server whose answers a test writes; counts the connections open at once."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.open = 0
        self.most_open = 0
        self.connections = 0
        self.server: asyncio.Server | None = None
        self.url = ""
        self.handlers: set[asyncio.Task[None]] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.handlers.add(task)
        task.add_done_callback(self.handlers.discard)
        self.open += 1
        self.connections += 1
        self.most_open = max(self.most_open, self.open)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
                    return
                if not await self.answer(head, writer):
                    return
        finally:
            self.open -= 1
            writer.close()

    async def __aenter__(self) -> Server:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0, family=socket.AF_INET)
        port = self.server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self.server is not None
        self.server.close()
        for task in list(self.handlers):  # Python 3.11's wait_closed does not wait for (or end) the handlers
            task.cancel()
        await asyncio.gather(*self.handlers, return_exceptions=True)
        await self.server.wait_closed()


@pytest.fixture
async def pools() -> AsyncIterator[Callable[..., UpstreamPool]]:
    made: list[UpstreamPool] = []

    def make(url: str, **kwargs: float) -> UpstreamPool:
        options = {"connect_timeout": 5.0, "read_timeout": 5.0, **kwargs}
        pool = UpstreamPool(url, connect_timeout=options.pop("connect_timeout"),
                            read_timeout=options.pop("read_timeout"), queue_timeout=options.pop("queue_timeout", None),
                            **{k: int(v) for k, v in options.items()})
        made.append(pool)
        return pool

    yield make
    for pool in made:
        await pool.aclose()


async def get(pool: UpstreamPool, path: bytes = b"/") -> tuple[int, bytes]:
    response = await pool.request("GET", path, [], None)
    return response.status, await response.read()


def ok(body: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)


def answering_after(delay: float, body: bytes | None = None) -> Callable[..., Awaitable[bool]]:
    """A server handler that answers `body` (default: the request's path) after `delay` seconds."""
    async def answer(head: bytes, writer: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(delay)
        writer.write(ok(head.split(b" ")[1] if body is None else body))
        await writer.drain()
        return True

    return answer


async def test_a_burst_never_opens_more_connections_than_the_cap_and_every_request_is_answered(pools) -> None:
    async with Server(answering_after(0.02)) as server:
        pool = pools(server.url, max_connections=20)
        answers = await asyncio.gather(*(get(pool, b"/n/%d" % n) for n in range(300)))
    assert answers == [(200, b"/n/%d" % n) for n in range(300)]
    assert server.most_open == 20  # the burst filled the cap and never went past it
    assert server.connections == 20  # waiting requests reused the connections that came back


async def test_without_a_cap_given_the_pool_keeps_to_the_default_one(pools) -> None:
    async with Server(answering_after(0.05, b"x")) as server:
        pool = pools(server.url)
        answers = await asyncio.gather(*(get(pool) for _ in range(150)))
    assert answers == [(200, b"x")] * 150
    assert server.most_open == 100


async def test_a_request_waits_for_a_busy_connection_only_as_long_as_its_queue_timeout(pools) -> None:
    async def answer(head: bytes, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nabc")  # half the body; the rest never comes
        await writer.drain()
        return True

    async with Server(answer) as server:
        pool = pools(server.url, max_connections=1, queue_timeout=0.3)
        held = await pool.request("GET", b"/", [], None)  # its body is not read: the only connection stays busy
        started = time.monotonic()
        with pytest.raises(UpstreamBusy) as busy:
            await pool.request("GET", b"/", [], None)
        assert 0.25 < time.monotonic() - started < 2.0
        # Never sent: callers (shared/internal.py) count it as "certainly not received".
        assert isinstance(busy.value, UpstreamNotReached)
        await held.aclose()  # an answer dropped half read gives its slot back
        again = await pool.request("GET", b"/", [], None)
        assert again.status == 200
        await again.aclose()
    assert server.connections == 2  # the half-read connection was not reused


async def test_a_waiting_request_is_woken_when_a_connection_is_released_or_closed(pools) -> None:
    gate = asyncio.Event()

    async def answer(head: bytes, writer: asyncio.StreamWriter) -> bool:
        if head.startswith(b"GET /wait"):
            await gate.wait()
        if head.startswith(b"GET /close"):  # the upstream ends this connection: the slot frees by a close
            writer.write(b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 5\r\n\r\nclose")
            await writer.drain()
            return False
        writer.write(ok(b"kept"))
        await writer.drain()
        return True

    async with Server(answer) as server:
        pool = pools(server.url, max_connections=1, connect_timeout=5.0)
        first = asyncio.create_task(get(pool, b"/wait"))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(get(pool, b"/close"))
        third = asyncio.create_task(get(pool, b"/after"))
        await asyncio.sleep(0.1)
        assert not second.done() and not third.done()  # both wait for the only connection
        gate.set()
        assert await asyncio.wait_for(asyncio.gather(first, second, third), 3) == [
            (200, b"kept"), (200, b"close"), (200, b"kept")]
    assert server.most_open == 1 and server.connections == 2


async def test_a_cancelled_waiter_passes_its_turn_on(pools) -> None:
    gate = asyncio.Event()

    async def answer(head: bytes, writer: asyncio.StreamWriter) -> bool:
        await gate.wait()
        writer.write(ok(b"done"))
        await writer.drain()
        return True

    async with Server(answer) as server:
        pool = pools(server.url, max_connections=1, connect_timeout=5.0)
        first = asyncio.create_task(get(pool))
        await asyncio.sleep(0.05)
        cancelled = asyncio.create_task(get(pool))
        waiting = asyncio.create_task(get(pool))
        await asyncio.sleep(0.05)
        cancelled.cancel()
        gate.set()
        assert await asyncio.wait_for(asyncio.gather(first, waiting), 3) == [(200, b"done")] * 2
        with pytest.raises(asyncio.CancelledError):
            await cancelled
        assert pool.replicas[0].open == 1 and not pool.replicas[0].waiters


async def test_a_body_cut_before_its_content_length_raises(pools) -> None:
    async def cut(head: bytes, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n" + b"a" * 40)
        await writer.drain()
        await asyncio.sleep(0.05)  # the head and part of the body arrive first, then the connection ends
        return False

    async with Server(cut) as server:
        pool = pools(server.url)
        response = await pool.request("GET", b"/", [], None)
        assert response.status == 200
        with pytest.raises(UpstreamTruncated):
            await response.read()
        streamed = await pool.request("GET", b"/", [], None)
        received = b""
        with pytest.raises(UpstreamTruncated):
            async for chunk in streamed.body():
                received += chunk
        await streamed.aclose()
        assert received == b"a" * 40
        assert pool.replicas[0].open == 0 and not pool.replicas[0].idle


async def test_a_chunked_body_without_its_last_chunk_raises(pools) -> None:
    async def cut(head: bytes, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n")
        await writer.drain()
        await asyncio.sleep(0.05)
        return False

    async with Server(cut) as server:
        pool = pools(server.url)
        response = await pool.request("GET", b"/", [], None)
        with pytest.raises(UpstreamTruncated):
            await response.read()


async def test_whole_bodies_framed_every_way_are_read_whole(pools) -> None:
    async def answer(head: bytes, writer: asyncio.StreamWriter) -> bool:
        path = head.split(b" ")[1]
        if path == b"/chunked":
            writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        elif path == b"/until-close":  # no length, no chunks: the body ends with the connection
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nhello")
            await writer.drain()
            await asyncio.sleep(0.05)
            writer.write(b" world")
            await writer.drain()
            return False
        else:
            writer.write(ok(b"hello world"))
        await writer.drain()
        return True

    async with Server(answer) as server:
        pool = pools(server.url)
        for path in (b"/length", b"/chunked", b"/until-close", b"/length"):
            assert await get(pool, path) == (200, b"hello world")
        assert pool.replicas[0].open == 1  # the close-delimited answer's connection is gone; a kept one is left


async def test_waiting_requests_are_served_in_the_order_they_came(pools) -> None:
    seen: list[bytes] = []

    async def answer(head: bytes, writer: asyncio.StreamWriter) -> bool:
        seen.append(head.split(b" ")[1])
        await asyncio.sleep(0.01)
        writer.write(ok(b"x"))
        await writer.drain()
        return True

    async with Server(answer) as server:
        pool = pools(server.url, max_connections=1)
        tasks = []
        for n in range(20):  # each one queues behind those before it
            tasks.append(asyncio.create_task(get(pool, b"/%d" % n)))
            await asyncio.sleep(0.001)
        assert await asyncio.gather(*tasks) == [(200, b"x")] * 20
    assert seen == [b"/%d" % n for n in range(20)]
    assert server.connections == 1


async def test_by_default_a_request_queues_as_long_as_it_would_wait_for_its_answer(pools) -> None:
    # A burst far past the cap (1,000 orders at once, bench/mall --hot) must be answered, not turned away after
    # a connect timeout: the queue is bounded by the read timeout the caller allows anyway.
    async with Server(answering_after(0.1, b"x")) as server:
        pool = pools(server.url, max_connections=2, connect_timeout=0.2, read_timeout=5.0)
        began = time.monotonic()
        answers = await asyncio.gather(*(get(pool) for _ in range(12)))  # 6 rounds of 0.1 s: past 0.2 s
    assert answers == [(200, b"x")] * 12
    assert time.monotonic() - began > 0.5
    assert server.most_open == 2
