"""GET /api/reports/hospital-settlement and /api/reports/hospital-settlement/export."""

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
from reports.hospital_settlement.schemas import EXPORT_COLUMNS
from reports.hospital_settlement.service import HospitalFilters, hospital_options, hospital_report
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, enum_options, page_params

router = APIRouter(prefix="/api/reports/hospital-settlement", tags=["医院结算报表"])


def hospital_filters(
    window: DateRange = Depends(date_range),
    granularity: Granularity = Query(Granularity.MONTH, description="day 按日 / month 按月 / all 整个区间"),
    hospital_id: int | None = Query(None, description="医院"),
    brand_id: int | None = Query(None, description="医院品牌"),
    keyword: str | None = Query(None, max_length=100, description="医院名称"),
) -> HospitalFilters:
    check_day_granularity(window, granularity)
    return HospitalFilters(window, granularity, hospital_id, brand_id, keyword)


@router.get("", summary="医院结算报表")
async def get_hospital_settlement(
    request: Request,
    filters: HospitalFilters = Depends(hospital_filters),
    params: PageParams = Depends(page_params),
    _: Principal = Depends(Require("reports:hospital_settlement:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    rows, total, totals = await hospital_report(session, filters, params)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = await hospital_options(session)
        option_lists["granularity_list"] = enum_options(GRANULARITY_LABELS)
    return report_body(rows, total, params, totals, await freshness(session, request), option_lists)


@router.get("/export", summary="导出医院结算报表")
async def export_hospital_settlement(
    filters: HospitalFilters = Depends(hospital_filters),
    _: Principal = Depends(Require("reports:hospital_settlement:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows, _total, totals = await hospital_report(session, filters, None)
    return export("医院结算报表.xlsx", EXPORT_COLUMNS, rows, totals)
