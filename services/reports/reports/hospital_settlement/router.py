"""GET /api/reports/hospital-settlement and /api/reports/hospital-settlement/export."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.freshness import QueueProbe, queue_probe
from reports.hospital_settlement.schemas import HospitalReport
from reports.hospital_settlement.service import HospitalFilters, hospital_export, hospital_page
from reports.output import XLSX_ANSWER
from reports.periods import DateRange, Granularity, check_day_granularity, date_range
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id, Text

router = APIRouter(prefix="/api/reports/hospital-settlement", tags=["医院结算报表"])


async def hospital_filters(
    window: DateRange = Depends(date_range),
    granularity: Granularity = Query(Granularity.MONTH, description="day 按日 / month 按月 / all 整个区间"),
    hospital_id: Id | None = Query(None, description="医院"),
    brand_id: Id | None = Query(None, description="医院品牌"),
    keyword: Text | None = Query(None, max_length=100, description="医院名称"),
) -> HospitalFilters:
    check_day_granularity(window, granularity)
    return HospitalFilters(window, granularity, hospital_id, brand_id, keyword)


@router.get("", response_model=HospitalReport, response_model_exclude_unset=True, summary="医院结算报表")
async def get_hospital_settlement(
    filters: HospitalFilters = Depends(hospital_filters),
    params: PageParams = Depends(page_params),
    probe: QueueProbe | None = Depends(queue_probe),
    _: Principal = Depends(Require("reports:hospital_settlement:list")),
    session: AsyncSession = Depends(db_session),
) -> HospitalReport:
    return await hospital_page(session, filters, params, probe)


@router.get("/export", response_class=Response, responses=XLSX_ANSWER, summary="导出医院结算报表")
async def export_hospital_settlement(
    filters: HospitalFilters = Depends(hospital_filters),
    _: Principal = Depends(Require("reports:hospital_settlement:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    return await hospital_export(session, filters)
