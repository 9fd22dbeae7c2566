"""The consumer's inbox path for many events in one transaction (the benchmark; a batching consumer).

Same steps as `shared.bus.inbox.apply_envelope`, per event: the inbox row (ON CONFLICT DO NOTHING),
the payload validated against the catalogue (`resolve`), the handler's effect; but the inbox rows go in
one multi-row INSERT and the effects through one `project()` call, and the batch commits once. An event
that cannot be resolved fails the whole batch (nothing written), as one poison message would fail alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import column, table
from sqlalchemy.dialects.postgresql import insert

from reports.handlers import handlers
from reports.projections.projector import project
from shared.bus.inbox import resolve
from shared.db import Database
from shared.events.envelope import Envelope

_inbox = table("inbox", column("consumer"), column("event_id"), column("event_type"))
_INBOX_INSERT = insert(_inbox).on_conflict_do_nothing().returning(_inbox.c.event_id)


async def apply_batch(db: Database, envelopes: Sequence[Envelope]) -> int:
    """Applies the envelopes this consumer has not seen, all in one transaction; returns how many."""
    resolved = [resolve(handlers, envelope)[1] for envelope in envelopes]
    async with db.sessions() as session, session.begin():
        rows = [{"consumer": handlers.consumer, "event_id": e.event_id, "event_type": e.event_type} for e in envelopes]
        fresh = set((await session.execute(_INBOX_INSERT, rows)).scalars().all())
        chosen = [i for i, e in enumerate(envelopes) if e.event_id in fresh]
        return await project(session, [envelopes[i] for i in chosen], [resolved[i] for i in chosen])
