"""Outbox relay against real PostgreSQL and RabbitMQ: outages, restarts, two relays, unroutable rows."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aio_pika
import pytest
from bus_testkit import (
    TEST_CONSUMER,
    TEST_DELAYS_MS,
    FlakyProxy,
    Tap,
    customer_event,
    insert_outbox,
    outbox_state,
    queue_depth,
    wait_until,
)
from sqlalchemy import text

from shared.bus import emit, outbox
from shared.bus.relay import OutboxRelay
from shared.bus.topology import BusNames
from shared.db import Database
from shared.events.crm import CustomerCreated, CustomerUpdated
from shared.settings import SuiteSettings


def make_relay(db: Database, url: str, prefix: str, **options: Any) -> OutboxRelay:
    defaults: dict[str, Any] = {"backoff_initial": 0.05, "backoff_max": 0.5, "poll_seconds": 1.0}
    return OutboxRelay(db, service="crm", amqp_url=url, prefix=prefix, retry_delays_ms=TEST_DELAYS_MS,
                       **(defaults | options))


async def stop_relay(stop: asyncio.Event, task: asyncio.Task[None]) -> None:
    stop.set()
    await asyncio.wait_for(task, timeout=10)


async def test_emit_writes_a_row_only_when_the_transaction_commits(db: Database) -> None:
    async with db.sessions() as session:
        await emit(session, "crm", CustomerCreated(customer_id=1, name="回滚"))
        await session.rollback()
    async with db.sessions() as session:
        envelope = await emit(session, "crm", CustomerCreated(customer_id=2, name="提交"), correlation_id="req-1")
        await session.commit()
    async with db.sessions() as session:
        rows = (await session.execute(text("SELECT event_id, routing_key, published_at FROM outbox"))).all()
    assert [(r.event_id, r.routing_key, r.published_at) for r in rows] == [
        (envelope.event_id, "crm.CustomerCreated", None)
    ]


async def test_events_from_many_small_transactions_arrive_promptly_without_polling(
    db: Database, bus_prefix: str, tap: Tap, suite_settings: SuiteSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Emitters NOTIFY at most every 25 ms per process; the relay's fast polling after a wake-up must cover
    # the transactions that skipped it, long before the (here one-minute) fallback poll. Made strict here:
    # only the first transaction NOTIFYs at all.
    monkeypatch.setattr(outbox, "NOTIFY_MIN_INTERVAL", 3600.0)
    monkeypatch.setattr(outbox, "_last_notify", -7200.0)
    relay = make_relay(db, suite_settings.amqp_url, bus_prefix, poll_seconds=60.0)
    stop = asyncio.Event()
    task = asyncio.ensure_future(relay.run(stop))
    try:
        await wait_until(lambda: _all_connected([relay]), timeout=10)
        await asyncio.sleep(0.2)  # listening
        envelopes = []
        for i in range(60):
            async with db.sessions() as session:
                envelopes.append(await emit(session, "crm", CustomerCreated(customer_id=i, name=f"客户{i}")))
                await session.commit()
        # Within 10 s, far inside the one-minute fallback poll, however slow the machine.
        await wait_until(lambda: _has(tap, envelopes), timeout=10)
    finally:
        await stop_relay(stop, task)
    assert tap.total == 60


async def test_events_written_during_an_outage_are_all_delivered_once_the_broker_is_back(
    db: Database, bus_prefix: str, tap: Tap, flaky_broker: FlakyProxy, suite_settings: SuiteSettings
) -> None:
    relay = make_relay(db, flaky_broker.url(suite_settings.amqp_url), bus_prefix, batch_size=50)
    stop = asyncio.Event()
    task = asyncio.ensure_future(relay.run(stop))
    try:
        first = await insert_outbox(db, [customer_event(i) for i in range(60)])
        await asyncio.sleep(1.0)
        # Broker away: nothing published, nothing marked, and the relay kept trying (backing off).
        assert tap.total == 0
        assert await outbox_state(db) == {"published": 0, "pending": 60, "max_attempts": 0}
        assert flaky_broker.refused >= 2
        assert len(relay.stats.errors) >= 2

        flaky_broker.set_up(True)
        await wait_until(lambda: _has(tap, first), timeout=15)

        # The connection dies in the middle of a stream of events; none is lost.
        second = [customer_event(1000 + i) for i in range(400)]
        writer = asyncio.ensure_future(_write_slowly(db, second, chunk=20))
        await wait_until(lambda: _tap_at_least(tap, 60 + 40), timeout=15)
        flaky_broker.set_up(False)
        await asyncio.sleep(0.5)
        flaky_broker.set_up(True)
        await writer
        await wait_until(lambda: _has(tap, first + second), timeout=20)
        await wait_until(lambda: _all_published(db), timeout=10)
    finally:
        await stop_relay(stop, task)
    assert relay.stats.connects >= 2
    # Exactly once for everything published before the cut; a confirm lost with the cut may repeat an event
    # (at least once), which the consumers' inbox absorbs.
    assert all(tap.counts[str(e.event_id)] == 1 for e in first)
    assert tap.unique == 460


async def test_no_event_is_lost_when_a_relay_dies_mid_way_and_another_starts(
    db: Database, bus_prefix: str, tap: Tap, suite_settings: SuiteSettings
) -> None:
    events = await insert_outbox(db, [customer_event(i) for i in range(1500)])
    stop_a = asyncio.Event()
    relay_a = make_relay(db, suite_settings.amqp_url, bus_prefix, batch_size=100)
    task_a = asyncio.ensure_future(relay_a.run(stop_a))
    await wait_until(lambda: _tap_at_least(tap, 200), timeout=15)
    # A crash, not a clean stop: the batch in flight is rolled back and must be published again.
    task_a.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task_a
    assert (await outbox_state(db))["pending"] > 0

    stop_b = asyncio.Event()
    relay_b = make_relay(db, suite_settings.amqp_url, bus_prefix, batch_size=100)
    task_b = asyncio.ensure_future(relay_b.run(stop_b))
    try:
        await wait_until(lambda: _has(tap, events), timeout=20)
        await wait_until(lambda: _all_published(db), timeout=10)
    finally:
        await stop_relay(stop_b, task_b)
    assert relay_b.stats.published > 0
    assert tap.unique == 1500


async def test_two_relays_at_once_publish_each_event_exactly_once(
    db: Database, bus_prefix: str, tap: Tap, suite_settings: SuiteSettings
) -> None:
    relays = [make_relay(db, suite_settings.amqp_url, bus_prefix, batch_size=100) for _ in range(2)]
    stop = asyncio.Event()
    tasks = [asyncio.ensure_future(relay.run(stop)) for relay in relays]
    try:
        await wait_until(lambda: _all_connected(relays), timeout=10)
        events: list[Any] = []
        for start in range(0, 2000, 250):
            events += await insert_outbox(db, [customer_event(i) for i in range(start, start + 250)])
        await wait_until(lambda: _has(tap, events), timeout=30)
        await wait_until(lambda: _all_published(db), timeout=10)
        await asyncio.sleep(0.3)  # anything published twice would have arrived by now
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)
    assert tap.unique == 2000
    assert tap.total == 2000, f"{tap.total - 2000} duplicate deliveries"
    assert sum(relay.stats.published for relay in relays) == 2000
    assert all(relay.stats.published > 0 for relay in relays), [r.stats.published for r in relays]


async def test_an_unroutable_event_is_kept_and_retried_without_blocking_the_others(
    db: Database, bus_prefix: str, amqp: aio_pika.abc.AbstractConnection, suite_settings: SuiteSettings
) -> None:
    # Only CustomerCreated is bound: CustomerUpdated comes back from the broker (mandatory routing).
    relay = make_relay(
        db, suite_settings.amqp_url, bus_prefix, subscriptions={TEST_CONSUMER: ("crm.CustomerCreated",)},
        row_backoff_initial=0.3, row_backoff_max=1.0,
    )
    names = BusNames(bus_prefix)
    stop = asyncio.Event()
    task = asyncio.ensure_future(relay.run(stop))
    try:
        await wait_until(lambda: _all_connected([relay]), timeout=10)  # the topology is declared
        async with db.sessions() as session:
            stray = await emit(session, "crm", CustomerUpdated(customer_id=7, name="无人订阅"))
            for i in range(20):
                await emit(session, "crm", CustomerCreated(customer_id=i, name=f"客户{i}"))
            await session.commit()

        async def created_delivered() -> bool:
            return await queue_depth(amqp, names.queue(TEST_CONSUMER)) == 20

        await wait_until(created_delivered, timeout=10)

        async def stray_row() -> Any:
            async with db.sessions() as session:
                return (
                    await session.execute(
                        text("SELECT published_at, attempts, last_error FROM outbox WHERE event_id = :id"),
                        {"id": stray.event_id},
                    )
                ).one()

        async def tried(times: int) -> bool:
            return (await stray_row()).attempts >= times

        await wait_until(lambda: tried(1), timeout=10)
        await wait_until(lambda: tried(3), timeout=10)  # retried
        await asyncio.sleep(1.5)
        row = await stray_row()
        assert row.published_at is None
        assert "unroutable" in row.last_error
        # Backing off (0.3 s, 0.6 s, then 1 s apart): a handful of attempts by now, not one per 20 ms poll (~100).
        # An upper bound, so a slow machine (fewer attempts) cannot fail it.
        assert row.attempts <= 8

        # The topology gains a binding: the kept row goes out on a later retry.
        channel = await amqp.channel()
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(names.exchange, routing_key="crm.CustomerUpdated")
        await wait_until(lambda: _all_published(db), timeout=10)
        assert int((await channel.declare_queue(queue.name, passive=True)).declaration_result.message_count) == 1
        await channel.close()
    finally:
        await stop_relay(stop, task)


async def test_published_rows_are_purged_after_the_retention(db: Database, bus_prefix: str,
                                                              suite_settings: SuiteSettings) -> None:
    from datetime import UTC, datetime, timedelta

    relay = make_relay(db, suite_settings.amqp_url, bus_prefix, retention=timedelta(hours=1))
    await insert_outbox(db, [customer_event(i) for i in range(5)])
    try:
        assert await relay.drain() == 5
        await insert_outbox(db, [customer_event(99)])  # not yet published: never purged
        assert await relay.purge_published(now=datetime.now(UTC) + timedelta(minutes=30)) == 0
        assert await relay.purge_published(now=datetime.now(UTC) + timedelta(hours=2)) == 5
        assert await outbox_state(db) == {"published": 0, "pending": 1, "max_attempts": 0}
    finally:
        await relay.close_broker()


# -- helpers ----------------------------------------------------------------------------------------------


async def _has(tap: Tap, events: list[Any]) -> bool:
    return all(str(e.event_id) in tap.counts for e in events)


async def _tap_at_least(tap: Tap, n: int) -> bool:
    return tap.unique >= n


async def _all_published(db: Database) -> bool:
    return (await outbox_state(db))["pending"] == 0


async def _all_connected(relays: list[OutboxRelay]) -> bool:
    return all(relay.stats.connects > 0 for relay in relays)


async def _write_slowly(db: Database, events: list[Any], chunk: int) -> None:
    for start in range(0, len(events), chunk):
        await insert_outbox(db, events[start : start + chunk])
        await asyncio.sleep(0.02)
