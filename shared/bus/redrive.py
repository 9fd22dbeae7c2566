"""Parked messages: list them, and move them back to the service's main queue once the fault is fixed.

    python -m shared.bus.redrive <svc> --list
    python -m shared.bus.redrive <svc> --all
    python -m shared.bus.redrive <svc> --event-id ID [--event-id ID ...]

A re-driven message goes back with its attempt counter reset: a confirmed publish to `<svc>.events`, then
the ack that removes it from `<svc>.parked`. If the command dies between the two, the message is in both
queues; running it again moves the copy again, and the consumer's inbox applies the event only once. So
the command is safe to run twice.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage
from aiormq.exceptions import ChannelNotFoundEntity

from shared.bus.consumer import REASON_HEADER
from shared.bus.topology import ATTEMPT_HEADER, ERROR_HEADER, PARKED_AT_HEADER, ROUTING_KEY_HEADER, BusNames
from shared.settings import SuiteSettings

# Headers that belong to the failed run, not to the event.
_RUN_HEADERS = {ATTEMPT_HEADER, ERROR_HEADER, PARKED_AT_HEADER, REASON_HEADER, "x-death"}


@dataclass(frozen=True)
class ParkedMessage:
    event_id: str | None
    event_type: str | None
    attempts: int
    reason: str
    last_error: str
    parked_at: str
    correlation_id: str | None


def _describe(message: AbstractIncomingMessage) -> ParkedMessage:
    headers = message.headers or {}
    event_id, event_type, correlation_id = message.message_id, message.type, message.correlation_id
    if event_id is None or event_type is None or correlation_id is None:
        # Published without the properties (by hand, or unparseable): look inside the body if it is JSON.
        try:
            body = json.loads(message.body)
            event_id = event_id or body.get("event_id")
            event_type = event_type or body.get("event_type")
            correlation_id = correlation_id or body.get("correlation_id")
        except (ValueError, AttributeError):
            pass
    return ParkedMessage(
        event_id=str(event_id) if event_id else None,
        event_type=str(event_type) if event_type else None,
        attempts=int(headers.get(ATTEMPT_HEADER, 0) or 0),
        reason=str(headers.get(REASON_HEADER, "")),
        last_error=str(headers.get(ERROR_HEADER, "")),
        parked_at=str(headers.get(PARKED_AT_HEADER, "")),
        correlation_id=str(correlation_id) if correlation_id else None,
    )


async def _take_all(channel: AbstractChannel, queue_name: str) -> list[AbstractIncomingMessage]:
    """Gets every parked message without acking (each stays in the queue until acked or the channel closes)."""
    try:
        queue = await channel.declare_queue(queue_name, durable=True, passive=True)
    except ChannelNotFoundEntity:
        return []  # nothing was ever parked (the queue is made when the consumer or a relay first starts)
    taken: list[AbstractIncomingMessage] = []
    while True:
        message = await queue.get(no_ack=False, fail=False)
        if message is None:
            return taken
        taken.append(message)


async def list_parked(amqp_url: str, prefix: str, service: str) -> list[ParkedMessage]:
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel()
        messages = await _take_all(channel, BusNames(prefix).parked_queue(service))
        described = [_describe(message) for message in messages]
        for message in messages:
            await message.nack(requeue=True)
        return described
    finally:
        await connection.close()


async def redrive(amqp_url: str, prefix: str, service: str, event_ids: Iterable[str] | None = None) -> list[str]:
    """Moves parked messages (all, or those with the given event ids) back; returns the moved event ids."""
    wanted = None if event_ids is None else {str(event_id) for event_id in event_ids}
    names = BusNames(prefix)
    connection = await aio_pika.connect(amqp_url)
    moved: list[str] = []
    try:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        messages = await _take_all(channel, names.parked_queue(service))
        for message in messages:
            described = _describe(message)
            if wanted is not None and described.event_id not in wanted:
                await message.nack(requeue=True)
                continue
            headers: dict[str, Any] = {k: v for k, v in (message.headers or {}).items() if k not in _RUN_HEADERS}
            headers.setdefault(ROUTING_KEY_HEADER, message.type or "")
            await channel.default_exchange.publish(
                aio_pika.Message(
                    message.body,
                    headers=headers,
                    message_id=message.message_id,
                    correlation_id=message.correlation_id,
                    type=message.type,
                    content_type=message.content_type,
                    app_id=message.app_id,
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                ),
                routing_key=names.queue(service),
                mandatory=True,
                timeout=10,
            )
            await message.ack()
            moved.append(described.event_id or "?")
        return moved
    finally:
        await connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.bus.redrive", description=__doc__.splitlines()[0])
    parser.add_argument("service", help="the consuming service, e.g. reports")
    parser.add_argument("--list", action="store_true", help="list parked messages")
    parser.add_argument("--all", action="store_true", help="re-drive every parked message")
    parser.add_argument("--event-id", action="append", default=[], help="re-drive this event (repeatable)")
    parser.add_argument("--json", action="store_true", help="--list as JSON lines")
    args = parser.parse_args(argv)
    if not (args.list or args.all or args.event_id):
        parser.error("say --list, --all or --event-id ID")
    suite = SuiteSettings()
    if args.list:
        parked = asyncio.run(list_parked(suite.amqp_url, suite.bus_prefix, args.service))
        for item in parked:
            if args.json:
                print(json.dumps(asdict(item), ensure_ascii=False))
            else:
                print(
                    f"{item.event_id}  {item.event_type}  attempts={item.attempts}  reason={item.reason}  "
                    f"parked_at={item.parked_at}  error={item.last_error}"
                )
        print(f"{len(parked)} parked in {BusNames(suite.bus_prefix).parked_queue(args.service)}", file=sys.stderr)
        return 0
    moved = asyncio.run(
        redrive(suite.amqp_url, suite.bus_prefix, args.service, None if args.all else args.event_id)
    )
    for event_id in moved:
        print(f"re-driven {event_id}")
    print(f"{len(moved)} moved to {BusNames(suite.bus_prefix).queue(args.service)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
