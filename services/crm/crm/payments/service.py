"""Payment rules: only against approved contracts, never more than the contract amount, every change an event.
Each public function that changes state commits its transaction; `add_payment` (shared with the demo loader)
does not."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from crm.common import PAYMENT_METHODS, created_by_columns, equal_where_given, owner_columns, utcnow, within_days
from crm.contracts.models import Contract
from crm.contracts.queries import contract_keyword
from crm.customers.locks import lock_customer, lock_customer_of
from crm.history.service import log_export, record, record_changes
from crm.payments.models import Payment
from crm.payments.schemas import PaymentCreate, PaymentFilters, PaymentPage, PaymentRow, PaymentUpdate
from crm.staff.service import admin_list_if_asked
from shared.bus import emit
from shared.events.common import Actor
from shared.events.crm import PaymentChanged, PaymentDeleted, PaymentRecorded, PaymentSnapshot
from shared.idempotency import run_once
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, list_response, paginate
from shared.problems import Problem

SORTABLE = {
    "id": Payment.id,
    "amount": Payment.amount,
    "received_at": Payment.received_at,
    "created_at": Payment.created_at,
}
EXPORT_COLUMNS = [
    ("id", "ID"),
    ("contract_name", "合同名称"),
    ("customer_name", "客户名称"),
    ("owner_name", "跟进人"),
    ("amount", "回款金额"),
    ("received_at", "到账时间"),
    ("method", "回款方式"),
    ("note", "备注"),
]
EXPORT_LIMIT = 50000


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


# ---------------------------------------------------------------- reading


def _filtered(principal: Principal, f: PaymentFilters) -> Select[tuple[Payment, Contract]]:
    return (
        select(Payment, Contract)
        .join(Contract, Contract.id == Payment.contract_id)
        .where(
            Payment.deleted_at.is_(None),
            scope_clause(principal),
            *contract_keyword(f.keyword),
            *equal_where_given(
                (Payment.contract_id, f.contract_id),
                (Payment.customer_id, f.customer_id),
                (Payment.owner_id, f.owner_id),
                (Payment.dept_id, f.dept_id),
                (Payment.method, f.method),
            ),
            *within_days(Payment.received_at, f.date_from, f.date_to),
        )
    )


async def list_payments(
    session: AsyncSession, principal: Principal, filters: PaymentFilters, params: PageParams
) -> PaymentPage:
    stmt = apply_sort(_filtered(principal, filters), params.sort, SORTABLE, [Payment.id.desc()])
    rows, total = await paginate(session, stmt, params, row=lambda r: PaymentRow.of(*r), scalars=False)
    option_lists = {"method_list": enum_options(PAYMENT_METHODS), **await admin_list_if_asked(session, params)}
    return PaymentPage(**list_response(rows, total, params, option_lists))


async def export_payments(session: AsyncSession, principal: Principal, filters: PaymentFilters) -> list[dict[str, Any]]:
    """The rows of the export (at most EXPORT_LIMIT); the export is logged and committed."""
    result = await session.execute(_filtered(principal, filters).order_by(Payment.id.desc()).limit(EXPORT_LIMIT))
    rows = [PaymentRow.of(p, c).model_dump() for p, c in result.all()]
    await log_export(session, "payments", filters.as_dict(), len(rows), principal.actor)
    await session.commit()
    return rows


async def read_payment(session: AsyncSession, principal: Principal, payment_id: int) -> PaymentRow:
    payment = await load_payment(session, payment_id, principal)
    contract = await session.get(Contract, payment.contract_id)
    assert contract is not None  # a payment always has its contract (foreign key)
    return PaymentRow.of(payment, contract)


# ---------------------------------------------------------------- writes (each commits)


async def create_payment(
    session: AsyncSession, principal: Principal, body: PaymentCreate, key: str | None
) -> JSONResponse:
    """Records a payment once per Idempotency-Key: a retried request gets the first answer, not a second payment."""

    async def create() -> dict[str, Any]:
        payment, contract = await add_payment(session, body, principal, utcnow())
        return PaymentRow.of(payment, contract).model_dump(mode="json")

    return await run_once(session, f"crm.payment.create:{principal.id}", key, body.model_dump(mode="json"), create)


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


async def add_payment(
    session: AsyncSession, data: PaymentCreate, principal: Principal, now: datetime
) -> tuple[Payment, Contract]:
    """Records a payment against an approved contract (locked), never beyond its amount; no commit."""
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
        **owner_columns(contract),
        revision=1,
        version=1,
        **created_by_columns(actor),
    )
    session.add(payment)
    await add_paid(session, contract, data.amount)
    await session.flush()
    await record(session, "payment", payment.id, contract.customer_id, "create", actor, field="amount", new=data.amount)
    await _emit(session, PaymentRecorded, payment, contract, actor)
    return payment, contract


async def update_payment(
    session: AsyncSession, principal: Principal, payment_id: int, data: PaymentUpdate, version: int
) -> PaymentRow:
    payment = await load_payment(session, payment_id, principal, for_update=True)
    contract = await _update(session, payment, data, version, principal)
    await session.commit()
    return PaymentRow.of(payment, contract)


async def _update(
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


async def delete_payment(session: AsyncSession, principal: Principal, payment_id: int) -> None:
    payment = await load_payment(session, payment_id, principal, for_update=True)
    contract = await _contract_for_payment(session, payment.contract_id, principal)
    payment.deleted_at = utcnow()
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
    await session.commit()


# ---------------------------------------------------------------- building blocks


async def add_paid(session: AsyncSession, contract: Contract, delta: Decimal) -> None:
    """Keeps 已回款 on the contract and its customer in step with the payments (same transaction)."""
    contract.payment_amount += delta
    customer = await lock_customer(session, contract.customer_id)
    if customer is not None:
        customer.payment_amount += delta


async def payments_total(session: AsyncSession, contract_id: int, exclude_id: int | None = None) -> Decimal:
    stmt = select(func.coalesce(func.sum(Payment.amount), 0)).where(
        Payment.contract_id == contract_id, Payment.deleted_at.is_(None)
    )
    if exclude_id is not None:
        stmt = stmt.where(Payment.id != exclude_id)
    return Decimal(await session.scalar(stmt) or 0)
