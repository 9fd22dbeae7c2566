"""Entitlements: what an approved contract lets the company issue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from cards.entitlements.models import Entitlement
from shared.events.crm import ContractApproved, ContractVoided
from shared.money import format_money
from shared.problems import Problem


async def apply_contract_approved(session: AsyncSession, event: ContractApproved) -> None:
    """Upsert by contract id: a duplicate event changes nothing, a later re-approval updates the terms.

    `issued_cards` is never touched here; it belongs to issuing. An older approval arriving after a newer
    one is ignored (approved_at decides).
    """
    values: dict[str, Any] = {
        "contract_id": event.contract_id,
        "contract_no": event.contract_no,
        "contract_name": event.contract_name,
        "parent_id": event.parent_id,
        "contract_type": event.contract_type,
        "customer_id": event.customer_id,
        "customer_name": event.customer_name,
        "owner_id": event.owner_id,
        "owner_name": event.owner_name,
        "dept_id": event.dept_id,
        "dept_name": event.dept_name,
        "card_type": event.card_type,
        "total_cards": event.total_cards,
        "amount": event.amount,
        "red_packet_amount": event.red_packet_amount,
        "face_value_per_card": event.face_value_per_card,
        "red_packet_per_card": event.red_packet_per_card,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "approved_at": event.approved_at,
        "approved_by_name": event.approved_by.name,
    }
    stmt = insert(Entitlement).values(**values)
    updatable = {k: stmt.excluded[k] for k in values if k != "contract_id"}
    stmt = stmt.on_conflict_do_update(
        index_elements=[Entitlement.contract_id],
        set_={**updatable, "updated_at": stmt.excluded.approved_at},
        where=Entitlement.approved_at <= stmt.excluded.approved_at,
    )
    await session.execute(stmt)


class ApprovalNotSeenYet(Exception):
    """A void arrived before the approval it undoes; the consumer retries it, by which time it has."""


async def apply_contract_voided(session: AsyncSession, event: ContractVoided) -> None:
    """Closes the entitlement. The first void's time and reason stay (a duplicate changes nothing); the
    approval upsert never touches them, so no approval can reopen a voided contract."""
    closed = await session.scalar(
        update(Entitlement)
        .where(Entitlement.contract_id == event.contract_id)
        .values(
            voided_at=func.coalesce(Entitlement.voided_at, event.voided_at),
            void_reason=func.coalesce(func.nullif(Entitlement.void_reason, ""), event.reason),
            updated_at=func.now(),
        )
        .returning(Entitlement.contract_id)
    )
    if closed is None:
        raise ApprovalNotSeenYet(f"contract {event.contract_id}: voided before its approval arrived")


async def approved_contract(session: AsyncSession, contract_id: int, *, lock: bool = False) -> Entitlement:
    stmt = select(Entitlement).where(Entitlement.contract_id == contract_id)
    if lock:
        stmt = stmt.with_for_update()
    entitlement = await session.scalar(stmt)
    if entitlement is None:
        raise Problem(
            409,
            "contract_not_approved",
            "该合同未审核通过（或尚未同步到卡片服务），不能领卡/激活",
            errors=[{"field": "contract_id", "message": "合同未审核通过"}],
        )
    if entitlement.voided_at is not None:
        raise Problem(
            409,
            "contract_voided",
            "该合同已作废，不能领卡/激活",
            errors=[{"field": "contract_id", "message": "合同已作废"}],
        )
    return entitlement


def entitlement_dict(e: Entitlement) -> dict[str, Any]:
    return {
        "contract_id": e.contract_id,
        "contract_no": e.contract_no,
        "contract_name": e.contract_name,
        "parent_id": e.parent_id,
        "contract_type": e.contract_type,
        "customer_id": e.customer_id,
        "customer_name": e.customer_name,
        "owner": {"id": e.owner_id, "name": e.owner_name},
        "dept_id": e.dept_id,
        "dept_name": e.dept_name,
        "card_type": e.card_type,
        "total_cards": e.total_cards,
        "issued_cards": e.issued_cards,
        "remaining_cards": e.total_cards - e.issued_cards,
        "amount": format_money(e.amount),
        "red_packet_amount": format_money(e.red_packet_amount),
        "face_value_per_card": format_money(e.face_value_per_card),
        "red_packet_per_card": format_money(e.red_packet_per_card),
        "start_date": e.start_date,
        "end_date": e.end_date,
        "approved_at": e.approved_at,
        "approved_by_name": e.approved_by_name,
        "status": "voided" if e.voided_at is not None else "approved",
        "voided_at": e.voided_at,
        "void_reason": e.void_reason,
    }
