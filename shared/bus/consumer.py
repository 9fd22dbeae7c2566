"""The inbox consumer: applies each event once, retries failures through delay queues, parks poison.

Per message, in ONE transaction: insert the inbox row (consumer, event_id) ON CONFLICT DO NOTHING; if it
was already there the event was applied before (a redelivery or a duplicate publish): ack and skip. Else
run the service's handler in the same session, commit, then ack. So the effect and "seen it" commit
together, and a crash anywhere before the ack only causes a redelivery that the inbox drops.

A handler that raises: the message is republished (confirmed) to the next delay queue with an attempt
counter header and the original acked; the delay queue's TTL dead-letters it back to the main queue.
After the last delay step it is parked (confirmed) with the error. A body that is not an envelope, an
event type this service has no handler for, or a payload that does not validate is parked at once: no
retry can fix it, and it must not block the messages behind it.

Not the event's fault, so no attempt is spent: a lost database (the messages are requeued after a pause
that grows with the outage) and a deadlock or serialization failure (retried at once, a few times).

Throughput: `workers` tasks handle messages concurrently (up to the prefetch). Under a backlog a worker
applies the oldest waiting messages in one transaction (one inbox INSERT for all, one commit; batches one
at a time by default so handlers that upsert shared rows cannot deadlock each other); if any handler in it
fails, the batch rolls back and its messages go one by one as above. Acks are coalesced into `multiple`
acks. A worker waiting for its turn to run a batch holds no message: a held message would keep every
newer one from being acked, fill the prefetch window and starve the batches.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import aio_pika
import asyncpg
import structlog
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractIncomingMessage, AbstractQueue
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError

from shared.aio import wait_any
from shared.bus import metrics
from shared.bus.handlers import Handlers
from shared.bus.inbox import PoisonMessage, Prepared, apply_batch, apply_one, event_context, resolve
from shared.bus.topology import (
    ATTEMPT_HEADER,
    ERROR_HEADER,
    PARKED_AT_HEADER,
    ROUTING_KEY_HEADER,
    BusNames,
    declare,
)
from shared.db import Database
from shared.events.envelope import Envelope

log = structlog.get_logger("bus.consumer")

REASON_HEADER = "x-parked-reason"
_MAX_DB_PAUSE = 5.0
_CONFLICT_STATES = {"40P01", "40001"}  # deadlock detected, serialization failure
_CONFLICT_RETRIES = 3
class _Backlog:
    """Delivered messages not yet taken by a worker, oldest first.

    Unlike a queue, waiting for a message does not take it: a worker that must first wait for its turn to
    run a batch leaves the messages here, so the next batch takes the oldest ones.
    """

    def __init__(self) -> None:
        self._messages: deque[AbstractIncomingMessage] = deque()
        self._arrived = asyncio.Event()
        self._closed = False

    def __len__(self) -> int:
        return len(self._messages)

    def put(self, message: AbstractIncomingMessage) -> None:
        self._messages.append(message)
        self._arrived.set()

    def close(self) -> None:
        """No more deliveries: workers finish what is here, then stop."""
        self._closed = True
        self._arrived.set()

    async def wait(self) -> bool:
        """True once a message is waiting; False when closed and drained."""
        while not self._messages:
            if self._closed:
                return False
            self._arrived.clear()
            await self._arrived.wait()
        return True

    def take(self, limit: int) -> list[AbstractIncomingMessage]:
        count = min(limit, len(self._messages))
        return [self._messages.popleft() for _ in range(count)]


class _Acker:
    """Acks settled messages with as few frames as possible (one `multiple` ack per settled run of tags).

    Deliveries are registered in tag order as they arrive. A tag may be acked once every registered tag
    below it is settled (acked, retried or parked), so an ack with multiple=True never covers a message
    still being handled; a message that finishes early waits for its elders to finish.
    """

    def __init__(self, channel: AbstractChannel) -> None:
        self.channel = channel
        self._outstanding: set[int] = set()
        self._settled: set[int] = set()

    def received(self, message: AbstractIncomingMessage) -> None:
        if message.delivery_tag is not None:
            self._outstanding.add(message.delivery_tag)

    async def settle(self, message: AbstractIncomingMessage) -> None:
        await self.settle_many([message])

    async def settle_many(self, messages: Sequence[AbstractIncomingMessage]) -> None:
        for message in messages:
            tag = message.delivery_tag
            if tag is None:
                await message.ack()
                continue
            self._outstanding.discard(tag)
            self._settled.add(tag)
        await self._flush()

    async def release(self, message: AbstractIncomingMessage) -> None:
        """Hands the message back to the broker (requeued at the head, attempt counter unchanged)."""
        if message.delivery_tag is not None:
            self._outstanding.discard(message.delivery_tag)
        await message.nack(requeue=True)
        await self._flush()

    async def _flush(self) -> None:
        oldest_open = min(self._outstanding, default=None)
        ready = [t for t in self._settled if oldest_open is None or t < oldest_open]
        if not ready:
            return
        top = max(ready)
        self._settled.difference_update(ready)
        underlay = await self.channel.get_underlay_channel()
        await underlay.basic_ack(top, multiple=True)


class InboxConsumer:
    """Consumes `<prefix><svc>.events` with `workers` tasks; each takes what has arrived (up to `batch_size`).

    At a trickle every message is its own transaction; under a backlog a worker applies the messages it
    holds in one transaction (falling back to one by one if any handler fails), so throughput does not
    hinge on one commit per event.
    """

    def __init__(
        self,
        db: Database,
        handlers: Handlers,
        *,
        amqp_url: str,
        prefix: str,
        retry_delays_ms: Sequence[int],
        prefetch: int = 64,
        workers: int = 8,
        batch_size: int = 100,
        batch_concurrency: int = 1,
        backoff_initial: float = 0.2,
        backoff_max: float = 30.0,
    ) -> None:
        self.db = db
        self.handlers = handlers
        self.service = handlers.consumer
        self.amqp_url = amqp_url
        self.names = BusNames(prefix)
        self.retry_delays_ms = list(retry_delays_ms)
        self.prefetch = prefetch
        self.workers = max(1, min(workers, prefetch))
        self.batch_size = max(1, batch_size)
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self._connection: AbstractConnection | None = None
        self._channel: AbstractChannel | None = None
        self._backlog = _Backlog()
        self._active = 0
        self._db_down_since: float | None = None
        # Batches in flight at once. One by default: handlers that upsert shared rows event by event
        # deadlock across concurrent multi-event transactions. A batch handler that writes its rows in a
        # fixed order (reports) can take two, so Python prepares one while PostgreSQL commits the other.
        self._batch_lock = asyncio.Semaphore(max(1, batch_concurrency))
        self._closed = asyncio.Event()
        # Set while messages are being consumed (tests and readiness wait on it).
        self.consuming = asyncio.Event()

    @property
    def busy(self) -> int:
        """Messages received and not yet settled (acked, retried or parked)."""
        return len(self._backlog) + self._active

    @property
    def subscriptions(self) -> Mapping[str, Sequence[str]]:
        return {self.service: self.handlers.subscribed}

    async def run(self, stop: asyncio.Event) -> None:
        """Consumes until `stop` is set; messages already received are finished (committed and acked) first."""
        self.handlers.check_subscriptions()
        backoff = self.backoff_initial
        while not stop.is_set():
            try:
                queue = await self._connect()
                backoff = self.backoff_initial
                await self._consume(queue, stop)
                if not stop.is_set():
                    raise ConnectionError("broker connection closed")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("consumer_unavailable", service=self.service, error=repr(exc), retry_in=backoff)
                await self._close()
                await wait_any(stop, None, backoff)
                backoff = min(backoff * 2, self.backoff_max)
        await self._close()

    async def _consume(self, queue: AbstractQueue, stop: asyncio.Event) -> None:
        channel = self._channel
        assert channel is not None
        backlog = _Backlog()
        self._backlog = backlog
        acker = _Acker(channel)

        async def on_message(message: AbstractIncomingMessage) -> None:
            acker.received(message)
            backlog.put(message)

        workers = [asyncio.create_task(self._work(acker, backlog)) for _ in range(self.workers)]
        try:
            tag = await queue.consume(on_message)
            self.consuming.set()
            log.info("consumer_started", service=self.service, queue=queue.name, prefetch=self.prefetch)
            await wait_any(stop, self._closed)
            self.consuming.clear()
            if stop.is_set():
                # No new deliveries; what was delivered is finished below.
                with contextlib.suppress(Exception):
                    await queue.cancel(tag)
        finally:
            self.consuming.clear()
            backlog.close()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _connect(self) -> AbstractQueue:
        await self._close()
        self._closed = asyncio.Event()
        connection = await asyncio.wait_for(aio_pika.connect(self.amqp_url), timeout=10)
        try:
            channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
            await declare(channel, self.names.prefix, self.retry_delays_ms, self.subscriptions)
            # After declaring: converting an old classic queue reopens the channel, which drops its QoS.
            await channel.set_qos(prefetch_count=self.prefetch)
            # Declared just above with its quorum arguments; a passive declare need not repeat them.
            queue = await channel.declare_queue(self.names.queue(self.service), passive=True)
        except BaseException:
            await connection.close()
            raise
        closed = self._closed
        connection.close_callbacks.add(lambda *_: closed.set())
        self._connection, self._channel = connection, channel
        return queue

    async def _close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and not connection.is_closed:
            with contextlib.suppress(Exception):
                await connection.close()

    async def _work(self, acker: _Acker, backlog: _Backlog) -> None:
        while await backlog.wait():
            if len(backlog) == 1:
                # A trickle: this message alone, in its own transaction, beside the other workers' ones.
                await self._run(acker, backlog.take(1))
                continue
            # A backlog: one batch transaction at a time (handlers that upsert shared rows, such as report
            # totals, would deadlock across concurrent multi-event transactions). The batch is taken once
            # the turn is ours, oldest first, so it holds all that arrived meanwhile.
            async with self._batch_lock:
                batch = backlog.take(self.batch_size)
                if batch:
                    await self._run(acker, batch)

    async def _run(self, acker: _Acker, batch: list[AbstractIncomingMessage]) -> None:
        self._active += len(batch)
        try:
            await self._process(acker, batch)
        except Exception as exc:
            # Could not republish or ack (broker gone): unacked messages are redelivered after reconnect
            # and the inbox drops the ones already applied.
            log.warning("consumer_messages_unsettled", service=self.service, count=len(batch), error=repr(exc))
        finally:
            self._active -= len(batch)

    async def _process(self, acker: _Acker, batch: list[AbstractIncomingMessage]) -> None:
        ready: list[Prepared] = []
        for message in batch:
            prepared = await self._prepare(acker, message)
            if prepared is not None:
                ready.append(prepared)
        if len(ready) > 1:
            try:
                applied = await apply_batch(self.db, self.service, ready, self.handlers.batch_fn)
            except Exception as exc:
                if _database_unavailable(exc):
                    await self._requeue_later(acker, [item.message for item in ready], exc)
                    return
                log.info("consumer_batch_fallback", service=self.service, count=len(ready), error=repr(exc))
            else:
                self._db_down_since = None
                await acker.settle_many([item.message for item in ready])
                for item, was_applied in zip(ready, applied, strict=True):
                    self._count(item.envelope, was_applied)
                return
        for item in ready:
            with event_context(item.envelope):
                await self._handle_one(acker, item)

    async def _prepare(self, acker: _Acker, message: AbstractIncomingMessage) -> Prepared | None:
        """The parsed message, or None once a message no retry can fix has been parked."""
        attempt = _int_header(message.headers, ATTEMPT_HEADER)
        try:
            envelope = Envelope.from_bytes(message.body)
        except (ValidationError, ValueError) as exc:
            await self._park(acker, message, attempt, "unparseable", str(exc))
            return None
        try:
            registered, payload = resolve(self.handlers, envelope)
        except PoisonMessage as exc:
            with event_context(envelope):
                await self._park(acker, message, attempt, exc.reason, exc.detail)
            return None
        return Prepared(message, envelope, registered, payload, attempt)

    async def _handle_one(self, acker: _Acker, item: Prepared) -> None:
        message, envelope = item.message, item.envelope
        try:
            applied = await self._apply_retrying_conflicts(item)
        except Exception as exc:
            if _database_unavailable(exc):
                await self._requeue_later(acker, [message], exc)
                return
            attempt = item.attempt + 1
            error = f"{type(exc).__name__}: {exc}"
            if attempt > len(self.retry_delays_ms):
                log.error("event_handler_failed", service=self.service, attempt=attempt, error=error, parked=True)
                await self._park(acker, message, attempt, "handler_failed", error)
                return
            delay = self.retry_delays_ms[attempt - 1]
            log.warning("event_handler_failed", service=self.service, attempt=attempt, error=error, retry_in_ms=delay)
            await self._republish(acker, message, self.names.retry_queue(self.service, delay), attempt, error)
            metrics.EVENTS_RETRIED.labels(self.service).inc()
            await acker.settle(message)
            return
        self._db_down_since = None
        await acker.settle(message)
        self._count(envelope, applied)

    async def _apply_retrying_conflicts(self, item: Prepared) -> bool:
        """A deadlock or serialization failure is the database's call, not the event's: try again at once."""
        for attempt in range(_CONFLICT_RETRIES + 1):
            try:
                return await apply_one(self.db, self.service, item.registered, item.payload, item.envelope)
            except Exception as exc:
                if attempt == _CONFLICT_RETRIES or _sqlstate(exc) not in _CONFLICT_STATES:
                    raise
                log.info("event_conflict_retry", service=self.service, sqlstate=_sqlstate(exc), attempt=attempt + 1)
                await asyncio.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    async def _requeue_later(self, acker: _Acker, messages: list[AbstractIncomingMessage], exc: Exception) -> None:
        """The database is away: not the event's fault, so no attempt is spent; pause, then requeue."""
        # The pause grows with the outage (not with the number of workers hitting it), capped.
        now = time.monotonic()
        if self._db_down_since is None:
            self._db_down_since = now
        pause = min(max(self.backoff_initial, (now - self._db_down_since) / 2), _MAX_DB_PAUSE)
        log.warning("consumer_database_unavailable", service=self.service, error=repr(exc), retry_in=pause)
        await asyncio.sleep(pause)
        for message in messages:
            await acker.release(message)

    def _count(self, envelope: Envelope, applied: bool) -> None:
        if applied:
            metrics.EVENTS_CONSUMED.labels(self.service, envelope.event_type).inc()
        else:
            metrics.EVENTS_DUPLICATE.labels(self.service).inc()
            log.info("event_duplicate_skipped", service=self.service, event_id=str(envelope.event_id))

    async def _park(
        self, acker: _Acker, message: AbstractIncomingMessage, attempt: int, reason: str, error: str
    ) -> None:
        log.error("event_parked", service=self.service, reason=reason, attempt=attempt, error=error[:500])
        extra = {REASON_HEADER: reason, PARKED_AT_HEADER: datetime.now(UTC).isoformat()}
        await self._republish(acker, message, self.names.parked_queue(self.service), attempt, error, extra)
        metrics.EVENTS_PARKED.labels(self.service, reason).inc()
        await acker.settle(message)

    async def _republish(
        self,
        acker: _Acker,
        message: AbstractIncomingMessage,
        queue_name: str,
        attempt: int,
        error: str,
        extra_headers: Mapping[str, Any] | None = None,
    ) -> None:
        """Confirmed publish of the same body straight to `queue_name` (default exchange)."""
        headers = {k: v for k, v in (message.headers or {}).items() if k != "x-death"}
        headers[ATTEMPT_HEADER] = attempt
        headers[ERROR_HEADER] = error[:1000]
        headers.setdefault(ROUTING_KEY_HEADER, message.routing_key or message.type or "")
        headers.update(extra_headers or {})
        copy = aio_pika.Message(
            message.body,
            headers=headers,
            message_id=message.message_id,
            correlation_id=message.correlation_id,
            type=message.type,
            content_type=message.content_type,
            app_id=message.app_id,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        await acker.channel.default_exchange.publish(copy, routing_key=queue_name, mandatory=True, timeout=10)


def _database_unavailable(exc: BaseException) -> bool:
    """A lost or refused database connection (as opposed to an error of the handler's logic)."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, InterfaceError | OSError | asyncpg.exceptions.PostgresConnectionError |
                  asyncpg.exceptions.InterfaceError | asyncpg.exceptions.CannotConnectNowError):
        return True
    # SQLAlchemy wraps the driver's error; a refused connection from the pool arrives as a bare OSError.
    original = getattr(exc, "orig", None)
    return isinstance(original, BaseException) and original is not exc and _database_unavailable(original)


def _sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error, through SQLAlchemy's and the driver's wrappers."""
    seen: BaseException | None = exc
    for _ in range(4):
        if seen is None:
            return None
        state = getattr(seen, "sqlstate", None) or getattr(seen, "pgcode", None)
        if isinstance(state, str):
            return state
        seen = getattr(seen, "orig", None) or seen.__cause__
    return None


def _int_header(headers: Mapping[str, Any] | None, name: str) -> int:
    value = (headers or {}).get(name, 0)
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
