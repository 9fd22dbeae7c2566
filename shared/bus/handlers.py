"""The events a service consumes, registered in its `handlers.py`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shared.bus.subscriptions import SUBSCRIPTIONS
from shared.events.catalogue import CATALOGUE
from shared.events.envelope import Envelope, EventModel

# A handler applies one event inside the session's transaction; the inbox row is written in the same one.
HandlerFn = Callable[[AsyncSession, Any, Envelope], Awaitable[None]]
# Optional: applies many fresh events at once (in arrival order), when the consumer drains a backlog in one
# transaction. It must have the same effect as calling the per-event handlers one after the other.
BatchHandlerFn = Callable[[AsyncSession, Sequence[tuple[Any, Envelope]]], Awaitable[None]]


@dataclass(frozen=True)
class Registered:
    event_type: str
    model: type[EventModel]
    fn: HandlerFn


def routing_key_of(model: type[EventModel]) -> str:
    """The one catalogue key carrying `model`; a class several producers send needs its key spelled out."""
    keys = [key for key, known in CATALOGUE.items() if known is model]
    if len(keys) != 1:
        raise KeyError(f"{model.__name__} travels under {keys or 'no routing key'}: register it by routing key")
    return keys[0]


class Handlers:
    def __init__(self, consumer: str, *, subscribed: Iterable[str] | None = None) -> None:
        """`subscribed` overrides this consumer's line of SUBSCRIPTIONS (tests and tools only)."""
        self.consumer = consumer
        self._subscribed = None if subscribed is None else frozenset(subscribed)
        self._by_type: dict[str, Registered] = {}
        self.batch_fn: BatchHandlerFn | None = None

    def on(self, *events: str | type[EventModel]) -> Callable[[HandlerFn], HandlerFn]:
        """`@handlers.on(StaffChanged)`: by payload class (its one routing key), or by routing key when several
        producers send the same class (`"health.OrderSettled"`)."""
        event_types = [e if isinstance(e, str) else routing_key_of(e) for e in events]

        def register(fn: HandlerFn) -> HandlerFn:
            for event_type in event_types:
                if event_type not in CATALOGUE:
                    raise KeyError(f"{event_type} is not in the event catalogue")
                if event_type in self._by_type:
                    raise ValueError(f"{self.consumer}: two handlers for {event_type}")
                self._by_type[event_type] = Registered(event_type, CATALOGUE[event_type], fn)
            return fn

        return register

    def on_batch(self, fn: BatchHandlerFn) -> BatchHandlerFn:
        """Registers the batch form of this consumer's handlers (see BatchHandlerFn)."""
        self.batch_fn = fn
        return fn

    def get(self, event_type: str) -> Registered | None:
        return self._by_type.get(event_type)

    @property
    def event_types(self) -> tuple[str, ...]:
        return tuple(sorted(self._by_type))

    @property
    def subscribed(self) -> tuple[str, ...]:
        """The routing keys this consumer's queue is bound to."""
        if self._subscribed is not None:
            return tuple(sorted(self._subscribed))
        return tuple(sorted(SUBSCRIPTIONS.get(self.consumer, ())))

    def check_subscriptions(self) -> None:
        """Handlers and the topology must agree, or events would pile up unhandled (or never arrive)."""
        subscribed = set(self.subscribed)
        handled = set(self._by_type)
        if subscribed != handled:
            raise RuntimeError(
                f"{self.consumer}: subscriptions {sorted(subscribed - handled)} have no handler; "
                f"handlers {sorted(handled - subscribed)} are not subscribed (shared/bus/subscriptions.py)"
            )
