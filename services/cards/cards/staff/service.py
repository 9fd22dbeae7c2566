"""Keeping the staff directory copy current, and reading names from it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from cards.staff.models import StaffMember
from shared.events.gateway import StaffChanged
from shared.listing import options


async def apply_staff_changed(session: AsyncSession, event: StaffChanged) -> None:
    """Upsert guarded by revision: a late, older copy never overwrites a newer one."""
    values = {
        "id": event.staff_id,
        "username": event.username,
        "name": event.name,
        "dept_id": event.dept_id,
        "dept_name": event.dept_name,
        "position": event.position,
        "active": event.active,
        "revision": event.revision,
    }
    stmt = insert(StaffMember).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[StaffMember.id],
        set_={**{k: stmt.excluded[k] for k in values if k != "id"}, "updated_at": stmt.excluded.updated_at},
        where=StaffMember.revision < stmt.excluded.revision,
    )
    await session.execute(stmt)


async def owner_options(session: AsyncSession) -> list[dict[str, str]]:
    """跟进人 options: active staff from the directory."""
    rows = (
        await session.execute(
            select(StaffMember.id, StaffMember.name).where(StaffMember.active.is_(True)).order_by(StaffMember.id)
        )
    ).all()
    return options((r.id, r.name) for r in rows)
