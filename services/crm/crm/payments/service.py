"""Payment rules: only against approved contracts, never more than the contract amount, every change an event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.contracts.models import Contract
from crm.contracts.service import add_paid, payments_total
from crm.customers.service import lock_customer_of
from crm.history.service import record, record_changes
from crm.payments.models import Payment
from crm.payments.schemas import PaymentCreate, PaymentUpdate
from shared.bus import emit
from shared.events.common import Actor
from shared.events.crm import PaymentChanged, PaymentDeleted, PaymentRecorded, PaymentSnapshot
from shared.identity import Principal
from shared.problems import Problem


def scope_clause(principal: Principal) -> ColumnElement[bool]:
    return principal.scope.clause(Payment.owner_id, Payment.dept_id)


async def load_payment(
    session: AsyncSession, payment_id: int, principal: Principal, *, for_update: bool = False
) -> Payment:
    stmt = select(Payment).where(Payment.id == payment_id, Payment.deleted_at.is_(None))
    if for_update:
        # Customer, then contract, then payment: the one lock order (see lock_customer_of).
        await lock_customer_of(session, Payment.__table__, payment_id)
        contract_id = await session.scalar(select(Payment.contract_id).where(Payment.id == payment_id))
        await session.execute(select(Contract.id).where(Contract.id == contract_id).with_for_update())
        stmt = stmt.with_for_update()
    payment = (await session.execute(stmt)).scalar_one_or_none()
    if payment is None or not principal.scope.allows(payment.owner_id, payment.dept_id):
        raise Problem(404, "not_found", "回款记录不存在")
    return payment


def payment_row(p: Payment, contract: Contract) -> dict[str, Any]:
    return {
        "id": p.id,
        "contract_id": p.contract_id,
        "contract_name": contract.name,
        "contract_no": contract.contract_no,
        "customer_id": p.customer_id,
        "customer_name": contract.customer_name,
        "owner_id": p.owner_id,
        "owner_name": p.owner_name,
        "dept_id": p.dept_id,
        "dept_name": p.dept_name,
        "amount": f"{p.amount:.2f}",
        "method": p.method,
        "received_at": p.received_at,
        "note": p.note,
        "created_by": {"id": p.created_by_id, "name": p.created_by_name},
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "version": p.version,
        "revision": p.revision,
    }


def _snapshot(p: Payment, contract: Contract, actor: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "payment_id": p.id,
        "revision": p.revision,
        "contract_id": contract.id,
        "contract_no": contract.contract_no,
        "contract_name": contract.name,
        "customer_id": contract.customer_id,
        "customer_name": contract.customer_name,
        "owner_id": p.owner_id,
        "owner_name": p.owner_name,
        "dept_id": p.dept_id,
        "dept_name": p.dept_name,
        "amount": p.amount,
        "method": p.method,
        "received_at": p.received_at,
        "changed_by": Actor.of(actor),
    }


async def _emit(
    session: AsyncSession, kind: type[PaymentSnapshot], p: Payment, contract: Contract, actor: Mapping[str, Any]
) -> None:
    await emit(session, "crm", kind(**_snapshot(p, contract, actor)))


async def _contract_for_payment(session: AsyncSession, contract_id: int, principal: Principal) -> Contract:
    """The contract, locked so concurrent payments against it add up one at a time."""
    await lock_customer_of(session, Contract.__table__, contract_id)
    contract = await session.scalar(
        select(Contract).where(Contract.id == contract_id, Contract.deleted_at.is_(None)).with_for_update()
    )
    if contract is None or not principal.scope.allows(contract.owner_id, contract.dept_id):
        raise Problem(404, "not_found", "合同不存在")
    return contract


def _check_total(contract: Contract, others: Decimal, amount: Decimal) -> None:
    if amount <= 0:
        raise Problem(
            422, "validation_error", "回款金额必须大于 0", errors=[{"field": "amount", "message": "必须大于 0"}]
        )
    if others + amount > contract.amount:
        left = contract.amount - others
        raise Problem(
            409,
            "over_collection",
            f"回款合计不能超过合同金额 {contract.amount:.2f}（最多还可回款 {left:.2f}）",
            errors=[{"field": "amount", "message": f"最多 {left:.2f}"}],
            remaining=f"{left:.2f}",
        )


async def create_payment(
    session: AsyncSession, data: PaymentCreate, principal: Principal, now: datetime
) -> tuple[Payment, Contract]:
    contract = await _contract_for_payment(session, data.contract_id, principal)
    if contract.status != "approved":
        raise Problem(409, "contract_not_approved", "只能对已审核的合同登记回款")
    _check_total(contract, await payments_total(session, contract.id), data.amount)
    actor = principal.actor
    payment = Payment(
        contract_id=contract.id,
        customer_id=contract.customer_id,
        amount=data.amount,
        method=data.method,
        received_at=data.received_at,
        note=data.note,
        owner_id=contract.owner_id,
        owner_name=contract.owner_name,
        dept_id=contract.dept_id,
        dept_name=contract.dept_name,
        revision=1,
        version=1,
        created_by_id=actor.get("id"),
        created_by_name=actor.get("name") or "",
    )
    session.add(payment)
    await add_paid(session, contract, data.amount)
    await session.flush()
    await record(session, "payment", payment.id, contract.customer_id, "create", actor, field="amount", new=data.amount)
    await _emit(session, PaymentRecorded, payment, contract, actor)
    return payment, contract


async def update_payment(
    session: AsyncSession, payment: Payment, data: PaymentUpdate, version: int, principal: Principal
) -> Contract:
    if payment.version != version:
        raise Problem(409, "version_conflict", "该记录已被他人修改，请刷新后重试", current_version=payment.version)
    contract = await _contract_for_payment(session, payment.contract_id, principal)
    _check_total(contract, await payments_total(session, contract.id, exclude_id=payment.id), data.amount)
    fields = ("amount", "method", "received_at", "note")
    before = {k: getattr(payment, k) for k in fields}
    delta = data.amount - payment.amount
    for key in fields:
        setattr(payment, key, getattr(data, key))
    changed = await record_changes(
        session,
        "payment",
        payment.id,
        payment.customer_id,
        principal.actor,
        before,
        {k: getattr(payment, k) for k in fields},
    )
    if not changed:
        return contract
    if delta:
        await add_paid(session, contract, delta)
    payment.version += 1
    payment.revision += 1
    await session.flush()
    await _emit(session, PaymentChanged, payment, contract, principal.actor)
    return contract


async def delete_payment(session: AsyncSession, payment: Payment, principal: Principal, now: datetime) -> None:
    contract = await _contract_for_payment(session, payment.contract_id, principal)
    payment.deleted_at = now
    payment.version += 1
    payment.revision += 1
    await add_paid(session, contract, -payment.amount)
    await record(
        session,
        "payment",
        payment.id,
        payment.customer_id,
        "delete",
        principal.actor,
        field="amount",
        old=payment.amount,
    )
    await session.flush()
    await _emit(session, PaymentDeleted, payment, contract, principal.actor)
