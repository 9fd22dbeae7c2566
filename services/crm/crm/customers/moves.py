"""A customer's events and owner moves (release, claim, assignment, owner change), shared by the customer,
pool and owner-change domains. Building blocks: they run inside the caller's transaction and never commit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from crm.contracts.models import Contract
from crm.customers.models import Customer
from crm.history.service import record
from crm.payments.models import Payment
from crm.staff.models import Staff
from shared.bus import emit
from shared.events.common import Actor
from shared.events.crm import CustomerOwnerChanged, CustomerUpdated


def snapshot(c: Customer) -> dict[str, Any]:
    return {
        "customer_id": c.id,
        "name": c.name,
        "level": c.level,
        "industry": c.industry,
        "owner_id": c.owner_id,
        "owner_name": c.owner_name,
        "dept_id": c.dept_id,
        "dept_name": c.dept_name,
        "review_status": c.review_status,
        "deleted": c.deleted_at is not None,
        "revision": c.revision,
    }


async def emit_updated(session: AsyncSession, c: Customer) -> None:
    c.revision += 1
    await session.flush()
    await emit(session, "crm", CustomerUpdated(**snapshot(c)))


async def move_customer(
    session: AsyncSession,
    customer: Customer,
    new_owner: Staff | None,
    actor: Mapping[str, Any],
    now: datetime,
    *,
    action: str,
    reason: str = "",
    note: str = "",
    change_id: int | None = None,
) -> list[int]:
    """Gives the customer to `new_owner` (None: the public pool) and, with an owner, moves its contracts and
    payments too; records history and queues `crm.CustomerOwnerChanged`. Returns the moved contract ids."""
    old_owner = Actor(id=customer.owner_id, name=customer.owner_name)
    if new_owner is None:
        customer.previous_owner_id, customer.previous_owner_name = customer.owner_id, customer.owner_name
        customer.released_at, customer.release_reason, customer.release_note = now, reason, note
        customer.owner_id, customer.owner_name, customer.dept_id, customer.dept_name = None, "", None, ""
        customer.claimed_at = None
        customer.locked = False
    else:
        customer.owner_id, customer.owner_name = new_owner.staff_id, new_owner.name
        customer.dept_id, customer.dept_name = new_owner.dept_id, new_owner.dept_name
        customer.claimed_at = now
    customer.version += 1
    customer.revision += 1
    contract_ids: list[int] = []
    if new_owner is not None:
        owner_values = {
            "owner_id": new_owner.staff_id,
            "owner_name": new_owner.name,
            "dept_id": new_owner.dept_id,
            "dept_name": new_owner.dept_name,
        }
        moved = await session.execute(
            update(Contract).where(Contract.customer_id == customer.id).values(**owner_values).returning(Contract.id)
        )
        contract_ids = sorted(r[0] for r in moved)
        await session.execute(update(Payment).where(Payment.customer_id == customer.id).values(**owner_values))
    await record(
        session,
        "customer",
        customer.id,
        customer.id,
        action,
        actor,
        field="owner",
        old=old_owner.name or None,
        new=new_owner.name if new_owner else "公海",
        reason=" ".join(p for p in (reason, note) if p),
    )
    await session.flush()
    await emit(
        session,
        "crm",
        CustomerOwnerChanged(
            customer_id=customer.id,
            customer_name=customer.name,
            change_id=change_id,
            old_owner=old_owner,
            new_owner=Actor(id=new_owner.staff_id, name=new_owner.name) if new_owner else Actor(),
            new_dept_id=new_owner.dept_id if new_owner else None,
            new_dept_name=new_owner.dept_name if new_owner else "",
            contract_ids=contract_ids,
            reason=" ".join(p for p in (reason, note) if p),
            approved_by=Actor.of(actor),
            changed_at=now,
        ),
    )
    return contract_ids
