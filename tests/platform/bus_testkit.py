"""Helpers of the bus tests: writing outbox rows, watching queues, a broker that goes away."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aio_pika
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, insert, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncSession

from shared.bus.handlers import Handlers
from shared.bus.outbox import NOTIFY_CHANNEL
from shared.bus.topology import BusNames
from shared.db import Database
from shared.events.crm import CustomerCreated
from shared.events.envelope import Envelope
from shared.tables import install_platform_tables

TEST_CONSUMER = "bustest"
TEST_DELAYS_MS = [100, 300, 900]  # growing steps, far enough apart to tell under a loaded CPU


def effects_table(metadata: MetaData) -> Table:
    """What the test handler writes: one row per application of an event (the tests count them)."""
    return Table(
        "bus_effects",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("event_id", UUID(as_uuid=True), nullable=False),
        Column("customer_id", Integer, nullable=False),
        Column("correlation_id", String(64), nullable=True),
        Column("applied_at", DateTime(timezone=True), server_default=func.now()),
    )


EFFECTS = effects_table(MetaData())





# -- writing events ---------------------------------------------------------------------------------------


def customer_event(customer_id: int, *, correlation_id: str | None = None) -> Envelope:
    return Envelope.wrap("crm", CustomerCreated(customer_id=customer_id, name=f"客户{customer_id}"),
                         correlation_id=correlation_id)


async def insert_outbox(db: Database, envelopes: Iterable[Envelope]) -> list[Envelope]:
    """Writes outbox rows exactly as `emit` does (same columns, same NOTIFY), in bulk for big tests."""
    rows = list(envelopes)
    outbox = install_platform_tables(MetaData()).outbox
    async with db.sessions() as session, session.begin():
        await session.execute(
            insert(outbox),
            [{"event_id": e.event_id, "routing_key": e.event_type, "body": e.to_bytes()} for e in rows],
        )
        await session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
    return rows


async def outbox_state(db: Database) -> dict[str, int]:
    async with db.sessions() as session:
        row = (
            await session.execute(
                text(
                    "SELECT count(*) FILTER (WHERE published_at IS NOT NULL) AS published, "
                    "count(*) FILTER (WHERE published_at IS NULL) AS pending, "
                    "coalesce(max(attempts), 0) AS max_attempts FROM outbox"
                )
            )
        ).one()
    return {"published": row.published, "pending": row.pending, "max_attempts": row.max_attempts}


async def count_effects(db: Database) -> Counter[uuid.UUID]:
    async with db.sessions() as session:
        rows = (await session.execute(text("SELECT event_id FROM bus_effects"))).scalars().all()
    return Counter(rows)


async def wait_until(predicate: Callable[[], Awaitable[bool]], timeout: float = 15.0, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if await predicate():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(step)


# -- watching the broker ----------------------------------------------------------------------------------


@dataclass
class Tap:
    """An exclusive queue bound to every routing key: counts deliveries by message_id (= event_id)."""

    counts: Counter[str] = field(default_factory=Counter)
    bodies: dict[str, bytes] = field(default_factory=dict)

    @property
    def unique(self) -> int:
        return len(self.counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())





async def queue_depth(connection: aio_pika.abc.AbstractConnection, name: str) -> int:
    channel = await connection.channel()
    try:
        queue = await channel.declare_queue(name, passive=True)
        return int(queue.declaration_result.message_count or 0)
    finally:
        await channel.close()


# -- a broker that goes away ------------------------------------------------------------------------------


class FlakyProxy:
    """A TCP proxy to RabbitMQ: while down it refuses connections; going down kills the open ones."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target_host, self.target_port = target_host, target_port
        self.up = False
        self.port = 0
        self._server: asyncio.AbstractServer | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.accepted = 0
        self.refused = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def url(self, amqp_url: str) -> str:
        from yarl import URL

        return str(URL(amqp_url).with_host("127.0.0.1").with_port(self.port))

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            self.refused += 1
            writer.close()
            return
        self.accepted += 1
        try:
            up_reader, up_writer = await asyncio.open_connection(self.target_host, self.target_port)
        except OSError:
            writer.close()
            return
        self._writers.update({writer, up_writer})

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            with contextlib.suppress(Exception):
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self._writers.difference_update({writer, up_writer})

    def set_up(self, up: bool) -> None:
        self.up = up
        if not up:
            for writer in list(self._writers):
                with contextlib.suppress(Exception):
                    writer.transport.abort()
            self._writers.clear()

    async def close(self) -> None:
        self.set_up(False)
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()





def run_in_background(coro: Awaitable[Any]) -> asyncio.Task[Any]:
    return asyncio.ensure_future(coro)


# -- consuming --------------------------------------------------------------------------------------------


@dataclass
class HandlerState:
    """What the test handler does and saw: which customers fail, when each event was attempted."""

    failing: set[int] = field(default_factory=set)
    attempts: dict[uuid.UUID, list[float]] = field(default_factory=lambda: defaultdict(list))
    batch: bool = False  # also register a batch handler (Handlers.on_batch)
    batch_sizes: list[int] = field(default_factory=list)


def make_handlers(state: HandlerState) -> Handlers:
    handlers = Handlers(TEST_CONSUMER, subscribed=("crm.CustomerCreated",))

    @handlers.on("crm.CustomerCreated")
    async def record(session: AsyncSession, event: CustomerCreated, envelope: Envelope) -> None:
        state.attempts[envelope.event_id].append(time.monotonic())
        await session.execute(
            insert(EFFECTS).values(
                event_id=envelope.event_id, customer_id=event.customer_id, correlation_id=envelope.correlation_id
            )
        )
        if event.customer_id in state.failing:
            # Raised after the write: the inbox transaction must roll the effect back.
            raise RuntimeError(f"下游故障 customer {event.customer_id}")

    if state.batch:

        @handlers.on_batch
        async def record_many(session: AsyncSession, events: Sequence[tuple[CustomerCreated, Envelope]]) -> None:
            state.batch_sizes.append(len(events))
            for event, envelope in events:
                await record(session, event, envelope)

    return handlers


async def publish_raw(
    connection: aio_pika.abc.AbstractConnection,
    prefix: str,
    body: bytes,
    routing_key: str,
    *,
    message_id: str | None = None,
) -> None:
    """Publishes to the events exchange as a relay would (or as a buggy producer might)."""
    channel = await connection.channel(publisher_confirms=True)
    try:
        exchange = await channel.get_exchange(BusNames(prefix).exchange)
        await exchange.publish(
            aio_pika.Message(body, message_id=message_id, type=routing_key, content_type="application/json",
                             delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
            routing_key=routing_key,
        )
    finally:
        await channel.close()


async def publish_many(connection: aio_pika.abc.AbstractConnection, prefix: str, envelopes: list[Envelope]) -> None:
    """Publishes envelopes as a relay would, on one confirming channel, concurrently."""
    channel = await connection.channel(publisher_confirms=True)
    try:
        exchange = await channel.get_exchange(BusNames(prefix).exchange)
        await asyncio.gather(*(
            exchange.publish(
                aio_pika.Message(e.to_bytes(), message_id=str(e.event_id), type=e.event_type,
                                 content_type="application/json", delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                routing_key=e.event_type,
            )
            for e in envelopes
        ))
    finally:
        await channel.close()
