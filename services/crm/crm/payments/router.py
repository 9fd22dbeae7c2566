"""/api/crm/payments: the 回款管理 page, and /api/crm/payment-plans (due and overdue instalments)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from crm.contracts import plans
from crm.contracts.schemas import DueInstalments
from crm.payments import service
from crm.payments.schemas import PaymentCreate, PaymentFilters, PaymentMethod, PaymentPage, PaymentRow, PaymentUpdate
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.idempotency import idempotency_key
from shared.identity import Principal, Require
from shared.listing import PageParams, check_range, page_params
from shared.types import Day, Flag, Id, Text
from shared.xlsx import xlsx_response

router = APIRouter(tags=["回款管理"])
XLSX = {200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}}


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


@router.get("/api/crm/payments", response_model=PaymentPage, response_model_exclude_unset=True)
async def list_payments(
    params: PageParams = Depends(page_params),
    filters: PaymentFilters = Depends(payment_filters),
    principal: Principal = Depends(Require("crm:payment:list")),
    session: AsyncSession = Depends(db_session),
) -> PaymentPage:
    return await service.list_payments(session, principal, filters, params)


@router.get("/api/crm/payments/export", response_class=Response, responses=XLSX)
async def export_payments(
    filters: PaymentFilters = Depends(payment_filters),
    principal: Principal = Depends(Require("crm:payment:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows = await service.export_payments(session, principal, filters)
    return xlsx_response("回款列表.xlsx", service.EXPORT_COLUMNS, rows)


@router.post("/api/crm/payments", status_code=201, response_model=PaymentRow)
async def create_payment(
    body: PaymentCreate,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("crm:payment:create")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    return await service.create_payment(session, principal, body, key)


@router.get("/api/crm/payments/{payment_id}", response_model=PaymentRow)
async def read_payment(
    payment_id: Id,
    principal: Principal = Depends(Require("crm:payment:list")),
    session: AsyncSession = Depends(db_session),
) -> PaymentRow:
    return await service.read_payment(session, principal, payment_id)


@router.put("/api/crm/payments/{payment_id}", response_model=PaymentRow)
async def update_payment(
    payment_id: Id,
    body: PaymentUpdate,
    if_match: int | None = Depends(expected_version),
    principal: Principal = Depends(Require("crm:payment:update")),
    session: AsyncSession = Depends(db_session),
) -> PaymentRow:
    version = resolve_version(body.version, if_match)
    return await service.update_payment(session, principal, payment_id, body, version)


@router.delete("/api/crm/payments/{payment_id}", status_code=204, response_class=Response)
async def delete_payment(
    payment_id: Id,
    principal: Principal = Depends(Require("crm:payment:delete")),
    session: AsyncSession = Depends(db_session),
) -> None:
    await service.delete_payment(session, principal, payment_id)


@router.get("/api/crm/payment-plans", response_model=DueInstalments)
async def due_instalments(
    due_within: int = Query(7, ge=0, le=365, description="提醒：N 天内到期的分期"),
    overdue_only: Flag = False,
    principal: Principal = Depends(Require("crm:payment:list")),
    session: AsyncSession = Depends(db_session),
) -> DueInstalments:
    """Instalments overdue or due within N days, with their derived status (回款计划提醒)."""
    return await plans.due_instalments(session, principal, due_within, overdue_only)
