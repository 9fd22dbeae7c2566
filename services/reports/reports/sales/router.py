"""GET /api/reports/sales and /api/reports/sales/export."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from reports.periods import DateRange, Granularity, check_day_granularity, date_range
from reports.report_routes import add_report_routes
from reports.sales.schemas import SalesReport
from reports.sales.service import SalesFilters, sales_export, sales_page
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


# Salespeople see the sales of their data scope only.
add_report_routes(
    router, "", title="销售报表", code="reports:sales", name="sales",
    page_model=SalesReport, filters=sales_filters, page=sales_page, export=sales_export, scoped=True,
)
