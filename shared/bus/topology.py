"""The broker topology, from one source: declared by code at start and rendered as RabbitMQ definitions.

Names under a prefix (`suite.bus_prefix`, default "suite."; tests use one per run):
- `<prefix>events`: the one durable topic exchange; routing key `<producer>.<EventType>`;
- `<prefix><svc>.events`: a consuming service's durable queue, bound to its keys from SUBSCRIPTIONS;
- `<prefix><svc>.retry.<ms>`: one delay queue per retry step; a message waits there `ms` (queue TTL), then
  is dead-lettered back to the main queue through the default exchange;
- `<prefix><svc>.parked`: messages that kept failing (or could never be handled), until re-driven.

Every queue is a quorum queue: replicated over the broker's nodes, so a queue survives the loss of one.
The main queue has a delivery limit: a message that keeps coming back without an ack (a consumer that
crashes on it every time) is dead-lettered to the parked queue instead of looping for ever. Dead-lettering
is at-least-once, so a message is never dropped between the two queues.

`python -m shared.bus.topology --write` regenerates `deploy/rabbitmq/definitions.json` (default prefix and
retry delays); a test keeps the committed file equal to the generated one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange

from shared.bus.subscriptions import SUBSCRIPTIONS
from shared.settings import REPO_ROOT, ServiceSettings, SuiteSettings

DEFINITIONS_FILE = REPO_ROOT / "deploy" / "rabbitmq" / "definitions.json"
DEFAULT_PREFIX = "suite."
VHOST = "/"
# Headers the consumer and the re-drive command agree on.
ATTEMPT_HEADER = "x-attempt"
ERROR_HEADER = "x-last-error"
PARKED_AT_HEADER = "x-parked-at"
ROUTING_KEY_HEADER = "x-routing-key"


# Deliveries of one message before the broker parks it: the consumer's own retries go through the delay
# queues (each a fresh delivery), so only a crash-looping message reaches this.
DEFAULT_DELIVERY_LIMIT = 20
QUORUM: dict[str, Any] = {"x-queue-type": "quorum"}
QueueType = Literal["quorum", "classic"]
_AT_LEAST_ONCE_DEAD_LETTERS: dict[str, Any] = {
    "x-dead-letter-strategy": "at-least-once",
    "x-overflow": "reject-publish",
}
CONVERTING_SUFFIX = ".converting"


def default_retry_delays_ms() -> list[int]:
    return list(ServiceSettings.model_fields["retry_delays_ms"].default_factory())  # type: ignore[misc]


@dataclass(frozen=True)
class BusNames:
    prefix: str

    @property
    def exchange(self) -> str:
        return f"{self.prefix}events"

    def queue(self, service: str) -> str:
        return f"{self.prefix}{service}.events"

    def retry_queue(self, service: str, delay_ms: int) -> str:
        return f"{self.prefix}{service}.retry.{delay_ms}"

    def parked_queue(self, service: str) -> str:
        return f"{self.prefix}{service}.parked"


@dataclass(frozen=True)
class QueueSpec:
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Topology:
    """Everything to declare, as plain data: the declaring code and the JSON rendering both read this."""

    exchange: str
    queues: tuple[QueueSpec, ...]
    bindings: tuple[tuple[str, str], ...]  # (queue, routing key) on the exchange


def build_topology(
    prefix: str,
    retry_delays_ms: Sequence[int],
    subscriptions: Mapping[str, Iterable[str]] = SUBSCRIPTIONS,
    delivery_limit: int = DEFAULT_DELIVERY_LIMIT,
    queue_type: QueueType = "quorum",
) -> Topology:
    names = BusNames(prefix)
    if queue_type == "classic":
        return _classic_topology(names, retry_delays_ms, subscriptions)
    queues: list[QueueSpec] = []
    bindings: list[tuple[str, str]] = []
    for service in sorted(subscriptions):
        keys = sorted(set(subscriptions[service]))
        if not keys:
            continue
        main = names.queue(service)
        queues.append(
            QueueSpec(
                main,
                {
                    **QUORUM,
                    "x-delivery-limit": delivery_limit,
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": names.parked_queue(service),
                    **_AT_LEAST_ONCE_DEAD_LETTERS,
                },
            )
        )
        bindings.extend((main, key) for key in keys)
        for delay in sorted(set(retry_delays_ms)):
            queues.append(
                QueueSpec(
                    names.retry_queue(service, delay),
                    {
                        **QUORUM,
                        "x-message-ttl": int(delay),
                        "x-dead-letter-exchange": "",
                        "x-dead-letter-routing-key": main,
                        **_AT_LEAST_ONCE_DEAD_LETTERS,
                    },
                )
            )
        queues.append(QueueSpec(names.parked_queue(service), dict(QUORUM)))
    return Topology(names.exchange, tuple(queues), tuple(bindings))


def _classic_topology(
    names: BusNames, retry_delays_ms: Sequence[int], subscriptions: Mapping[str, Iterable[str]]
) -> Topology:
    """The same queues as classic queues, without the broker's delivery limit (a quorum-only feature)."""
    quorum = build_topology(names.prefix, retry_delays_ms, subscriptions)
    queues = tuple(
        QueueSpec(q.name, {k: v for k, v in q.arguments.items() if k in _CLASSIC_ARGUMENTS}) for q in quorum.queues
    )
    return Topology(quorum.exchange, queues, quorum.bindings)


