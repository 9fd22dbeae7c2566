"""Quorum queues on the real broker: every queue of the topology is one, a crash-looping message is parked by
the delivery limit, and a classic queue left by an older version is converted with its messages kept.
(The rest of the test suite declares classic queues: SUITE_BUS_QUEUE_TYPE in the root conftest.)"""

from __future__ import annotations

import asyncio

import aio_pika
import pytest
from bus_testkit import TEST_DELAYS_MS

from shared.bus.topology import CONVERTING_SUFFIX, QUORUM, BusNames, build_topology, declare, finish_conversions
from shared.settings import SuiteSettings

PERSISTENT = aio_pika.DeliveryMode.PERSISTENT
SERVICE = "reports"  # any consuming service of SUBSCRIPTIONS


async def test_every_declared_queue_is_a_quorum_queue(bus_prefix: str, amqp: aio_pika.abc.AbstractConnection) -> None:
    channel = await amqp.channel()
    await declare(channel, bus_prefix, TEST_DELAYS_MS, queue_type="quorum")
    for spec in build_topology(bus_prefix, TEST_DELAYS_MS).queues:
        assert spec.arguments["x-queue-type"] == "quorum"
        # The broker accepts a re-declaration only when it is equivalent: as a quorum queue, not as a classic one.
        await channel.declare_queue(spec.name, durable=True, arguments=spec.arguments)
        with pytest.raises(aio_pika.exceptions.ChannelPreconditionFailed):
            await channel.declare_queue(spec.name, durable=True, arguments={"x-queue-type": "classic"})
        await channel.reopen()


async def test_a_message_that_keeps_coming_back_is_parked_by_the_delivery_limit(
    bus_prefix: str, amqp: aio_pika.abc.AbstractConnection
) -> None:
    limit = 3
    channel = await amqp.channel()
    await declare(channel, bus_prefix, TEST_DELAYS_MS, delivery_limit=limit, queue_type="quorum")
    names = BusNames(bus_prefix)
    await channel.default_exchange.publish(
        aio_pika.Message(b'{"poison": true}', message_id="poison-1", delivery_mode=PERSISTENT),
        routing_key=names.queue(SERVICE),
    )
    main = await channel.declare_queue(names.queue(SERVICE), passive=True)
    deliveries = 0
    # Each rejection with requeue is what a consumer that dies on the message amounts to.
    while (message := await main.get(no_ack=False, fail=False, timeout=5)) is not None:
        deliveries += 1
        await message.reject(requeue=True)
        assert deliveries <= limit + 1, "the broker kept redelivering past the delivery limit"
    assert deliveries == limit + 1
    parked = await channel.declare_queue(names.parked_queue(SERVICE), passive=True)
    message = None
    for _ in range(100):  # dead-lettering is asynchronous: give the broker up to 10 s
        message = await parked.get(no_ack=False, fail=False)
        if message is not None:
            break
        await asyncio.sleep(0.1)
    assert message is not None, "the poison message was not parked"
    assert message.message_id == "poison-1" and message.body == b'{"poison": true}'
    await message.ack()


async def test_a_classic_queue_of_an_older_version_is_converted_with_its_messages(
    bus_prefix: str, amqp: aio_pika.abc.AbstractConnection
) -> None:
    channel = await amqp.channel()
    names = BusNames(bus_prefix)
    classic = await channel.declare_queue(names.queue(SERVICE), durable=True)  # what the older version declared
    for n in range(5):
        await channel.default_exchange.publish(
            aio_pika.Message(f"waiting-{n}".encode(), message_id=str(n), delivery_mode=PERSISTENT),
            routing_key=classic.name,
        )
    await declare(channel, bus_prefix, TEST_DELAYS_MS, queue_type="quorum")
    spec = next(q for q in build_topology(bus_prefix, TEST_DELAYS_MS).queues if q.name == names.queue(SERVICE))
    await channel.declare_queue(spec.name, durable=True, arguments=spec.arguments)  # now a quorum queue
    converted = await channel.declare_queue(names.queue(SERVICE), passive=True)
    bodies = []
    while (message := await converted.get(no_ack=False, fail=False, timeout=5)) is not None:
        bodies.append(message.body.decode())
        await message.ack()
    assert sorted(bodies) == [f"waiting-{n}" for n in range(5)]
    with pytest.raises(aio_pika.exceptions.ChannelNotFoundEntity):
        await channel.declare_queue(names.queue(SERVICE) + ".converting", passive=True)


async def test_messages_an_interrupted_conversion_left_behind_are_moved_on(
    bus_prefix: str, amqp: aio_pika.abc.AbstractConnection, suite_settings: SuiteSettings
) -> None:
    channel = await amqp.channel()
    names = BusNames(bus_prefix)
    await declare(channel, bus_prefix, TEST_DELAYS_MS, queue_type="quorum")
    holding = names.queue(SERVICE) + CONVERTING_SUFFIX  # as a crash after the classic queue's delete leaves it
    await channel.declare_queue(holding, durable=True, arguments=QUORUM)
    for n in range(3):
        await channel.default_exchange.publish(
            aio_pika.Message(f"held-{n}".encode(), delivery_mode=PERSISTENT), routing_key=holding
        )
    moved = await finish_conversions(suite_settings.amqp_url, bus_prefix, TEST_DELAYS_MS)
    assert moved == {names.queue(SERVICE): 3}
    main = await channel.declare_queue(names.queue(SERVICE), passive=True)
    bodies = []
    while (message := await main.get(no_ack=False, fail=False)) is not None:
        bodies.append(message.body.decode())
        await message.ack()
    assert sorted(bodies) == ["held-0", "held-1", "held-2"]
