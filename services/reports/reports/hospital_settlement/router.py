"""GET /api/reports/hospital-settlement and /api/reports/hospital-settlement/export."""

from __future__ import annotations

from fastapi import Depends, Query

from reports.hospital_settlement.service import HOSPITAL_SETTLEMENT
from reports.periods import DateRange, Granularity, check_day_granularity, date_range
from reports.settlement.router import settlement_router
from reports.settlement.service import SettlementFilters
from shared.types import Id, Text


async def hospital_filters(
    window: DateRange = Depends(date_range),
    granularity: Granularity = Query(Granularity.MONTH, description="day 按日 / month 按月 / all 整个区间"),
    hospital_id: Id | None = Query(None, description="医院"),
    brand_id: Id | None = Query(None, description="医院品牌"),
    keyword: Text | None = Query(None, max_length=100, description="医院名称"),
) -> SettlementFilters:
    check_day_granularity(window, granularity)
    return SettlementFilters(window, granularity, {"hospital_id": hospital_id, "brand_id": brand_id}, keyword)


router = settlement_router(
    "/api/reports/hospital-settlement", "医院结算报表", "reports:hospital_settlement", "hospital_settlement",
    HOSPITAL_SETTLEMENT, hospital_filters,
)