_CLASSIC_ARGUMENTS = {"x-message-ttl", "x-dead-letter-exchange", "x-dead-letter-routing-key"}


async def declare(
    channel: AbstractChannel,
    prefix: str,
    retry_delays_ms: Sequence[int],
    subscriptions: Mapping[str, Iterable[str]] = SUBSCRIPTIONS,
    delivery_limit: int = DEFAULT_DELIVERY_LIMIT,
    queue_type: QueueType | None = None,
) -> AbstractExchange:
    """Declares the exchange, every queue and binding (idempotent); returns the events exchange.

    The queue type is `SUITE_BUS_QUEUE_TYPE` unless given. A queue left with the other type (a classic queue of
    an older version) is converted in place, its messages kept.
    """
    queue_type = queue_type or SuiteSettings().bus_queue_type
    topology = build_topology(prefix, retry_delays_ms, subscriptions, delivery_limit, queue_type)
    exchange = await channel.declare_exchange(topology.exchange, aio_pika.ExchangeType.TOPIC, durable=True)
    queues = {}
    for spec in topology.queues:
        try:
            queues[spec.name] = await channel.declare_queue(spec.name, durable=True, arguments=spec.arguments)
        except aio_pika.exceptions.ChannelPreconditionFailed:
            await channel.reopen()
            queues[spec.name] = await _convert(channel, spec)
    for queue_name, key in topology.bindings:
        await queues[queue_name].bind(exchange, routing_key=key)
    return exchange


async def _move_messages(channel: AbstractChannel, source: str, target: str) -> int:
    """Moves every message of `source` to `target` through the default exchange, one confirmed publish each."""
    queue = await channel.declare_queue(source, passive=True)
    moved = 0
    while (message := await queue.get(no_ack=False, fail=False)) is not None:
        await channel.default_exchange.publish(
            aio_pika.Message(
                message.body,
                headers=message.headers,
                content_type=message.content_type,
                message_id=message.message_id,
                type=message.type,
                timestamp=message.timestamp,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            ),
            routing_key=target,
        )
        await message.ack()
        moved += 1
    return moved


async def _convert(channel: AbstractChannel, spec: QueueSpec) -> aio_pika.abc.AbstractQueue:
    """A queue of the same name and another type exists (a classic queue of an older version): hold its messages
    in a queue of the new type, re-create it, move them back. Rare (once per queue, on the first start of this
    version), so it may take its time.

    A crash between the delete and the move back leaves messages in `<name>.converting`:
    `python -m shared.bus.topology --finish-conversion` moves them on (docs/runbook.md)."""
    holding = spec.name + CONVERTING_SUFFIX
    holding_arguments = QUORUM if spec.arguments.get("x-queue-type") == "quorum" else None
    await channel.declare_queue(holding, durable=True, arguments=holding_arguments)
    await _move_messages(channel, spec.name, holding)
    await channel.queue_delete(spec.name)
    # A new channel: RabbitMQ 3.10's channel remembers the type of a queue it has published to, and would crash
    # publishing to the quorum queue that now has the classic one's name.
    await channel.close()
    await channel.reopen()
    queue = await channel.declare_queue(spec.name, durable=True, arguments=spec.arguments)
    await _move_messages(channel, holding, spec.name)
    await channel.queue_delete(holding)
    return queue


