"""Inbox consumer against real PostgreSQL and RabbitMQ: duplicates, retries with back-off, parking, re-drive."""

from __future__ import annotations

import asyncio
import itertools
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aio_pika
import pytest
import structlog
from bus_testkit import (
    TEST_CONSUMER,
    TEST_DELAYS_MS,
    FlakyProxy,
    HandlerState,
    count_effects,
    customer_event,
    make_handlers,
    publish_many,
    publish_raw,
    queue_depth,
    wait_until,
)
from prometheus_client import REGISTRY
from sqlalchemy import text

from shared.bus.consumer import InboxConsumer, _Backlog
from shared.bus.inbox import PoisonMessage, apply_envelope
from shared.bus.redrive import list_parked, redrive
from shared.bus.topology import BusNames, declare
from shared.db import Database
from shared.events.envelope import Envelope
from shared.settings import SuiteSettings

Connection = aio_pika.abc.AbstractConnection


@asynccontextmanager
async def running_consumer(
    db: Database, state: HandlerState, prefix: str, url: str, *, prefetch: int = 16
) -> AsyncIterator[InboxConsumer]:
    consumer = InboxConsumer(db, make_handlers(state), amqp_url=url, prefix=prefix,
                             retry_delays_ms=TEST_DELAYS_MS, prefetch=prefetch)
    stop = asyncio.Event()
    task = asyncio.ensure_future(consumer.run(stop))
    try:
        await asyncio.wait_for(consumer.consuming.wait(), timeout=10)
        yield consumer
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=10)


async def settled(amqp: Connection, consumer: InboxConsumer, queue: str) -> bool:
    return consumer.busy == 0 and await queue_depth(amqp, queue) == 0


async def inbox_rows(db: Database) -> int:
    async with db.sessions() as session:
        return int((await session.execute(text("SELECT count(*) FROM inbox"))).scalar_one())


async def test_apply_envelope_applies_once_and_rolls_back_a_failing_handler(db: Database) -> None:
    state = HandlerState()
    handlers = make_handlers(state)
    envelope = customer_event(1, correlation_id="req-apply")
    assert await apply_envelope(db, handlers, envelope) is True
    assert await apply_envelope(db, handlers, envelope) is False
    assert await count_effects(db) == {envelope.event_id: 1}

    state.failing.add(2)
    failing = customer_event(2)
    with pytest.raises(RuntimeError):
        await apply_envelope(db, handlers, failing)
    # Neither the effect nor the inbox row survived, so a retry will apply it.
    assert failing.event_id not in await count_effects(db)
    assert await inbox_rows(db) == 1
    state.failing.clear()
    assert await apply_envelope(db, handlers, failing) is True

    with pytest.raises(PoisonMessage):
        await apply_envelope(db, handlers, Envelope(event_type="crm.CustomerUpdated", producer="crm", payload={}))


async def test_the_same_event_delivered_twice_has_one_effect(
    db: Database, bus_prefix: str, amqp: Connection, suite_settings: SuiteSettings
) -> None:
    state = HandlerState()
    names = BusNames(bus_prefix)
    duplicates_before = _metric("bus_events_duplicate_total")
    async with running_consumer(db, state, bus_prefix, suite_settings.amqp_url) as consumer:
        events = [customer_event(i, correlation_id=f"req-{i}") for i in range(20)]
        for envelope in events:
            # Each event twice, as a relay that lost its confirm would publish it.
            for _ in range(2):
                await publish_raw(amqp, bus_prefix, envelope.to_bytes(), envelope.event_type,
                                  message_id=str(envelope.event_id))
        await wait_until(lambda: settled(amqp, consumer, names.queue(TEST_CONSUMER)))
    effects = await count_effects(db)
    assert effects == {e.event_id: 1 for e in events}
    assert await inbox_rows(db) == 20
    # Both copies reached the consumer; the second was skipped by the inbox before the handler ran.
    assert _metric("bus_events_duplicate_total") - duplicates_before == 20
    assert sum(len(times) for times in state.attempts.values()) == 20
    async with db.sessions() as session:
        correlation = (await session.execute(text("SELECT correlation_id FROM bus_effects WHERE customer_id = 3")))
        assert correlation.scalar_one() == "req-3"


