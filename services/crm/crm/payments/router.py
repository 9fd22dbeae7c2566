"""/api/crm/payments: the 回款管理 page, and /api/crm/payment-plans (due and overdue instalments)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from crm.common import add_scoped_listing, add_scoped_route, add_versioned_update
from crm.contracts import plans
from crm.contracts.schemas import DueInstalments
from crm.payments import service
from crm.payments.schemas import PaymentCreate, PaymentFilters, PaymentMethod, PaymentPage, PaymentRow, PaymentUpdate
from shared.app import db_session
from shared.idempotency import idempotency_key
from shared.identity import Principal, Require
from shared.listing import check_range
from shared.types import Day, Flag, Id, Text

router = APIRouter(tags=["回款管理"])


async def payment_filters(
    keyword: Text | None = Query(None, max_length=64, description="合同名称、编号或客户名称"),
    contract_id: Id | None = None,
    customer_id: Id | None = None,
    owner_id: Id | None = None,
    dept_id: Id | None = None,
    method: PaymentMethod | None = None,
    date_from: Day | None = Query(None, description="到账日期起（含），上海日期 YYYY-MM-DD"),
    date_to: Day | None = Query(None, description="到账日期止（含）"),
) -> PaymentFilters:
    check_range("date", date_from, date_to)
    return PaymentFilters(
        keyword=keyword,
        contract_id=contract_id,
        customer_id=customer_id,
        owner_id=owner_id,
        dept_id=dept_id,
        method=method,
        date_from=date_from,
        date_to=date_to,
    )


add_scoped_listing(
    router, path="/api/crm/payments", plural="payments", code="crm:payment", page=PaymentPage,
    filters=payment_filters, list_rows=service.list_payments, export_rows=service.export_payments,
    export_name="回款列表.xlsx", export_columns=service.EXPORT_COLUMNS,
)


# By hand: a payment's create is idempotent by its Idempotency-Key.
@router.post("/api/crm/payments", status_code=201, response_model=PaymentRow)
async def create_payment(
    body: PaymentCreate,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("crm:payment:create")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    return await service.create_payment(session, principal, body, key)


add_scoped_route(router, "GET", "/api/crm/payments/{payment_id}", service.read_payment, name="read_payment",
                 permission="crm:payment:list", response_model=PaymentRow)
add_versioned_update(router, "/api/crm/payments/{payment_id}", service.update_payment, name="update_payment",
                     permission="crm:payment:update", body_model=PaymentUpdate, response_model=PaymentRow)
add_scoped_route(router, "DELETE", "/api/crm/payments/{payment_id}", service.delete_payment, name="delete_payment",
                 permission="crm:payment:delete")


@router.get("/api/crm/payment-plans", response_model=DueInstalments)
async def due_instalments(
    due_within: int = Query(7, ge=0, le=365, description="提醒：N 天内到期的分期"),
    overdue_only: Flag = False,
    principal: Principal = Depends(Require("crm:payment:list")),
    session: AsyncSession = Depends(db_session),
) -> DueInstalments:
    """Instalments overdue or due within N days, with their derived status (回款计划提醒)."""
    return await plans.due_instalments(session, principal, due_within, overdue_only)
