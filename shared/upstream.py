"""A lean keep-alive HTTP/1.1 client for the suite's hot paths: the gateway's proxy and the services' internal
calls (shared/internal.py). Production only; tests that hand in httpx transports (in-process ASGI apps) keep httpx.

Why not httpx here: per request it builds URL/Request/Headers objects, walks the whole connection pool
through anyio wrappers and parses with pure-Python h11; on a 2-core box that was most of the gateway's
CPU, and about half of escort's per booking (its one internal call to cards). This client writes the request
head in one buffer, parses the answer with httptools (the C parser uvicorn uses) and keeps idle connections
in a LIFO stack. It streams bodies both ways, or sends one held in memory (which may then go out again).

Each replica has a cap on its open connections (idle or busy): past it a request waits, up to the connect
timeout, for one to come back, instead of opening one connection per concurrent request of a burst.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import deque
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httptools

READ_SIZE = 65536
# uvicorn closes idle keep-alive connections after 5 s: never reuse one that old.
IDLE_REUSE_SECONDS = 4.0
# Methods that change nothing (RFC 9110 9.2.1): sent again to another replica when the first one may have got
# them but gave no answer.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A replica that refused a connection is tried last for this long: a host that is gone (each connect waiting
# out its timeout) must not slow every request whose turn falls on it.
DOWN_FOR_SECONDS = 1.0
# Open connections (idle or busy) per replica at most, unless the pool's builder says otherwise.
MAX_CONNECTIONS = 100


class UpstreamUnavailable(Exception):
    """Could not connect, or the connection broke before an answer began."""


class UpstreamNotReached(UpstreamUnavailable):
    """Could not connect: the request certainly never reached the upstream."""


class UpstreamBusy(UpstreamNotReached):
    """Every connection to the replica stayed busy for the whole queue timeout: the request never left."""


class UpstreamTruncated(UpstreamUnavailable):
    """The connection ended before the whole body (its Content-Length, or its final chunk) arrived."""


class UpstreamTimeout(Exception):
    """The upstream took longer than the read timeout to send (more of) its answer."""


@dataclass
class _Answer:
    """httptools callbacks: what has been parsed so far."""

    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    headers_done: bool = False
    complete: bool = False
    keep_alive: bool = False
    chunks: deque[bytes] = field(default_factory=deque)
    parser: httptools.HttpResponseParser | None = None

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.lower(), value))

    @property
    def framed(self) -> bool:
        """Whether the body's end is announced (Content-Length or chunked), rather than the connection's end."""
        return any(name == b"content-length" or (name == b"transfer-encoding" and b"chunked" in value.lower())
                   for name, value in self.headers)

    def on_headers_complete(self) -> None:
        self.headers_done = True
        # Asked now: once the message is complete the parser has reset and always says no.
        self.keep_alive = self.parser is not None and self.parser.should_keep_alive()

    def on_body(self, body: bytes) -> None:
        self.chunks.append(body)

    def on_message_complete(self) -> None:
        self.complete = True


class _Connection:
    def __init__(self, replica: _Replica, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.replica = replica
        self.reader = reader
        self.writer = writer
        self.idle_since = time.monotonic()
        self.closed = False

    @property
    def usable(self) -> bool:
        return (not self.writer.is_closing() and not self.reader.at_eof()
                and time.monotonic() - self.idle_since < IDLE_REUSE_SECONDS)

    def close(self) -> None:
        """Closes the socket and gives its slot back to the replica (once, however often it is called)."""
        if self.closed:
            return
        self.closed = True
        self.writer.close()
        self.replica.slot_freed()


class _Replica:
    """One base URL of the upstream and its idle keep-alive connections (a LIFO stack).

    At most `max_connections` connections are open (idle, busy or being opened). Past that, requests queue
    first come, first served: a connection coming back goes straight to the first of them, and a slot freed by
    a close lets it open a new one, so requests arriving later cannot overtake those that wait.
    """

    def __init__(self, base_url: str, connect_timeout: float, max_idle: int, max_connections: int,
                 queue_timeout: float) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"the lean upstream client speaks plain http only: {base_url}")
        if max_connections < 1:
            raise ValueError("an upstream replica needs at least one connection")
        self.host = parts.hostname
        self.port = parts.port or 80
        self.host_header = parts.netloc.encode()
        self.connect_timeout = connect_timeout
        self.queue_timeout = queue_timeout
        self.max_idle = min(max_idle, max_connections)
        self.max_connections = max_connections
        self.open = 0  # connections idle, busy or being opened (slots handed to a waiter included)
        self.idle: list[_Connection] = []
        # Requests waiting for a connection: each gets one that came back, or None (a slot to open one with).
        self.waiters: deque[asyncio.Future[_Connection | None]] = deque()
        self.down_until = 0.0

    async def connect(self) -> _Connection:
        """A connection of this replica: an idle one, else a new one if the cap leaves room, else the first that
        comes back (or the slot of one closed) within the queue timeout."""
        while True:
            conn = self.take_idle()
            if conn is not None:
                return conn
            if self.open < self.max_connections:
                self.open += 1  # taken before the first await: concurrent requests cannot all pass the cap
                return await self._open()
            handed = await self._wait_for_turn()
            if handed is None:  # a slot, already counted
                return await self._open()
            if handed.usable:
                return handed
            handed.close()  # gone meanwhile: its slot goes to the next waiter; this request queues again

    async def _wait_for_turn(self) -> _Connection | None:
        waiter: asyncio.Future[_Connection | None] = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            async with asyncio.timeout(self.queue_timeout):
                return await waiter
        except BaseException as exc:
            if waiter.done() and not waiter.cancelled():
                self._pass_on(waiter.result())  # handed over just as it gave up: the next waiter takes it
            else:
                waiter.cancel()
                with contextlib.suppress(ValueError):
                    self.waiters.remove(waiter)
            if isinstance(exc, TimeoutError):
                raise UpstreamBusy(f"{self.host}:{self.port}: all {self.max_connections} connections stayed busy "
                                   f"for {self.queue_timeout} s") from exc
            raise

    def _pass_on(self, handed: _Connection | None) -> None:
        if handed is None:
            self.slot_freed()
        else:
            self.put_back(handed, reusable=True)

    async def _open(self) -> _Connection:
        """Opens a connection in a slot the caller already counted; gives the slot back if it fails."""
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port, limit=READ_SIZE * 4), self.connect_timeout
            )
        except (OSError, TimeoutError) as exc:
            self.slot_freed()
            self.down_until = time.monotonic() + DOWN_FOR_SECONDS
            raise UpstreamNotReached(f"{self.host}:{self.port}: {exc}") from exc
        except BaseException:
            self.slot_freed()
            raise
        self.down_until = 0.0
        return _Connection(self, reader, writer)

    def _first_waiter(self) -> asyncio.Future[_Connection | None] | None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                return waiter
        return None

    def slot_freed(self) -> None:
        """A connection closed (or never opened): its slot goes to the first waiter, else it is free."""
        waiter = self._first_waiter()
        if waiter is not None:
            waiter.set_result(None)
        else:
            self.open -= 1

    def put_back(self, conn: _Connection, reusable: bool) -> None:
        if not reusable or conn.closed or conn.writer.is_closing():
            conn.close()
            return
        conn.idle_since = time.monotonic()
        waiter = self._first_waiter()
        if waiter is not None:
            waiter.set_result(conn)
        elif len(self.idle) < self.max_idle:
            self.idle.append(conn)
        else:
            conn.close()

    def take_idle(self) -> _Connection | None:
        while self.idle:
            conn = self.idle.pop()
            if conn.usable:
                return conn
            conn.close()
        return None

    def close(self) -> None:
        while self.idle:
            self.idle.pop().close()


class UpstreamResponse:
    """Status and headers are read; `body()` streams the rest, then the connection goes back to the pool."""

    def __init__(self, read_timeout: float, conn: _Connection, parser: httptools.HttpResponseParser,
                 answer: _Answer, head_only: bool) -> None:
        self._read_timeout = read_timeout
        self._conn: _Connection | None = conn
        self._parser = parser
        self._answer = answer
        self._head_only = head_only
        self.status = answer.status
        self.headers = answer.headers

    async def body(self) -> AsyncIterator[bytes]:
        answer = self._answer
        conn = self._conn
        assert conn is not None
        if self._head_only:
            answer.chunks.clear()
            answer.complete = True
        while True:
            while answer.chunks:
                yield answer.chunks.popleft()
            if answer.complete:
                break
            try:
                async with asyncio.timeout(self._read_timeout):  # no extra task, unlike wait_for
                    data = await conn.reader.read(READ_SIZE)
            except TimeoutError as exc:
                raise UpstreamTimeout() from exc
            except (ConnectionError, OSError) as exc:
                self._release(reusable=False)
                raise UpstreamTruncated(f"the connection broke mid-body: {exc}") from exc
            if not data:
                self._release(reusable=False)
                if answer.framed:  # a length or chunks were announced and not all came: never a whole body
                    raise UpstreamTruncated("the upstream closed the connection mid-body")
                answer.complete = True  # a body delimited by the end of the connection: this is its end
                continue
            try:
                self._parser.feed_data(data)
            except httptools.HttpParserError as exc:
                self._release(reusable=False)
                raise UpstreamUnavailable(f"unreadable answer: {exc}") from exc

    async def read(self) -> bytes:
        """The whole body, then the connection goes back to the pool."""
        try:
            return b"".join([chunk async for chunk in self.body()])
        finally:
            await self.aclose()

    def _release(self, reusable: bool) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.replica.put_back(conn, reusable)

    async def aclose(self) -> None:
        """Returns the connection (kept alive only if the whole answer was read and the upstream agrees)."""
        keep = self._answer.complete and not self._head_only and self._answer.keep_alive
        self._release(reusable=keep)


class UpstreamPool:
    """Keep-alive connections to one upstream service, which may run as several replicas (one base URL each,
    `http://host:port`).

    Requests go round-robin over the replicas. A request that certainly never reached a replica (it could not
    connect) goes to the next one, so a replica that is stopping or gone costs no request. A request that may
    have reached one (sent, then no answer) is sent again only if its method is safe (GET, HEAD, OPTIONS): a
    POST the replica may have applied before it died is never applied twice by the gateway; the caller gets
    the 503 and decides (its Idempotency-Key makes a retry safe). A caller that knows its request is idempotent
    (the services' /internal routes, keyed by order_ref) says how often it may go out again (`resends`).
    At most `max_connections` connections are open to each replica; past that a request waits (in turn) for one
    to come back, and gives up with UpstreamBusy (never sent, so the next replica is tried) after
    `queue_timeout`: by default the read timeout, the time the caller allows for an answer anyway. A burst
    (1,000 orders at once for one SKU) queues here and is answered, instead of failing after a short wait.
    See docs/architecture.md, "Replicas".
    """

    def __init__(self, base_urls: str | Sequence[str], *, connect_timeout: float, read_timeout: float,
                 max_idle: int = 128, max_connections: int = MAX_CONNECTIONS,
                 queue_timeout: float | None = None) -> None:
        urls = base_urls.split(",") if isinstance(base_urls, str) else list(base_urls)
        queue_timeout = read_timeout if queue_timeout is None else queue_timeout
        self.replicas = [_Replica(url.strip(), connect_timeout, max_idle, max_connections, queue_timeout)
                         for url in urls if url.strip()]
        if not self.replicas:
            raise ValueError("an upstream needs at least one base URL")
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._turn = itertools.count()

    def _order(self) -> list[_Replica]:
        """Every replica once, starting with the next one in turn; those that just refused a connection last."""
        replicas = self.replicas
        if len(replicas) == 1:
            return replicas
        start = next(self._turn) % len(replicas)
        order = replicas[start:] + replicas[:start]
        now = time.monotonic()
        if any(replica.down_until > now for replica in order):
            order.sort(key=lambda replica: replica.down_until > now)  # stable: the turn stays among the rest
        return order

    async def request(
        self,
        method: str,
        target: bytes,
        headers: list[tuple[bytes, bytes]],
        body: bytes | AsyncIterator[bytes] | None,
        content_length: bytes | None = None,
        *,
        resends: int | None = None,
    ) -> UpstreamResponse:
        """Sends the request and reads up to the end of the answer's headers.

        `body`: bytes (sent with the head, and resendable) or a stream (with `content_length`, else chunked).
        `resends`: how often a request that may have reached a replica (no answer) goes out again, to the next
        one; by default as often as it takes for a bodiless safe request, never for any other. A failed
        connect is not counted: such a request never left.
        """
        rest = bytearray()
        for name, value in headers:
            rest += b"%s: %s\r\n" % (name, value)
        if isinstance(body, bytes):
            rest += b"content-length: %d\r\n\r\n" % len(body)
            rest += body
            body = None
        elif body is not None:
            rest += b"content-length: %s\r\n" % content_length if content_length else b"transfer-encoding: chunked\r\n"
            rest += b"\r\n"
        else:
            rest += b"\r\n"
        chunked = body is not None and content_length is None
        request_line = b"%s %s HTTP/1.1\r\nhost: " % (method.encode(), target)
        if body is not None:  # a streamed body is gone once sent: it cannot go out a second time
            resends = 0
        elif resends is None:  # each replica takes at most two attempts (a kept-alive connection, a new one)
            resends = 2 * len(self.replicas) if method in SAFE_METHODS else 0
        failure: UpstreamUnavailable | None = None
        for replica in self._order():
            head = request_line + replica.host_header + b"\r\n" + rest
            conn = replica.take_idle()
            if conn is not None:
                # Failing, most often a kept-alive connection the replica had just closed (idle, or stopping).
                outcome = await self._attempt(conn, method, head, body, chunked, resends > 0)
                if isinstance(outcome, UpstreamResponse):
                    return outcome
                failure, resends = outcome, resends - 1
            try:
                conn = await replica.connect()
            except UpstreamNotReached as exc:  # never reached this replica: the next one
                # A request that may have been received elsewhere stays "may have been received".
                failure = failure or exc
                continue
            outcome = await self._attempt(conn, method, head, body, chunked, resends > 0)
            if isinstance(outcome, UpstreamResponse):
                return outcome
            failure, resends = outcome, resends - 1
        assert failure is not None
        raise failure

    async def _attempt(self, conn: _Connection, method: str, head: bytes, body: AsyncIterator[bytes] | None,
                       chunked: bool, resendable: bool) -> UpstreamResponse | UpstreamUnavailable:
        """The answer, or (when the request may go out again) why there was none."""
        try:
            return await self._exchange(conn, method, head, body, chunked)
        except UpstreamUnavailable as exc:
            conn.close()
            if not resendable:
                raise
            return exc
        except BaseException:
            conn.close()
            raise

    async def _exchange(self, conn: _Connection, method: str, head: bytes, body: AsyncIterator[bytes] | None,
                        chunked: bool) -> UpstreamResponse:
        writer = conn.writer
        try:
            writer.write(head)
            if body is not None:
                async for chunk in body:
                    writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                    await writer.drain()
                if chunked:
                    writer.write(b"0\r\n\r\n")
            await writer.drain()
        except (ConnectionError, OSError) as exc:
            raise UpstreamUnavailable(str(exc)) from exc
        answer = _Answer()
        parser = httptools.HttpResponseParser(answer)
        answer.parser = parser
        received = False
        while not answer.headers_done:
            # The read timeout runs from the end of the request: an upload is paced by the caller, not by us.
            try:
                async with asyncio.timeout(self.read_timeout):
                    data = await conn.reader.read(READ_SIZE)
            except TimeoutError as exc:
                raise UpstreamTimeout() from exc
            except (ConnectionError, OSError) as exc:
                raise UpstreamUnavailable(str(exc)) from exc
            if not data:
                if received:
                    raise UpstreamUnavailable("the upstream closed the connection mid-answer")
                raise UpstreamUnavailable("the upstream closed the connection")
            received = True
            try:
                parser.feed_data(data)
            except httptools.HttpParserError as exc:
                raise UpstreamUnavailable(f"unreadable answer: {exc}") from exc
        answer.status = parser.get_status_code()
        return UpstreamResponse(self.read_timeout, conn, parser, answer, head_only=method == "HEAD")

    async def aclose(self) -> None:
        for replica in self.replicas:
            replica.close()
