"""Applying an event once: the inbox row and the handler's effect in one transaction.

`apply_envelope` is the whole step for one event (tests and tools call it directly); `apply_batch` applies a
backlog in one transaction. The broker side (delivery, acks, retries, parking) is `shared.bus.consumer`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import structlog
from aio_pika.abc import AbstractIncomingMessage
from pydantic import ValidationError
from sqlalchemy import String, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from shared.bus.handlers import BatchHandlerFn, Handlers, Registered
from shared.db import Database
from shared.events.catalogue import UnknownEvent, model_for
from shared.events.envelope import Envelope, EventModel
from shared.observability import request_id_var

_INBOX_INSERT = text(
    """
    INSERT INTO inbox (consumer, event_id, event_type) VALUES (:consumer, :event_id, :event_type)
    ON CONFLICT (consumer, event_id) DO NOTHING
    RETURNING event_id
    """
)
# The batch form binds two arrays, so it is one statement whatever the batch size: a VALUES list of N rows
# would be compiled anew for every N and cost more Python than the rest of the inbox work.
_INBOX_INSERT_MANY = text(
    """
    INSERT INTO inbox (consumer, event_id, event_type)
    SELECT :consumer, fresh.event_id, fresh.event_type
    FROM unnest(CAST(:event_ids AS uuid[]), CAST(:event_types AS varchar[])) AS fresh (event_id, event_type)
    ON CONFLICT (consumer, event_id) DO NOTHING
    RETURNING event_id
    """
).bindparams(
    bindparam("event_ids", type_=ARRAY(UUID(as_uuid=True))), bindparam("event_types", type_=ARRAY(String))
)


class PoisonMessage(Exception):
    """A message no retry can fix: parked at once."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def resolve(handlers: Handlers, envelope: Envelope) -> tuple[Registered, EventModel]:
    """The handler and the validated payload of `envelope`, or PoisonMessage."""
    registered = handlers.get(envelope.event_type)
    if registered is None:
        raise PoisonMessage("unknown_event_type", f"{handlers.consumer} has no handler for {envelope.event_type}")
    try:
        model = model_for(envelope.event_type, envelope.version)
        return registered, model.model_validate(envelope.payload)
    except UnknownEvent as exc:
        raise PoisonMessage("unknown_version", str(exc)) from exc
    except ValidationError as exc:
        raise PoisonMessage("invalid_payload", str(exc)) from exc


async def apply_envelope(db: Database, handlers: Handlers, envelope: Envelope) -> bool:
    """Applies `envelope` once: inbox row and handler effect in one transaction.

    Returns True when applied, False when this consumer had already applied it. Raises PoisonMessage for
    an event it cannot handle, and whatever the handler raises (nothing is then written).
    """
    registered, payload = resolve(handlers, envelope)
    return await apply_one(db, handlers.consumer, registered, payload, envelope)


async def apply_one(
    db: Database, consumer: str, registered: Registered, payload: EventModel, envelope: Envelope
) -> bool:
    """One event in its own transaction; False when this consumer had applied it already."""
    async with db.sessions() as session, session.begin():
        inserted = (
            await session.execute(
                _INBOX_INSERT,
                {"consumer": consumer, "event_id": envelope.event_id, "event_type": envelope.event_type},
            )
        ).first()
        if inserted is None:
            return False
        await registered.fn(session, payload, envelope)
    return True


@dataclass
class Prepared:
    message: AbstractIncomingMessage
    envelope: Envelope
    registered: Registered
    payload: EventModel
    attempt: int


async def apply_batch(
    db: Database, consumer: str, items: Sequence[Prepared], batch_fn: BatchHandlerFn | None = None
) -> list[bool]:
    """Several events in ONE transaction (one inbox insert, one commit): the fast path under a backlog.

    All or nothing: if any handler raises, everything rolls back and the caller applies them one by one.
    With a batch handler, the fresh events go to it in one call instead of one call each.
    """
    async with db.sessions() as session, session.begin():
        params = {
            "consumer": consumer,
            "event_ids": [item.envelope.event_id for item in items],
            "event_types": [item.envelope.event_type for item in items],
        }
        # A duplicate inside the batch (or one applied earlier) is simply not returned.
        fresh = set((await session.execute(_INBOX_INSERT_MANY, params)).scalars())
        applied: list[bool] = []
        todo: list[Prepared] = []
        for item in items:
            if item.envelope.event_id not in fresh:
                applied.append(False)
                continue
            fresh.discard(item.envelope.event_id)
            todo.append(item)
            applied.append(True)
        if batch_fn is not None:
            await batch_fn(session, [(item.payload, item.envelope) for item in todo])
        else:
            for item in todo:
                with event_context(item.envelope):
                    await item.registered.fn(session, item.payload, item.envelope)
    return applied


@contextlib.contextmanager
def event_context(envelope: Envelope) -> Iterator[None]:
    """The event's correlation id in the logs and as the request id (events a handler emits carry it on)."""
    token = request_id_var.set(envelope.correlation_id)
    try:
        with structlog.contextvars.bound_contextvars(
            correlation_id=envelope.correlation_id,
            request_id=envelope.correlation_id,
            event_id=str(envelope.event_id),
            event_type=envelope.event_type,
        ):
            yield
    finally:
        request_id_var.reset(token)