async def finish_conversions(
    amqp_url: str, prefix: str, retry_delays_ms: Sequence[int], queue_type: QueueType = "quorum"
) -> dict[str, int]:
    """Moves what an interrupted conversion left in `<name>.converting` into its queue; returns the counts."""
    moved: dict[str, int] = {}
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel()
        for spec in build_topology(prefix, retry_delays_ms, queue_type=queue_type).queues:
            holding = spec.name + CONVERTING_SUFFIX
            try:
                await channel.declare_queue(holding, passive=True)
            except aio_pika.exceptions.ChannelNotFoundEntity:
                await channel.reopen()
                continue
            await channel.declare_queue(spec.name, durable=True, arguments=spec.arguments)
            moved[spec.name] = await _move_messages(channel, holding, spec.name)
            await channel.queue_delete(holding)
    finally:
        await connection.close()
    return moved


def render_definitions(
    prefix: str = DEFAULT_PREFIX,
    retry_delays_ms: Sequence[int] | None = None,
    subscriptions: Mapping[str, Iterable[str]] = SUBSCRIPTIONS,
) -> dict[str, Any]:
    """The same topology as a RabbitMQ definitions document (import with `rabbitmqctl import_definitions`)."""
    delays = default_retry_delays_ms() if retry_delays_ms is None else retry_delays_ms
    topology = build_topology(prefix, delays, subscriptions)
    return {
        "exchanges": [
            {
                "name": topology.exchange,
                "vhost": VHOST,
                "type": "topic",
                "durable": True,
                "auto_delete": False,
                "internal": False,
                "arguments": {},
            }
        ],
        "queues": [
            {"name": q.name, "vhost": VHOST, "durable": True, "auto_delete": False, "arguments": q.arguments}
            for q in topology.queues
        ],
        "bindings": [
            {
                "source": topology.exchange,
                "vhost": VHOST,
                "destination": queue,
                "destination_type": "queue",
                "routing_key": key,
                "arguments": {},
            }
            for queue, key in topology.bindings
        ],
    }


def definitions_text() -> str:
    return json.dumps(render_definitions(), indent=2, ensure_ascii=False) + "\n"


async def delete_topology(
    amqp_url: str,
    prefix: str,
    services: Iterable[str] | None = None,
    retry_delays_ms: Iterable[int] = (),
) -> None:
    """Deletes what `declare` made under `prefix` (test cleanup). Missing names are fine.

    Delay queues are named by their delay, so pass the steps the run used (the defaults and the usual
    test steps 100/200/400 ms are always included).
    """
    names = BusNames(prefix)
    all_services = list(services if services is not None else SUBSCRIPTIONS)
    delays = {*default_retry_delays_ms(), 100, 200, 400, *retry_delays_ms}
    queue_names: list[str] = []
    for service in all_services:
        queue_names += [names.queue(service), names.parked_queue(service)]
        queue_names += [names.retry_queue(service, delay) for delay in sorted(delays)]
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel()
        for name in queue_names:
            try:
                await channel.queue_delete(name)
            except aio_pika.exceptions.AMQPError:
                # A refused delete closes the channel: carry on with a new one.
                channel = await connection.channel()
        with contextlib.suppress(aio_pika.exceptions.AMQPError):
            await channel.exchange_delete(names.exchange)
    finally:
        await connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.bus.topology", description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {DEFINITIONS_FILE.relative_to(REPO_ROOT)}")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is out of date")
    parser.add_argument("--finish-conversion", action="store_true",
                        help="move messages an interrupted classic-to-quorum conversion left in <queue>.converting")
    args = parser.parse_args(argv)
    if args.finish_conversion:
        suite = SuiteSettings()
        moved = asyncio.run(finish_conversions(suite.amqp_url, suite.bus_prefix, default_retry_delays_ms(),
                                                   suite.bus_queue_type))
        print(json.dumps(moved or "nothing to move", ensure_ascii=False))
        return 0
    text = definitions_text()
    if args.write:
        Path(DEFINITIONS_FILE).parent.mkdir(parents=True, exist_ok=True)
        DEFINITIONS_FILE.write_text(text)
        print(f"wrote {DEFINITIONS_FILE}")
        return 0
    if args.check:
        current = DEFINITIONS_FILE.read_text() if DEFINITIONS_FILE.exists() else ""
        if current != text:
            print(f"{DEFINITIONS_FILE} is out of date: run python -m shared.bus.topology --write", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
