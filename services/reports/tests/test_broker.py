"""The month through the real broker and the real inbox consumer: duplicates, shuffles, a poison event."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator

import aio_pika
import httpx
import pytest
from reports_month import NOVEMBER, business_month
from reports_testkit import admin_headers, november
from sqlalchemy import text
from test_month import assert_month

from reports.handlers import handlers
from reports.settings import ReportsSettings
from shared.bus import emit
from shared.bus.consumer import InboxConsumer
from shared.bus.redrive import list_parked, redrive
from shared.bus.topology import BusNames, delete_topology
from shared.bus.worker import serve_worker
from shared.db import Database
from shared.events.catalogue import parse
from shared.events.envelope import Envelope
from shared.settings import SuiteSettings
from shared.testing import wait_for

DELAYS_MS = [100, 200]
Connection = aio_pika.abc.AbstractConnection


@pytest.fixture
async def amqp(suite_settings: SuiteSettings) -> AsyncIterator[Connection]:
    connection = await aio_pika.connect(suite_settings.amqp_url)
    yield connection
    await connection.close()
    # The suite prefix of this run is the one the app's freshness probe reads; each test starts clean.
    await delete_topology(suite_settings.amqp_url, suite_settings.bus_prefix, ["reports"], DELAYS_MS)


@pytest.fixture
async def consumer(db: Database, amqp: Connection, suite_settings: SuiteSettings) -> AsyncIterator[InboxConsumer]:
    running = InboxConsumer(
        db,
        handlers,
        amqp_url=suite_settings.amqp_url,
        prefix=suite_settings.bus_prefix,
        retry_delays_ms=DELAYS_MS,
        prefetch=16,
    )
    stop = asyncio.Event()
    task = asyncio.ensure_future(running.run(stop))
    await asyncio.wait_for(running.consuming.wait(), timeout=10)
    yield running
    stop.set()
    await asyncio.wait_for(task, timeout=10)


async def publish(amqp: Connection, prefix: str, envelopes: list[Envelope]) -> None:
    """Publishes as the outbox relay does: persistent, confirmed, message_id = event id, type = routing key."""
    channel = await amqp.channel(publisher_confirms=True)
    try:
        exchange = await channel.get_exchange(BusNames(prefix).exchange)
        for envelope in envelopes:
            await exchange.publish(
                aio_pika.Message(
                    envelope.to_bytes(),
                    message_id=str(envelope.event_id),
                    type=envelope.event_type,
                    content_type="application/json",
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                ),
                routing_key=envelope.event_type,
                mandatory=True,
            )
    finally:
        await channel.close()


async def depth(amqp: Connection, name: str) -> int:
    channel = await amqp.channel()
    try:
        return int((await channel.declare_queue(name, passive=True)).declaration_result.message_count or 0)
    finally:
        await channel.close()


async def inbox_count(db: Database) -> int:
    async with db.sessions() as session:
        return int((await session.execute(text("SELECT count(*) FROM inbox WHERE consumer = 'reports'"))).scalar_one())


async def drained(db: Database, amqp: Connection, consumer: InboxConsumer, prefix: str, expected: int) -> bool:
    names = BusNames(prefix)
    return await inbox_count(db) == expected and consumer.busy == 0 and await depth(amqp, names.queue("reports")) == 0


async def test_month_through_the_broker_twice_and_shuffled(
    db: Database, api: httpx.AsyncClient, amqp: Connection, consumer: InboxConsumer, suite_settings: SuiteSettings
) -> None:
    prefix = suite_settings.bus_prefix
    month = business_month()
    doubled = month + month
    random.Random(7).shuffle(doubled)
    await publish(amqp, prefix, doubled)
    await wait_for(lambda: drained(db, amqp, consumer, prefix, len(month)), timeout=30)
    assert_month(await november(api))

    async def queue_read_as_empty() -> bool:
        # Read from the broker queue itself (the figure is reused for up to a second).
        body = (await api.get("/api/reports/sales", params=NOVEMBER, headers=admin_headers())).json()
        return body["freshness"]["queue_waiting"] == 0

    await wait_for(queue_read_as_empty, timeout=5)


async def test_a_poison_event_is_parked_without_blocking_and_counts_once_after_redrive(
    db: Database, api: httpx.AsyncClient, amqp: Connection, consumer: InboxConsumer, suite_settings: SuiteSettings
) -> None:
    prefix = suite_settings.bus_prefix
    names = BusNames(prefix)
    month = business_month()
    poison = next(e for e in month if e.event_type == "mall.OrderSettled" and e.payload["order_id"] == 603)
    # A real fault in the projection's write path: the database refuses the row of goods 703 (order 603).
    async with db.sessions() as session, session.begin():
        await session.execute(
            text(
                "CREATE FUNCTION refuse_goods_703() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.goods_id = 703 THEN RAISE EXCEPTION 'goods 703 refused'; END IF; RETURN NEW; END $$"
            )
        )
        await session.execute(
            text(
                "CREATE TRIGGER refuse_goods_703 BEFORE INSERT OR UPDATE ON rp_goods_rollup "
                "FOR EACH ROW EXECUTE FUNCTION refuse_goods_703()"
            )
        )
    # Also a message no code can ever apply (a negative amount): parked at once.
    broken = poison.model_copy(
        update={
            "event_id": poison.event_id.__class__(int=1),
            "payload": {**poison.payload, "order_id": 9999, "sale_amount": "-1.00"},
        }
    )
    await publish(amqp, prefix, [*month, broken])

    # Everything else is applied although the poison sits in front of the later events.
    await wait_for(lambda: drained(db, amqp, consumer, prefix, len(month) - 1), timeout=30)
    await wait_for(lambda: _depth_is(amqp, names.parked_queue("reports"), 2), timeout=10)
    parked = {p.event_id: p for p in await list_parked(suite_settings.amqp_url, prefix, "reports")}
    assert parked[str(poison.event_id)].reason == "handler_failed"
    assert parked[str(poison.event_id)].attempts == len(DELAYS_MS) + 1
    assert parked[str(broken.event_id)].reason == "invalid_payload"
    figures = await november(api)
    assert figures["goods"]["totals"]["orders"] == 3  # order 603 not in yet
    assert figures["sales"]["totals"]["contract_amount"] == "170000.00"
    async with db.sessions() as session:
        stored = (
            await session.execute(
                text("SELECT count(*) FROM event_store WHERE event_id = :id"), {"id": poison.event_id}
            )
        ).scalar_one()
    assert stored == 0  # the failed attempts rolled back the raw copy too

    # The fix ships; the operator re-drives the parked event. It counts once, even if it is also re-sent.
    async with db.sessions() as session, session.begin():
        await session.execute(text("DROP TRIGGER refuse_goods_703 ON rp_goods_rollup"))
        await session.execute(text("DROP FUNCTION refuse_goods_703()"))
    moved = await redrive(suite_settings.amqp_url, prefix, "reports", [str(poison.event_id)])
    assert moved == [str(poison.event_id)]
    await publish(amqp, prefix, [poison])
    await wait_for(lambda: drained(db, amqp, consumer, prefix, len(month)), timeout=30)
    assert_month(await november(api))
    assert await depth(amqp, names.parked_queue("reports")) == 1  # only the unfixable one is left


async def _depth_is(amqp: Connection, name: str, expected: int) -> bool:
    return await depth(amqp, name) == expected


async def test_month_emitted_through_an_outbox_and_the_relay(
    db: Database, api: httpx.AsyncClient, amqp: Connection, reports_settings: ReportsSettings
) -> None:
    """The full path: emit() in a transaction, the outbox relay publishes, the worker's consumer applies."""
    month = business_month()
    async with db.sessions() as session, session.begin():
        for envelope in month:
            await emit(session, envelope.producer, parse(envelope), occurred_at=envelope.occurred_at)
    settings = reports_settings.model_copy(update={"retry_delays_ms": DELAYS_MS})
    stop = asyncio.Event()
    worker = asyncio.ensure_future(serve_worker(settings, handlers, [], stop))
    try:
        await wait_for(lambda: inbox_count_is(db, len(month)), timeout=30)
    finally:
        stop.set()
        await asyncio.wait_for(worker, timeout=15)
    assert_month(await november(api))


async def inbox_count_is(db: Database, expected: int) -> bool:
    return await inbox_count(db) == expected
