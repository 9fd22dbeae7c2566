"""The one row-lock order of the crm: customer -> contract -> payment.

An owner change locks the customer, then moves its contracts and payments; a review, a payment or a plan
locks its contract and its payments. Taking the customer first everywhere means none of them can deadlock
with an owner change of the same customer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.customers.models import Customer


async def lock_customer_of(session: AsyncSession, table: Any, row_id: int) -> None:
    """Locks the customer of a contract or payment row (`table` has `id` and `customer_id`), first."""
    customer_id = await session.scalar(select(table.c.customer_id).where(table.c.id == row_id))
    if customer_id is not None:
        await lock_customer(session, customer_id)


async def lock_customer(session: AsyncSession, customer_id: int) -> Customer | None:
    """The customer row, locked for the rest of the transaction (None if it does not exist)."""
    return await session.scalar(select(Customer).where(Customer.id == customer_id).with_for_update())
