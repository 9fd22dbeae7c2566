"""GET /api/reports/escort-settlement and /api/reports/escort-settlement/export."""

from __future__ import annotations

from fastapi import Depends, Query

from reports.escort_settlement.service import ESCORT_SETTLEMENT
from reports.periods import DateRange, Granularity, check_day_granularity, date_range
from reports.settlement.router import settlement_router
from reports.settlement.service import SettlementFilters
from shared.types import Id, Text


async def escort_filters(
    window: DateRange = Depends(date_range),
    granularity: Granularity = Query(Granularity.MONTH, description="day 按日 / month 按月 / all 整个区间"),
    hospital_id: Id | None = Query(None, description="陪诊医院"),
    escort_id: Id | None = Query(None, description="陪诊师"),
    keyword: Text | None = Query(None, max_length=100, description="医院名称或陪诊师姓名"),
) -> SettlementFilters:
    check_day_granularity(window, granularity)
    return SettlementFilters(window, granularity, {"hospital_id": hospital_id, "escort_id": escort_id}, keyword)


router = settlement_router(
    "/api/reports/escort-settlement", "陪诊结算报表", "reports:escort_settlement", "escort_settlement",
    ESCORT_SETTLEMENT, escort_filters,
)
