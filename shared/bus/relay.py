"""The outbox relay: publishes committed outbox rows to the events exchange, each exactly once per claim.

One cycle (`relay_batch`): in one transaction, claim up to `batch_size` unpublished rows in id order with
`FOR UPDATE SKIP LOCKED` (so several relays share the work and never publish the same row), publish them
concurrently as persistent, mandatory messages on a confirming channel, then mark the confirmed ones
`published_at` and give the failed ones (nacked, returned as unroutable, connection lost) `attempts + 1`
and `last_error`, and commit. A relay that dies mid-cycle rolls back: its rows are published again by the
next relay (at least once; consumers drop the duplicate through their inbox).

`run` overlaps up to `max_in_flight` cycles (the next claim skips the rows the previous one still locks).
Between cycles it sleeps until `NOTIFY outbox` (sent by `emit` at commit) or a slow fallback poll; for
`hot_seconds` after a wake-up or a non-empty claim it polls fast instead, because emitters NOTIFY at most
every 25 ms per process (see shared/bus/outbox.py). While the broker (or the database) is away it backs
off, growing to a cap, and reconnects. A row the broker returned (no queue bound to its routing key) is
logged loudly and retried later with its own back-off, without holding up the rows behind it. Published
rows are deleted after `retention`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aio_pika
import aiormq
import asyncpg
import structlog
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractExchange
from aiormq.exceptions import DeliveryError, PublishError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction

from shared.aio import wait_any
from shared.bus import metrics
from shared.bus.outbox import NOTIFY_CHANNEL
from shared.bus.subscriptions import SUBSCRIPTIONS
from shared.bus.topology import declare
from shared.db import Database

log = structlog.get_logger("bus.relay")

_CLAIM = text(
    """
    SELECT id, event_id, routing_key, body, attempts, created_at
      FROM outbox
     WHERE published_at IS NULL AND NOT (id = ANY(:skip))
     ORDER BY id
     LIMIT :limit
       FOR UPDATE SKIP LOCKED
    """
)
_MARK_PUBLISHED = text("UPDATE outbox SET published_at = clock_timestamp() WHERE id = ANY(:ids)")
_MARK_FAILED = text("UPDATE outbox SET attempts = attempts + 1, last_error = :error WHERE id = :id")
_BACKLOG = text("SELECT count(*) FROM outbox WHERE published_at IS NULL")
_PURGE = text(
    """
    DELETE FROM outbox WHERE id IN (
        SELECT id FROM outbox WHERE published_at < :before ORDER BY id LIMIT :limit
    )
    """
)
_BACKLOG_EVERY = 5.0  # seconds between updates of the unpublished-rows gauge


class BrokerUnavailable(Exception):
    """The connection to RabbitMQ is gone; the relay backs off and reconnects."""


@dataclass
class BatchResult:
    claimed: int = 0
    published: int = 0
    failed: int = 0


@dataclass
class _Claim:
    """A claimed batch: its open transaction holds the row locks until `_finish` commits."""

    session: AsyncSession
    transaction: AsyncSessionTransaction
    rows: Sequence[Any]
    channel: aiormq.abc.AbstractChannel
    exchange: str


@dataclass
class _RowBackoff:
    due: float  # time.monotonic() when the row may be claimed again
    delay: float


@dataclass
class RelayStats:
    published: int = 0
    failed: int = 0
    batches: int = 0
    connects: int = 0
    # Time spent in the three steps of non-empty cycles (diagnostics for tuning and the benchmark).
    claim_seconds: float = 0.0
    publish_seconds: float = 0.0
    mark_seconds: float = 0.0
    errors: deque[str] = field(default_factory=lambda: deque(maxlen=100))  # the latest only


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        *,
        service: str,
        amqp_url: str,
        prefix: str,
        retry_delays_ms: Sequence[int],
        subscriptions: Mapping[str, Iterable[str]] = SUBSCRIPTIONS,
        batch_size: int = 500,
        poll_seconds: float = 2.0,
        hot_seconds: float = 1.0,
        hot_poll_seconds: float = 0.02,
        backoff_initial: float = 0.2,
        backoff_max: float = 30.0,
        row_backoff_initial: float = 1.0,
        row_backoff_max: float = 300.0,
        publish_timeout: float = 10.0,
        max_in_flight: int = 4,
        retention: timedelta = timedelta(days=3),
        purge_every: float = 600.0,
    ) -> None:
        self.db = db
        self.service = service
        self.amqp_url = amqp_url
        self.prefix = prefix
        self.retry_delays_ms = list(retry_delays_ms)
        self.subscriptions = subscriptions
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.hot_seconds = hot_seconds
        self.hot_poll_seconds = hot_poll_seconds
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.row_backoff_initial = row_backoff_initial
        self.row_backoff_max = row_backoff_max
        self.publish_timeout = publish_timeout
        self.max_in_flight = max(1, max_in_flight)
        self.retention = retention
        self.purge_every = purge_every
        self.stats = RelayStats()
        self._connection: AbstractConnection | None = None
        self._channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None
        self._listener: asyncpg.Connection | None = None
        self._wake = asyncio.Event()
        self._row_backoff: dict[int, _RowBackoff] = {}
        self._last_purge = 0.0
        self._hot_until = 0.0
        self._last_backlog = 0.0

    # -- broker -------------------------------------------------------------------------------------------

    async def connect(self) -> None:
        if self._connection is not None and not self._connection.is_closed and self._exchange is not None:
            return
        await self.close_broker()
        connection = await asyncio.wait_for(aio_pika.connect(self.amqp_url), timeout=10)
        try:
            channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
            # Every relay declares the whole topology first, so no event is dropped because its consumer
            # has not started yet.
            self._exchange = await declare(channel, self.prefix, self.retry_delays_ms, self.subscriptions)
        except BaseException:
            await connection.close()
            raise
        self._connection, self._channel = connection, channel
        self.stats.connects += 1
        log.info("relay_connected", service=self.service)

    async def close_broker(self) -> None:
        connection, self._connection, self._channel, self._exchange = self._connection, None, None, None
        if connection is not None and not connection.is_closed:
            with contextlib.suppress(Exception):
                await connection.close()

    # -- one cycle ----------------------------------------------------------------------------------------

    async def relay_batch(self) -> BatchResult:
        """Claims, publishes and marks one batch. Raises BrokerUnavailable if the connection died."""
        claim = await self._claim()
        if claim is None:
            return BatchResult()
        return await self._finish(claim)

    async def _claim(self) -> _Claim | None:
        """Opens a transaction and locks up to `batch_size` unpublished rows (None, committed, if there are none)."""
        await self.connect()
        assert self._exchange is not None and self._channel is not None
        # Straight to aiormq: aio_pika.Message costs more per event than the rest of the publish path.
        underlay = await self._channel.get_underlay_channel()
        now = time.monotonic()
        skip = [row_id for row_id, backoff in self._row_backoff.items() if backoff.due > now]
        started = time.perf_counter()
        session = self.db.sessions()
        try:
            transaction = await session.begin()
            rows = (await session.execute(_CLAIM, {"skip": skip, "limit": self.batch_size})).all()
            if not rows:
                await transaction.commit()
                await session.close()
                return None
        except BaseException:
            await session.close()  # rolls back
            raise
        self.stats.claim_seconds += time.perf_counter() - started
        return _Claim(session, transaction, rows, underlay, self._exchange.name)

    async def _finish(self, claim: _Claim) -> BatchResult:
        """Publishes the claimed rows concurrently, marks them by outcome and commits (releasing the locks)."""
        rows = claim.rows
        result = BatchResult(claimed=len(rows))
        try:
            started = time.perf_counter()
            outcomes = await asyncio.gather(
                *(self._publish(claim.channel, claim.exchange, row) for row in rows), return_exceptions=True
            )
            published_ids: list[int] = []
            failures: list[dict[str, Any]] = []
            confirmed_at = datetime.now(UTC)
            broker_lost = False
            for row, outcome in zip(rows, outcomes, strict=True):
                if outcome is None:
                    published_ids.append(row.id)
                    self._row_backoff.pop(row.id, None)
                    metrics.RELAY_LAG.labels(self.service).observe(
                        max(0.0, (confirmed_at - row.created_at).total_seconds())
                    )
                    continue
                if isinstance(outcome, asyncio.CancelledError):
                    raise outcome
                reason, error = self._describe_failure(row, outcome)
                broker_lost = broker_lost or reason == "connection"
                failures.append({"id": row.id, "error": error[:2000]})
                metrics.RELAY_FAILURES.labels(self.service, reason).inc()
                if reason != "connection":
                    # Only this row waits; the rows behind it keep flowing.
                    self._schedule_row_retry(row.id, row.attempts)
            published_at = time.perf_counter()
            if published_ids:
                await claim.session.execute(_MARK_PUBLISHED, {"ids": published_ids})
            if failures:
                await claim.session.execute(_MARK_FAILED, failures)
            await claim.transaction.commit()
        finally:
            await claim.session.close()  # rolls back if the commit was not reached
        result.published, result.failed = len(published_ids), len(failures)
        self.stats.publish_seconds += published_at - started
        self.stats.mark_seconds += time.perf_counter() - published_at
        self.stats.published += result.published
        self.stats.failed += result.failed
        self.stats.batches += 1
        metrics.EVENTS_RELAYED.labels(self.service).inc(result.published)
        if broker_lost or (self._connection is not None and self._connection.is_closed):
            raise BrokerUnavailable("connection lost while publishing")
        return result

    async def _publish(self, channel: aiormq.abc.AbstractChannel, exchange: str, row: Any) -> None:
        """One persistent, mandatory publish; returns once confirmed, raises if nacked or returned."""
        body = bytes(row.body)
        correlation_id = None
        with contextlib.suppress(ValueError, AttributeError):
            correlation_id = json.loads(body).get("correlation_id")
        properties = aiormq.spec.Basic.Properties(
            message_id=str(row.event_id),
            correlation_id=correlation_id,
            message_type=row.routing_key,
            content_type="application/json",
            delivery_mode=2,  # persistent
            app_id=self.service,
        )
        await channel.basic_publish(
            body,
            exchange=exchange,
            routing_key=row.routing_key,
            properties=properties,
            mandatory=True,
            timeout=self.publish_timeout,
        )

    def _describe_failure(self, row: Any, error: BaseException) -> tuple[str, str]:
        if isinstance(error, PublishError):
            # Returned: no queue is bound to this key. Retrying helps only once the topology is fixed.
            log.error(
                "event_unroutable",
                service=self.service,
                routing_key=row.routing_key,
                event_id=str(row.event_id),
                attempts=row.attempts + 1,
                hint="no queue is bound to this routing key: check shared/bus/subscriptions.py",
            )
            return "unroutable", f"unroutable: no queue bound to {row.routing_key}"
        if isinstance(error, DeliveryError):
            log.warning("event_nacked", service=self.service, event_id=str(row.event_id))
            return "nacked", f"nacked by the broker: {error!r}"
        return "connection", f"publish failed: {error!r}"

    def _schedule_row_retry(self, row_id: int, attempts_before: int) -> None:
        delay = min(self.row_backoff_initial * (2 ** min(attempts_before, 20)), self.row_backoff_max)
        self._row_backoff[row_id] = _RowBackoff(time.monotonic() + delay, delay)

    # -- housekeeping -------------------------------------------------------------------------------------

    async def purge_published(self, *, now: datetime | None = None, limit: int = 5000) -> int:
        """Deletes rows published longer than `retention` ago (in chunks, so no long lock)."""
        before = (now or datetime.now(UTC)) - self.retention
        deleted = 0
        while True:
            async with self.db.sessions() as session, session.begin():
                count = (await session.execute(_PURGE, {"before": before, "limit": limit})).rowcount
            deleted += count
            if count < limit:
                return deleted

    async def backlog(self) -> int:
        async with self.db.sessions() as session:
            return int((await session.execute(_BACKLOG)).scalar_one())

    async def drain(self) -> int:
        """Publishes until nothing claimable is left (tests, benchmarks), overlapping cycles as `run` does."""
        published = 0
        in_flight: set[asyncio.Task[BatchResult]] = set()
        try:
            while True:
                if len(in_flight) >= self.max_in_flight:
                    done, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
                    published += sum(task.result().published for task in done)
                claim = await self._claim()
                if claim is None:
                    break
                in_flight.add(asyncio.create_task(self._finish(claim)))
                if len(claim.rows) < self.batch_size:
                    break
            for task in in_flight:
                published += (await task).published
            in_flight = set()
            return published
        finally:
            for task in in_flight:
                task.cancel()
            await asyncio.gather(*in_flight, return_exceptions=True)

    # -- the loop -----------------------------------------------------------------------------------------

    async def _ensure_listener(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            return
        self._listener = None
        try:
            connection = await asyncpg.connect(self.db.asyncpg_dsn, timeout=5)
            await connection.add_listener(NOTIFY_CHANNEL, self._on_notify)
            self._listener = connection
        except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
            log.warning("relay_listen_failed", service=self.service, error=repr(exc))

    def _on_notify(self, *_: object) -> None:
        self._wake.set()

    async def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None and not listener.is_closed():
            with contextlib.suppress(Exception):
                await listener.close(timeout=2)

    def _next_wait(self) -> float:
        # Shortly after activity, poll fast: emitters NOTIFY at most every NOTIFY_MIN_INTERVAL per process.
        wait = self.hot_poll_seconds if time.monotonic() < self._hot_until else self.poll_seconds
        if self._row_backoff:
            soonest = min(backoff.due for backoff in self._row_backoff.values()) - time.monotonic()
            wait = min(wait, max(soonest, 0.01))
        return wait

    async def run(self, stop: asyncio.Event) -> None:
        """Relays until `stop` is set; batches in flight are finished (published and marked) first.

        Up to `max_in_flight` batches overlap: while one waits for its confirms and its commit, the next
        claim (SKIP LOCKED, so disjoint rows) is already publishing.
        """
        backoff = self.backoff_initial
        in_flight: set[asyncio.Task[BatchResult]] = set()
        try:
            while not stop.is_set():
                try:
                    await self._ensure_listener()
                    _reap(in_flight)
                    if len(in_flight) >= self.max_in_flight:
                        await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
                        continue
                    # Cleared before the claim, so a NOTIFY arriving during it is not lost.
                    woken = self._wake.is_set()
                    self._wake.clear()
                    claim = await self._claim()
                    backoff = self.backoff_initial
                    claimed = 0 if claim is None else len(claim.rows)
                    if claim is not None:
                        in_flight.add(asyncio.create_task(self._finish(claim)))
                    if woken or claimed:
                        self._hot_until = time.monotonic() + self.hot_seconds
                    if time.monotonic() - self._last_backlog > _BACKLOG_EVERY:
                        self._last_backlog = time.monotonic()
                        metrics.OUTBOX_BACKLOG.labels(self.service).set(await self.backlog())
                    if time.monotonic() - self._last_purge > self.purge_every:
                        self._last_purge = time.monotonic()
                        await self.purge_published()
                    if claimed >= self.batch_size:
                        continue
                    await wait_any(stop, self._wake, self._next_wait())
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    # Let the other batches settle (commit or roll back) before reconnecting.
                    await asyncio.gather(*in_flight, return_exceptions=True)
                    in_flight.clear()
                    self.stats.errors.append(repr(exc))
                    log.warning("relay_unavailable", service=self.service, error=repr(exc), retry_in=backoff)
                    await self.close_broker()
                    await wait_any(stop, None, backoff)
                    backoff = min(backoff * 2, self.backoff_max)
            # A clean stop: what was claimed is published and marked.
            await asyncio.gather(*in_flight, return_exceptions=True)
        except asyncio.CancelledError:
            # Killed: in-flight batches are abandoned like a crash would (their transactions roll back).
            for task in in_flight:
                task.cancel()
            await asyncio.gather(*in_flight, return_exceptions=True)
            raise
        finally:
            await self.close_broker()
            await self._close_listener()


def _reap(in_flight: set[asyncio.Task[BatchResult]]) -> None:
    """Drops finished batches; re-raises the first failure (e.g. BrokerUnavailable) into the loop."""
    for task in [t for t in in_flight if t.done()]:
        in_flight.discard(task)
        if not task.cancelled() and task.exception() is not None:
            raise task.exception()  # type: ignore[misc]
