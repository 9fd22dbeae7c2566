"""Events the gateway publishes: the staff directory other services keep a copy of (owner names, 所属部门)."""

from __future__ import annotations

from shared.events.envelope import EventModel


class StaffChanged(EventModel):
    """A staff member's current record; sent on create, update, enable/disable and department rename."""

    event_name = "StaffChanged"
    staff_id: int
    username: str
    name: str
    phone: str = ""
    dept_id: int | None = None
    dept_name: str = ""
    position: str = ""
    active: bool = True
    # Monotonic per staff member so an older copy arriving late is ignored.
    revision: int = 1
