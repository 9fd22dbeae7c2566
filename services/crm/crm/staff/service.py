"""Reading and upserting the staff directory."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from crm.staff.models import Staff
from shared.events.gateway import StaffChanged
from shared.identity import Principal
from shared.listing import PageParams, options
from shared.problems import Problem


async def upsert_staff(session: AsyncSession, event: StaffChanged) -> bool:
    """Insert or update by staff_id; an older revision arriving late changes nothing. True if applied."""
    values: dict[str, Any] = {
        "staff_id": event.staff_id,
        "username": event.username,
        "name": event.name,
        "phone": event.phone,
        "dept_id": event.dept_id,
        "dept_name": event.dept_name,
        "position": event.position,
        "active": event.active,
        "revision": event.revision,
    }
    stmt = insert(Staff).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Staff.staff_id],
        set_={k: stmt.excluded[k] for k in values if k != "staff_id"},
        where=Staff.revision < stmt.excluded.revision,
    )
    applied = (await session.execute(stmt.returning(Staff.staff_id))).first()
    return applied is not None


async def sync_owner_copies(session: AsyncSession, event: StaffChanged) -> None:
    """A renamed or moved salesperson: their customers, contracts and payments carry the new name and
    department (the data scope follows the owner's department)."""
    for table in ("crm_customers", "crm_contracts", "crm_payments"):
        await session.execute(
            text(
                f"UPDATE {table} SET owner_name = :name, dept_id = :dept_id, dept_name = :dept_name "
                "WHERE owner_id = :staff_id AND (owner_name IS DISTINCT FROM :name OR dept_id IS DISTINCT FROM "
                "CAST(:dept_id AS bigint) OR dept_name IS DISTINCT FROM :dept_name)"
            ),
            {"name": event.name, "dept_id": event.dept_id, "dept_name": event.dept_name, "staff_id": event.staff_id},
        )


async def get_staff(
    session: AsyncSession, staff_id: int, *, field: str = "staff_id", caller: Principal | None = None
) -> Staff:
    """An active staff member, or a 422 naming the field that referred to them.

    The caller is vouched for by their identity token (the gateway signs it for an enabled staff member, within
    the last minute), so when `staff_id` is the caller they work at once, even before `gateway.StaffChanged`
    reaches the directory."""
    staff = await session.get(Staff, staff_id)
    if staff is not None and staff.active:
        return staff
    if caller is not None and caller.id == staff_id:
        return await _caller_as_staff(session, caller, known=staff is not None)
    raise Problem(
        422, "unknown_staff", "该员工不存在或已停用", errors=[{"field": field, "message": "员工不存在或已停用"}]
    )


async def _caller_as_staff(session: AsyncSession, caller: Principal, *, known: bool) -> Staff:
    values: dict[str, Any] = {
        "staff_id": caller.id,
        "username": caller.identity.username,
        "name": caller.name,
        "dept_id": caller.dept_id,
        "dept_name": caller.dept_name,
        "active": True,
    }
    if not known:
        # A provisional directory row (revision 0): the event's first revision (1) replaces it.
        await session.execute(
            insert(Staff).values(**values, revision=0).on_conflict_do_nothing(index_elements=[Staff.staff_id])
        )
        staff = await session.get(Staff, caller.id)
        if staff is not None and staff.active:
            return staff
    # A directory row still saying "disabled" is older than the token: use the token's copy, leave the row
    # to the event.
    return Staff(**values)


async def admin_options(session: AsyncSession) -> list[dict[str, str]]:
    """The 跟进人 select (`admin_list`): active staff, by name."""
    rows = (
        await session.execute(select(Staff.staff_id, Staff.name).where(Staff.active).order_by(Staff.staff_id))
    ).all()
    return options((r.staff_id, r.name) for r in rows)


async def admin_list_if_asked(session: AsyncSession, params: PageParams) -> dict[str, Any]:
    """A list page's `admin_list` option, read only when the page asks for its option lists (`with_options`)."""
    return {"admin_list": await admin_options(session)} if params.with_options else {}
