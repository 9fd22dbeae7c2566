"""GET /api/reports/card-consumption and /api/reports/card-consumption/export."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from reports.card_consumption.schemas import CardGrouping, CardReport
from reports.card_consumption.service import CardFilters, card_export, card_page
from reports.periods import DateRange, date_range
from reports.report_routes import add_report_routes
from shared.types import Id, Text

router = APIRouter(prefix="/api/reports/card-consumption", tags=["卡片消费报表"])


async def card_filters(
    window: DateRange = Depends(date_range),
    group_by: CardGrouping = Query(CardGrouping.ACTIVATION, description="activation 按激活批次 / contract / customer"),
    customer_id: Id | None = Query(None, description="客户"),
    contract_id: Id | None = Query(None, description="合同"),
    activation_id: Id | None = Query(None, description="激活批次"),
    keyword: Text | None = Query(None, max_length=100, description="客户名称"),
) -> CardFilters:
    return CardFilters(window, group_by, customer_id, contract_id, activation_id, keyword)


add_report_routes(
    router, "", title="卡片消费报表", code="reports:card_consumption", name="card_consumption",
    page_model=CardReport, filters=card_filters, page=card_page, export=card_export,
)
