"""gateway.StaffChanged: the staff directory other services keep a copy of."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.departments.models import Department
from gateway.staff.models import Staff
from shared.bus import emit
from shared.events.gateway import StaffChanged


async def emit_staff_changed(session: AsyncSession, staff: Staff, *, active: bool | None = None) -> None:
    """Bumps the staff member's revision and queues the event in the caller's transaction."""
    staff.revision = (staff.revision or 0) + 1
    dept_name = ""
    if staff.dept_id is not None:
        dept_name = await session.scalar(select(Department.name).where(Department.id == staff.dept_id)) or ""
    await emit(session, "gateway", StaffChanged(
        staff_id=staff.id, username=staff.username, name=staff.name, phone=staff.phone, dept_id=staff.dept_id,
        dept_name=dept_name, position=staff.position, active=staff.active if active is None else active,
        revision=staff.revision,
    ))
