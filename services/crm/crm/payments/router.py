"""/api/crm/payments: the 回款管理 page, and /api/crm/payment-plans (due and overdue instalments)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import PAYMENT_METHODS, utcnow
from crm.contracts.models import Contract, PaymentPlan
from crm.contracts.service import plan_status
from crm.contracts.service import scope_clause as contract_scope
from crm.history.service import log_export
from crm.payments import service
from crm.payments.models import Payment
from crm.payments.schemas import PaymentCreate, PaymentMethod, PaymentUpdate
from crm.staff.service import admin_options
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.dates import business_date
from shared.idempotency import idempotency_key, run_once
from shared.identity import Principal, Require
from shared.listing import PageParams, apply_sort, check_range, enum_options, list_response, page_params
from shared.xlsx import xlsx_response

router = APIRouter(tags=["回款管理"])

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


def payment_filters(
    keyword: str | None = Query(None, max_length=64, description="合同名称、编号或客户名称"),
    contract_id: int | None = None,
    customer_id: int | None = None,
    owner_id: int | None = None,
    method: PaymentMethod | None = None,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
) -> dict[str, Any]:
    check_range("received", received_from, received_to)
    return dict(locals())


def _query(f: dict[str, Any], principal: Principal) -> Any:
    stmt = (
        select(Payment, Contract)
        .join(Contract, Contract.id == Payment.contract_id)
        .where(Payment.deleted_at.is_(None), service.scope_clause(principal))
    )
    if f["keyword"] and f["keyword"].strip():
        pattern = f"%{f['keyword'].strip()}%"
        stmt = stmt.where(
            or_(
                Contract.name.ilike(pattern), Contract.contract_no.ilike(pattern), Contract.customer_name.ilike(pattern)
            )
        )
    for column, key in (
        (Payment.contract_id, "contract_id"),
        (Payment.customer_id, "customer_id"),
        (Payment.owner_id, "owner_id"),
        (Payment.method, "method"),
    ):
        if f[key] is not None:
            stmt = stmt.where(column == f[key])
    if f["received_from"] is not None:
        stmt = stmt.where(Payment.received_at >= f["received_from"])
    if f["received_to"] is not None:
        stmt = stmt.where(Payment.received_at <= f["received_to"])
    return stmt


@router.get("/api/crm/payments")
async def list_payments(
    params: PageParams = Depends(page_params),
    filters: dict[str, Any] = Depends(payment_filters),
    principal: Principal = Depends(Require("crm:payment:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    stmt = apply_sort(_query(filters, principal), params.sort, SORTABLE, [Payment.id.desc()])
    total = int(await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
    result = await session.execute(stmt.limit(params.page_size).offset(params.offset))
    rows = [service.payment_row(p, c) for p, c in result.all()]
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {"method_list": enum_options(PAYMENT_METHODS), "admin_list": await admin_options(session)}
    return list_response(rows, total, params, option_lists)


@router.get("/api/crm/payments/export")
async def export_payments(
    filters: dict[str, Any] = Depends(payment_filters),
    principal: Principal = Depends(Require("crm:payment:export")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    result = await session.execute(_query(filters, principal).order_by(Payment.id.desc()).limit(50000))
    rows = [service.payment_row(p, c) for p, c in result.all()]
    await log_export(session, "payments", filters, len(rows), principal.actor)
    await session.commit()
    return xlsx_response("回款列表.xlsx", EXPORT_COLUMNS, rows)


@router.post("/api/crm/payments", status_code=201)
async def create_payment(
    body: PaymentCreate,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("crm:payment:create")),
    session: AsyncSession = Depends(db_session),
) -> Any:

    async def create() -> dict[str, Any]:
        payment, contract = await service.create_payment(session, body, principal, utcnow())
        return service.payment_row(payment, contract)

    return await run_once(
        session, f"crm.payment.create:{principal.id}", key, body.model_dump(mode="json"), create
    )


@router.get("/api/crm/payments/{payment_id}")
async def read_payment(
    payment_id: int,
    principal: Principal = Depends(Require("crm:payment:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    payment = await service.load_payment(session, payment_id, principal)
    contract = await session.get(Contract, payment.contract_id)
    assert contract is not None  # a payment always has its contract (foreign key)
    return service.payment_row(payment, contract)


@router.put("/api/crm/payments/{payment_id}")
async def update_payment(
    payment_id: int,
    body: PaymentUpdate,
    if_match: int | None = Depends(expected_version),
    principal: Principal = Depends(Require("crm:payment:update")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    version = resolve_version(body.version, if_match)
    payment = await service.load_payment(session, payment_id, principal, for_update=True)
    contract = await service.update_payment(session, payment, body, version, principal)
    await session.commit()
    return service.payment_row(payment, contract)


@router.delete("/api/crm/payments/{payment_id}", status_code=204)
async def delete_payment(
    payment_id: int,
    principal: Principal = Depends(Require("crm:payment:delete")),
    session: AsyncSession = Depends(db_session),
) -> None:
    payment = await service.load_payment(session, payment_id, principal, for_update=True)
    await service.delete_payment(session, payment, principal, utcnow())
    await session.commit()


@router.get("/api/crm/payment-plans")
async def due_instalments(
    due_within: int = Query(7, ge=0, le=365, description="提醒：N 天内到期的分期"),
    overdue_only: bool = False,
    principal: Principal = Depends(Require("crm:payment:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    """Instalments overdue or due within N days, with their derived status (回款计划提醒)."""
    today = business_date(utcnow())
    contracts = (
        (
            await session.execute(
                select(Contract)
                .where(
                    Contract.deleted_at.is_(None),
                    Contract.status == "approved",
                    contract_scope(principal),
                    Contract.id.in_(
                        select(PaymentPlan.contract_id).where(
                            PaymentPlan.due_date <= today + timedelta(days=due_within)
                        )
                    ),
                )
                .limit(500)
            )
        )
        .scalars()
        .all()
    )
    plans_by_contract: dict[int, list[PaymentPlan]] = {}
    if contracts:
        for plan in (
            (await session.execute(select(PaymentPlan).where(PaymentPlan.contract_id.in_([c.id for c in contracts]))))
            .scalars()
            .all()
        ):
            plans_by_contract.setdefault(plan.contract_id, []).append(plan)
    rows = []
    for contract in contracts:
        for item in plan_status(plans_by_contract.get(contract.id, []), contract.paid_total, today):
            if item["status"] == "已回款" or item["due_date"] > today + timedelta(days=due_within):
                continue
            if overdue_only and item["status"] != "已逾期":
                continue
            rows.append(
                item
                | {
                    "contract_id": contract.id,
                    "contract_name": contract.name,
                    "customer_name": contract.customer_name,
                    "owner_name": contract.owner_name,
                }
            )
    rows.sort(key=lambda r: r["due_date"])
    return {"data_list": rows, "total": len(rows)}
