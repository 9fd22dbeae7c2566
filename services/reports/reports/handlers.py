"""Events the reports service consumes (see shared/bus/subscriptions.py): every one goes to the projector.

The consumer calls the handler inside its transaction, with the inbox row; the projector stores the raw
envelope and updates the projections in that same transaction and never commits.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from reports.projections.projector import FOLDS, project
from shared.bus import Handlers
from shared.bus.subscriptions import SUBSCRIPTIONS
from shared.events.envelope import Envelope, EventModel

handlers = Handlers("reports")


async def apply_event(session: AsyncSession, event: EventModel, envelope: Envelope) -> None:
    await project(session, [envelope], [event])


handlers.on(*SUBSCRIPTIONS["reports"])(apply_event)


@handlers.on_batch
async def apply_events(session: AsyncSession, events: Sequence[tuple[EventModel, Envelope]]) -> None:
    """A backlog drained by the consumer in one transaction: one projector pass (one upsert per touched row,
    not per event) with the same figures as the events one by one."""
    await project(session, [envelope for _, envelope in events], [event for event, _ in events])

# The projector must know every event the topology delivers to reports, and nothing it never receives.
if set(FOLDS) != set(SUBSCRIPTIONS["reports"]):  # pragma: no cover - a wiring mistake, caught at import
    raise RuntimeError(
        f"reports projector and subscriptions differ: {sorted(set(FOLDS) ^ set(SUBSCRIPTIONS['reports']))}"
    )
