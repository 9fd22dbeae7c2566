"""GET /api/reports/card-consumption and /api/reports/card-consumption/export."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.card_consumption.schemas import CardGrouping, CardReport
from reports.card_consumption.service import CardFilters, card_export, card_page
from reports.freshness import QueueProbe, queue_probe
from reports.output import XLSX_ANSWER
from reports.periods import DateRange, date_range
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
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


@router.get("", response_model=CardReport, response_model_exclude_unset=True, summary="卡片消费报表")
async def get_card_consumption(
    filters: CardFilters = Depends(card_filters),
    params: PageParams = Depends(page_params),
    probe: QueueProbe | None = Depends(queue_probe),
    _: Principal = Depends(Require("reports:card_consumption:list")),
    session: AsyncSession = Depends(db_session),
) -> CardReport:
    return await card_page(session, filters, params, probe)


@router.get("/export", response_class=Response, responses=XLSX_ANSWER, summary="导出卡片消费报表")
async def export_card_consumption(
    filters: CardFilters = Depends(card_filters),
    _: Principal = Depends(Require("reports:card_consumption:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    return await card_export(session, filters)
