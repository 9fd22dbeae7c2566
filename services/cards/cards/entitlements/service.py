"""Entitlements: what an approved contract lets the company issue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from cards.activations.models import Activation
from cards.cards.models import Card
from cards.entitlements.models import ContractOwnerMove, Entitlement
from cards.entitlements.schemas import EntitlementFilters
from cards.issues.models import CardIssue
from shared.events.crm import ContractApproved, ContractVoided, CustomerOwnerChanged
from shared.identity import DataScope
from shared.listing import PageParams, apply_sort, keyword_clause, list_response, options, paginate
from shared.money import format_money
from shared.problems import Problem


async def apply_contract_approved(session: AsyncSession, event: ContractApproved) -> None:
    """Upsert by contract id: a duplicate event changes nothing, a later re-approval updates the terms.

    `issued_cards` is never touched here; it belongs to issuing. An older approval arriving after a newer
    one is ignored (approved_at decides).
    """
    await _lock_contracts(session, [event.contract_id])
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
    # An owner move newer than this approval (it may have come first) still decides who owns the contract.
    await _follow_owner_moves(session, [event.contract_id])


async def apply_customer_owner_changed(session: AsyncSession, event: CustomerOwnerChanged) -> None:
    """The customer's contracts moved to a new owner: so do their entitlements, issues, activations and
    cards, which is what the data scopes of the cards lists go by.

    A release to the public pool moves no contract (the CRM sends none), so nothing changes here. The newest
    move per contract is kept, so moves and approvals may arrive in any order and twice.
    """
    if event.new_owner.id is None or not event.contract_ids:
        return
    await _lock_contracts(session, event.contract_ids)
    stmt = insert(ContractOwnerMove).values([
        {
            "contract_id": contract_id,
            "owner_id": event.new_owner.id,
            "owner_name": event.new_owner.name,
            "dept_id": event.new_dept_id,
            "dept_name": event.new_dept_name,
            "changed_at": event.changed_at,
        }
        for contract_id in sorted(event.contract_ids)
    ])
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[ContractOwnerMove.contract_id],
        set_={c: stmt.excluded[c] for c in ("owner_id", "owner_name", "dept_id", "dept_name", "changed_at")},
        where=ContractOwnerMove.changed_at < stmt.excluded.changed_at,
    ))
    await _follow_owner_moves(session, event.contract_ids)


_CONTRACT_LOCKS = 0x636F  # "co": the advisory-lock namespace of contract approvals and owner moves


async def _lock_contracts(session: AsyncSession, contract_ids: list[int]) -> None:
    """Serialises approvals and owner moves of the same contracts (in id order, so they cannot deadlock).

    Without it, an approval and a move handled at once would each miss the other's uncommitted row, and the
    entitlement would keep the older owner.
    """
    for contract_id in sorted(set(contract_ids)):
        await session.execute(select(func.pg_advisory_xact_lock(_CONTRACT_LOCKS, contract_id % 2**31)))


async def _follow_owner_moves(session: AsyncSession, contract_ids: list[int]) -> None:
    """Gives the listed contracts' entitlements the owner of a newer move, then every issue, activation and
    card under them the owner of their entitlement."""
    move = ContractOwnerMove
    await session.execute(
        update(Entitlement)
        .where(
            Entitlement.contract_id == move.contract_id,
            Entitlement.contract_id.in_(contract_ids),
            move.changed_at > Entitlement.approved_at,
            or_(
                Entitlement.owner_id.is_distinct_from(move.owner_id),
                Entitlement.dept_id.is_distinct_from(move.dept_id),
                Entitlement.owner_name != move.owner_name,
            ),
        )
        .values(owner_id=move.owner_id, owner_name=move.owner_name, dept_id=move.dept_id, dept_name=move.dept_name,
                updated_at=func.now())
    )
    for held in (CardIssue, Activation, Card):
        await session.execute(
            update(held)
            .where(
                held.contract_id == Entitlement.contract_id,
                Entitlement.contract_id.in_(contract_ids),
                or_(held.owner_id.is_distinct_from(Entitlement.owner_id),
                    held.owner_dept_id.is_distinct_from(Entitlement.dept_id)),
            )
            .values(owner_id=Entitlement.owner_id, owner_name=Entitlement.owner_name,
                    owner_dept_id=Entitlement.dept_id)
        )


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


SORTABLE = {"approved_at": Entitlement.approved_at, "total_cards": Entitlement.total_cards,
            "contract_id": Entitlement.contract_id}


async def list_entitlements(
    session: AsyncSession, filters: EntitlementFilters, scope: DataScope, params: PageParams
) -> dict[str, Any]:
    visible = scope.clause(Entitlement.owner_id, Entitlement.dept_id)
    stmt = select(Entitlement).where(visible)
    clause = keyword_clause(filters.keyword, Entitlement.contract_name, Entitlement.contract_no,
                            Entitlement.customer_name)
    if clause is not None:
        stmt = stmt.where(clause)
    for column, value in (
        (Entitlement.customer_id, filters.customer_id), (Entitlement.contract_id, filters.contract_id),
        (Entitlement.owner_id, filters.owner_id), (Entitlement.dept_id, filters.dept_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if filters.status is not None:
        voided = Entitlement.voided_at.is_not(None)
        stmt = stmt.where(voided if filters.status == "voided" else ~voided)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Entitlement.contract_id.desc()])
    rows, total = await paginate(session, stmt, params, row=entitlement_dict)
    extra: dict[str, Any] = {}
    if params.with_options:
        customers = (
            await session.execute(
                select(Entitlement.customer_id, Entitlement.customer_name).where(visible).distinct()
                .order_by(Entitlement.customer_name)
            )
        ).all()
        extra["customer_list"] = options((c.customer_id, c.customer_name) for c in customers)
        extra["status_list"] = options([("approved", "可用"), ("voided", "已作废")])
    return list_response(rows, total, params, extra)
