"""GET /api/reports/sales and /api/reports/sales/export."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.freshness import QueueProbe, queue_probe
from reports.output import XLSX_ANSWER
from reports.periods import DateRange, Granularity, check_day_granularity, date_range
from reports.sales.schemas import SalesReport
from reports.sales.service import SalesFilters, sales_export, sales_page
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id, Text

router = APIRouter(prefix="/api/reports/sales", tags=["销售报表"])


async def sales_filters(
    window: DateRange = Depends(date_range),
    granularity: Granularity = Query(Granularity.MONTH, description="day 按日 / month 按月 / all 整个区间"),
    owner_id: Id | None = Query(None, description="销售员（跟进人）"),
    dept_id: Id | None = Query(None, description="部门"),
    customer_id: Id | None = Query(None, description="客户"),
    keyword: Text | None = Query(None, max_length=100, description="客户名称"),
) -> SalesFilters:
    check_day_granularity(window, granularity)
    return SalesFilters(window, granularity, owner_id, dept_id, customer_id, keyword)


@router.get("", response_model=SalesReport, response_model_exclude_unset=True, summary="销售报表")
async def get_sales(
    filters: SalesFilters = Depends(sales_filters),
    params: PageParams = Depends(page_params),
    probe: QueueProbe | None = Depends(queue_probe),
    principal: Principal = Depends(Require("reports:sales:list")),
    session: AsyncSession = Depends(db_session),
) -> SalesReport:
    return await sales_page(session, filters, principal.scope, params, probe)


@router.get("/export", response_class=Response, responses=XLSX_ANSWER, summary="导出销售报表")
async def export_sales(
    filters: SalesFilters = Depends(sales_filters),
    principal: Principal = Depends(Require("reports:sales:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    return await sales_export(session, filters, principal.scope)