async def test_a_failing_handler_is_retried_with_back_off_parked_and_redriven_once(
    db: Database, bus_prefix: str, amqp: Connection, suite_settings: SuiteSettings
) -> None:
    state = HandlerState(failing={42})
    names = BusNames(bus_prefix)
    url = suite_settings.amqp_url
    bad = customer_event(42, correlation_id="req-bad")
    good = customer_event(43)
    async with running_consumer(db, state, bus_prefix, url) as consumer:
        await publish_raw(amqp, bus_prefix, bad.to_bytes(), bad.event_type, message_id=str(bad.event_id))
        await publish_raw(amqp, bus_prefix, good.to_bytes(), good.event_type, message_id=str(good.event_id))

        async def parked() -> bool:
            return await queue_depth(amqp, names.parked_queue(TEST_CONSUMER)) == 1

        await wait_until(parked, timeout=10)
        await wait_until(lambda: settled(amqp, consumer, names.queue(TEST_CONSUMER)))

        # First try plus one per delay step, each later than the one before by at least its delay.
        times = state.attempts[bad.event_id]
        assert len(times) == 1 + len(TEST_DELAYS_MS)
        gaps = [b - a for a, b in itertools.pairwise(times)]
        for gap, delay_ms in zip(gaps, TEST_DELAYS_MS, strict=True):
            assert gap >= delay_ms / 1000 * 0.9, (gaps, TEST_DELAYS_MS)
        assert gaps[0] < gaps[1] < gaps[2], gaps
        assert await count_effects(db) == {good.event_id: 1}  # the failing one wrote nothing

        listed = await list_parked(url, bus_prefix, TEST_CONSUMER)
        assert len(listed) == 1
        item = listed[0]
        assert (item.event_id, item.event_type, item.attempts) == (str(bad.event_id), "crm.CustomerCreated", 4)
        assert item.reason == "handler_failed"
        assert "下游故障 customer 42" in item.last_error
        assert item.correlation_id == "req-bad"
        # Listing does not consume.
        assert await queue_depth(amqp, names.parked_queue(TEST_CONSUMER)) == 1

        # The fault is fixed; re-driving applies it exactly once, and a second re-drive finds nothing.
        state.failing.clear()
        assert await redrive(url, bus_prefix, TEST_CONSUMER, [str(uuid.uuid4())]) == []
        assert await redrive(url, bus_prefix, TEST_CONSUMER, [str(bad.event_id)]) == [str(bad.event_id)]
        await wait_until(lambda: _applied(db, bad))
        assert await redrive(url, bus_prefix, TEST_CONSUMER) == []
        await wait_until(lambda: settled(amqp, consumer, names.queue(TEST_CONSUMER)))
    assert await count_effects(db) == {good.event_id: 1, bad.event_id: 1}
    assert len(state.attempts[bad.event_id]) == 5
    assert await queue_depth(amqp, names.parked_queue(TEST_CONSUMER)) == 0


async def test_a_backlog_is_applied_in_batches_and_one_bad_event_does_not_sink_its_batch(
    db: Database, bus_prefix: str, amqp: Connection, suite_settings: SuiteSettings
) -> None:
    channel = await amqp.channel()
    await declare(channel, bus_prefix, TEST_DELAYS_MS, {TEST_CONSUMER: ("crm.CustomerCreated",)})
    await channel.close()
    events = [customer_event(i) for i in range(300)]
    duplicate = events[10]
    await publish_many(amqp, bus_prefix, [*events, duplicate])
    state = HandlerState(failing={150})
    names = BusNames(bus_prefix)
    with structlog.testing.capture_logs() as logs:
        async with running_consumer(db, state, bus_prefix, suite_settings.amqp_url, prefetch=64) as consumer:

            async def done() -> bool:
                return await queue_depth(amqp, names.parked_queue(TEST_CONSUMER)) == 1 and await settled(
                    amqp, consumer, names.queue(TEST_CONSUMER)
                )

            await wait_until(done, timeout=20)
    effects = await count_effects(db)
    assert effects == {e.event_id: 1 for e in events if e is not events[150]}
    assert await inbox_rows(db) == 299
    # The backlog went through the batch path, and the batch holding the bad event fell back to one by one.
    assert any(line["event"] == "consumer_batch_fallback" for line in logs)
    assert len(state.attempts[events[150].event_id]) >= 1 + len(TEST_DELAYS_MS)


