"""GET /api/reports/sales and /api/reports/sales/export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.common import (
    GRANULARITY_LABELS,
    DateRange,
    Granularity,
    check_day_granularity,
    date_range,
    export,
    freshness,
    report_body,
)
from reports.sales.schemas import EXPORT_COLUMNS
from reports.sales.service import SalesFilters, sales_options, sales_report
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, enum_options, page_params

router = APIRouter(prefix="/api/reports/sales", tags=["销售报表"])


def sales_filters(
    window: DateRange = Depends(date_range),
    granularity: Granularity = Query(Granularity.MONTH, description="day 按日 / month 按月 / all 整个区间"),
    owner_id: int | None = Query(None, description="销售员（跟进人）"),
    dept_id: int | None = Query(None, description="部门"),
    customer_id: int | None = Query(None, description="客户"),
    keyword: str | None = Query(None, max_length=100, description="客户名称"),
) -> SalesFilters:
    check_day_granularity(window, granularity)
    return SalesFilters(window, granularity, owner_id, dept_id, customer_id, keyword)


@router.get("", summary="销售报表")
async def get_sales(
    request: Request,
    filters: SalesFilters = Depends(sales_filters),
    params: PageParams = Depends(page_params),
    principal: Principal = Depends(Require("reports:sales:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    rows, total, totals = await sales_report(session, filters, principal.scope, params)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = await sales_options(session, principal.scope)
        option_lists["granularity_list"] = enum_options(GRANULARITY_LABELS)
    return report_body(rows, total, params, totals, await freshness(session, request), option_lists)


@router.get("/export", summary="导出销售报表")
async def export_sales(
    filters: SalesFilters = Depends(sales_filters),
    principal: Principal = Depends(Require("reports:sales:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows, _, totals = await sales_report(session, filters, principal.scope, None)
    return export("销售报表.xlsx", EXPORT_COLUMNS, rows, totals)
