"""Events the cards service consumes (see shared/bus/subscriptions.py).

Handlers apply the effect in the given session and never commit: the inbox consumer commits the effect
together with the inbox row, so a redelivered event changes nothing.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from cards.entitlements.service import apply_contract_approved, apply_contract_voided, apply_customer_owner_changed
from cards.staff.service import apply_staff_changed
from shared.bus import Handlers
from shared.events.crm import ContractApproved, ContractVoided, CustomerOwnerChanged
from shared.events.envelope import Envelope
from shared.events.gateway import StaffChanged

handlers = Handlers("cards")


@handlers.on(ContractApproved)
async def on_contract_approved(session: AsyncSession, event: ContractApproved, envelope: Envelope) -> None:
    await apply_contract_approved(session, event)


@handlers.on(ContractVoided)
async def on_contract_voided(session: AsyncSession, event: ContractVoided, envelope: Envelope) -> None:
    await apply_contract_voided(session, event)


@handlers.on(CustomerOwnerChanged)
async def on_customer_owner_changed(session: AsyncSession, event: CustomerOwnerChanged, envelope: Envelope) -> None:
    await apply_customer_owner_changed(session, event)


@handlers.on(StaffChanged)
async def on_staff_changed(session: AsyncSession, event: StaffChanged, envelope: Envelope) -> None:
    await apply_staff_changed(session, event)