async def test_a_batch_handler_takes_a_backlog_in_few_calls_with_the_same_effect(
    db: Database, bus_prefix: str, amqp: Connection, suite_settings: SuiteSettings
) -> None:
    channel = await amqp.channel()
    await declare(channel, bus_prefix, TEST_DELAYS_MS, {TEST_CONSUMER: ("crm.CustomerCreated",)})
    await channel.close()
    events = [customer_event(i) for i in range(300)]
    await publish_many(amqp, bus_prefix, [*events, events[10]])  # one duplicate
    state = HandlerState(failing={150}, batch=True)
    names = BusNames(bus_prefix)
    async with running_consumer(db, state, bus_prefix, suite_settings.amqp_url, prefetch=64) as consumer:

        async def done() -> bool:
            return await queue_depth(amqp, names.parked_queue(TEST_CONSUMER)) == 1 and await settled(
                amqp, consumer, names.queue(TEST_CONSUMER)
            )

        await wait_until(done, timeout=20)
    assert await count_effects(db) == {e.event_id: 1 for e in events if e is not events[150]}
    assert await inbox_rows(db) == 299
    # The backlog went through the batch handler in calls of many events, not one call per event.
    assert state.batch_sizes and max(state.batch_sizes) > 1
    assert len(state.batch_sizes) < 300


async def test_a_database_outage_spends_no_attempt_and_parks_nothing(
    bus_db_url: str, db: Database, bus_prefix: str, amqp: Connection, suite_settings: SuiteSettings
) -> None:
    from sqlalchemy.engine import make_url

    target = make_url(bus_db_url)
    proxy = FlakyProxy(target.host or "127.0.0.1", target.port or 5432)
    await proxy.start()
    proxy.set_up(True)
    flaky_db = Database(target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
                        pool_size=2)
    state = HandlerState()
    names = BusNames(bus_prefix)
    try:
        async with running_consumer(flaky_db, state, bus_prefix, suite_settings.amqp_url) as consumer:
            proxy.set_up(False)  # the consumer's database goes away (open connections are cut)
            events = [customer_event(i) for i in range(10)]
            for envelope in events:
                await publish_raw(amqp, bus_prefix, envelope.to_bytes(), envelope.event_type,
                                  message_id=str(envelope.event_id))
            await asyncio.sleep(1.5)
            assert await count_effects(db) == {}
            assert await queue_depth(amqp, names.parked_queue(TEST_CONSUMER)) == 0
            assert [await queue_depth(amqp, names.retry_queue(TEST_CONSUMER, d)) for d in TEST_DELAYS_MS] == [0, 0, 0]
            proxy.set_up(True)
            await wait_until(lambda: _all_applied(db, events), timeout=15)
            await wait_until(lambda: settled(amqp, consumer, names.queue(TEST_CONSUMER)))
    finally:
        await flaky_db.dispose()
        await proxy.close()
    assert await count_effects(db) == {e.event_id: 1 for e in events}
    assert await queue_depth(amqp, names.parked_queue(TEST_CONSUMER)) == 0


async def test_poison_messages_are_parked_at_once_and_do_not_block_the_others(
    db: Database, bus_prefix: str, amqp: Connection, suite_settings: SuiteSettings
) -> None:
    state = HandlerState()
    names = BusNames(bus_prefix)
    key = "crm.CustomerCreated"
    async with running_consumer(db, state, bus_prefix, suite_settings.amqp_url, prefetch=1) as consumer:
        await publish_raw(amqp, bus_prefix, b"\x00not json at all", key, message_id="garbage")
        unknown = Envelope(event_type="crm.NoSuchEvent", producer="crm", payload={})
        await publish_raw(amqp, bus_prefix, unknown.to_bytes(), key, message_id=str(unknown.event_id))
        invalid = Envelope(event_type=key, producer="crm", payload={"customer_id": "不是数字"})
        await publish_raw(amqp, bus_prefix, invalid.to_bytes(), key, message_id=str(invalid.event_id))
        events = [customer_event(i) for i in range(10)]
        for envelope in events:
            await publish_raw(amqp, bus_prefix, envelope.to_bytes(), key, message_id=str(envelope.event_id))
        await wait_until(lambda: _all_applied(db, events), timeout=10)
        await wait_until(lambda: settled(amqp, consumer, names.queue(TEST_CONSUMER)))
    parked = await list_parked(suite_settings.amqp_url, bus_prefix, TEST_CONSUMER)
    assert sorted(p.reason for p in parked) == ["invalid_payload", "unknown_event_type", "unparseable"]
    assert all(p.attempts == 0 for p in parked)  # never retried
    assert await count_effects(db) == {e.event_id: 1 for e in events}


