"""Events the reports service consumes (see shared/bus/subscriptions.py): every one goes to the projector.

The consumer calls the handler inside its transaction, with the inbox row; the projector stores the raw
envelope and updates the projections in that same transaction and never commits. The events are those of
the fold table (`projections/folds.py`), named there by payload class.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from reports.projections.folds import FOLDS_BY_EVENT
from reports.projections.projector import project
from shared.bus import Handlers
from shared.events.envelope import Envelope, EventModel

handlers = Handlers("reports")


@handlers.on(*FOLDS_BY_EVENT)
async def apply_event(session: AsyncSession, event: EventModel, envelope: Envelope) -> None:
    await project(session, [envelope], [event])


@handlers.on_batch
async def apply_events(session: AsyncSession, events: Sequence[tuple[EventModel, Envelope]]) -> None:
    """A backlog drained by the consumer in one transaction: one projector pass (one upsert per touched row,
    not per event) with the same figures as the events one by one."""
    await project(session, [envelope for _, envelope in events], [event for event, _ in events])


# The projector must handle every event the topology delivers to reports, and nothing it never receives.
handlers.check_subscriptions()
