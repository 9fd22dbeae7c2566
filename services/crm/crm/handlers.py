"""Events the crm service consumes (see shared/bus/subscriptions.py)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from crm.staff.service import sync_owner_copies, upsert_staff
from shared.bus import Handlers
from shared.events.envelope import Envelope
from shared.events.gateway import StaffChanged

handlers = Handlers("crm")


@handlers.on(StaffChanged)
async def staff_changed(session: AsyncSession, event: StaffChanged, envelope: Envelope) -> None:
    """Keeps the staff directory (跟进人 names and departments); an older revision is ignored."""
    if await upsert_staff(session, event):
        await sync_owner_copies(session, event)
