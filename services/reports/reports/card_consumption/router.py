"""GET /api/reports/card-consumption and /api/reports/card-consumption/export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.card_consumption.schemas import EXPORT_COLUMNS, GROUPING_LABELS, CardGrouping
from reports.card_consumption.service import CardFilters, card_options, card_report
from reports.common import DateRange, date_range, export, freshness, report_body
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, enum_options, page_params

router = APIRouter(prefix="/api/reports/card-consumption", tags=["卡片消费报表"])


def card_filters(
    window: DateRange = Depends(date_range),
    group_by: CardGrouping = Query(CardGrouping.ACTIVATION, description="activation 按激活批次 / contract / customer"),
    customer_id: int | None = Query(None, description="客户"),
    contract_id: int | None = Query(None, description="合同"),
    activation_id: int | None = Query(None, description="激活批次"),
    keyword: str | None = Query(None, max_length=100, description="客户名称"),
) -> CardFilters:
    return CardFilters(window, group_by, customer_id, contract_id, activation_id, keyword)


@router.get("", summary="卡片消费报表")
async def get_card_consumption(
    request: Request,
    filters: CardFilters = Depends(card_filters),
    params: PageParams = Depends(page_params),
    _: Principal = Depends(Require("reports:card_consumption:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    rows, total, totals = await card_report(session, filters, params)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = await card_options(session, filters)
        option_lists["group_by_list"] = enum_options(GROUPING_LABELS)
    return report_body(rows, total, params, totals, await freshness(session, request), option_lists)


@router.get("/export", summary="导出卡片消费报表")
async def export_card_consumption(
    filters: CardFilters = Depends(card_filters),
    _: Principal = Depends(Require("reports:card_consumption:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows, _total, totals = await card_report(session, filters, None)
    return export("卡片消费报表.xlsx", EXPORT_COLUMNS, rows, totals)