async def test_the_consumer_binds_the_correlation_id_into_its_logs(
    db: Database, bus_prefix: str, amqp: Connection, suite_settings: SuiteSettings
) -> None:
    state = HandlerState(failing={5})
    envelope = customer_event(5, correlation_id="req-trace-me")
    with structlog.testing.capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        async with running_consumer(db, state, bus_prefix, suite_settings.amqp_url):
            await publish_raw(amqp, bus_prefix, envelope.to_bytes(), envelope.event_type,
                              message_id=str(envelope.event_id))
            await wait_until(lambda: _attempted(state, envelope, 1))
            await asyncio.sleep(0.05)
    failures = [line for line in logs if line.get("event") == "event_handler_failed"]
    assert failures, logs
    assert failures[0]["correlation_id"] == "req-trace-me"
    assert failures[0]["event_id"] == str(envelope.event_id)
    assert failures[0]["event_type"] == "crm.CustomerCreated"


async def test_the_redrive_command_lists_parked_messages(
    db: Database, bus_prefix: str, amqp: Connection, suite_settings: SuiteSettings,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from shared.bus import redrive as redrive_module

    state = HandlerState()
    async with running_consumer(db, state, bus_prefix, suite_settings.amqp_url) as consumer:
        await publish_raw(amqp, bus_prefix, b"{}", "crm.CustomerCreated", message_id="m-1")
        await wait_until(lambda: settled(amqp, consumer, BusNames(bus_prefix).queue(TEST_CONSUMER)))
    monkeypatch.setenv("SUITE_BUS_PREFIX", bus_prefix)
    # asyncio.run cannot nest in the test's loop: run the command in a thread, as a shell would run it.
    code = await asyncio.to_thread(redrive_module.main, [TEST_CONSUMER, "--list", "--json"])
    assert code == 0
    # Log lines may share stdout with the listing; the listing's lines are JSON objects.
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith('{"event_id"')]
    assert [(line["event_id"], line["reason"]) for line in lines] == [("m-1", "unparseable")]
    code = await asyncio.to_thread(redrive_module.main, [TEST_CONSUMER, "--all"])
    assert code == 0
    assert "re-driven m-1" in capsys.readouterr().out


def _metric(name: str) -> float:
    return REGISTRY.get_sample_value(name, {"service": TEST_CONSUMER}) or 0.0


async def _applied(db: Database, envelope: Envelope) -> bool:
    return envelope.event_id in await count_effects(db)


async def _all_applied(db: Database, events: list[Envelope]) -> bool:
    effects = await count_effects(db)
    return all(e.event_id in effects for e in events)


async def _attempted(state: HandlerState, envelope: Envelope, n: int) -> bool:
    return len(state.attempts.get(envelope.event_id, [])) >= n


async def test_the_backlog_hands_out_the_oldest_messages_and_waiting_takes_none() -> None:
    backlog = _Backlog()
    waiter = asyncio.ensure_future(backlog.wait())
    await asyncio.sleep(0)
    assert not waiter.done()
    for tag in range(5):
        backlog.put(tag)  # type: ignore[arg-type]  # any object stands for a delivered message here
    assert await waiter is True
    # Waiting left every message in place, so a batch formed later still starts with the oldest.
    assert len(backlog) == 5
    assert backlog.take(3) == [0, 1, 2]
    assert backlog.take(10) == [3, 4]
    backlog.put(5)  # type: ignore[arg-type]
    backlog.close()
    # Closed: what is still here is handed out, then waiting ends.
    assert await backlog.wait() is True
    assert backlog.take(1) == [5]
    assert await backlog.wait() is False
