"""The hospital-settlement report query, over the daily rollup of health.OrderSettled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.freshness import QueueProbe, freshness
from reports.hospital_settlement.schemas import EXPORT_COLUMNS, HospitalFigures, HospitalReport, HospitalRow
from reports.names import dim_options, ids_named, join_name
from reports.output import export, report_page
from reports.periods import GRANULARITY_LABELS, DateRange, Granularity, cover, period_label, period_of
from reports.projections.models import DimKind, HospitalRollup
from reports.querying import run_report
from shared.listing import PageParams, enum_options

MEASURES = ("orders", "quantity", "sale_amount", "settlement_amount")
SORTABLE = {
    "period": "period",
    "hospital_name": "hospital_name",
    "brand_name": "brand_name",
    **{m: m for m in MEASURES},
}
DEFAULT_SORT = [("period", True), ("hospital_id", False), ("brand_id", False)]


@dataclass(frozen=True)
class HospitalFilters:
    window: DateRange
    granularity: Granularity
    hospital_id: int | None = None
    brand_id: int | None = None
    keyword: str | None = None  # hospital name


def _grouped(f: HospitalFilters) -> Select[Any]:
    t = HospitalRollup.__table__
    period = period_of(t.c.period, f.granularity).label("period")
    stmt = select(period, t.c.hospital_id, t.c.brand_id, *(func.sum(t.c[m]).label(m) for m in MEASURES))
    rows = cover(f.window.date_from, f.window.date_to, finest=f.granularity)
    stmt = stmt.where(rows.clause(t.c.grain, t.c.period))
    if f.hospital_id is not None:
        stmt = stmt.where(t.c.hospital_id == f.hospital_id)
    if f.brand_id is not None:
        stmt = stmt.where(t.c.brand_id == f.brand_id)
    if f.keyword and f.keyword.strip():
        stmt = stmt.where(t.c.hospital_id.in_(ids_named(DimKind.HOSPITAL, f.keyword)))
    group = [t.c.hospital_id, t.c.brand_id]
    if f.granularity != Granularity.ALL:
        group.insert(0, period)
    return stmt.group_by(*group)


def _decorate(g: Any) -> Select[Any]:
    stmt = select(g).select_from(g)
    stmt, hospital = join_name(stmt, g.c.hospital_id, DimKind.HOSPITAL, "hospital_dim")
    stmt, brand = join_name(stmt, g.c.brand_id, DimKind.HEALTH_BRAND, "brand_dim")
    return stmt.add_columns(hospital.label("hospital_name"), brand.label("brand_name"))


def _figures(values: Any) -> dict[str, Any]:
    return {
        "orders": int(values["orders"]),
        "quantity": int(values["quantity"]),
        "sale_amount": values["sale_amount"],
        "settlement_amount": values["settlement_amount"],
    }


async def hospital_report(
    session: AsyncSession, f: HospitalFilters, params: PageParams | None
) -> tuple[list[HospitalRow], int, HospitalFigures]:
    rows, total, sums = await run_report(session, _grouped(f), MEASURES, params, SORTABLE, DEFAULT_SORT, _decorate)
    data = [
        HospitalRow(
            period=period_label(r.period, f.granularity, f.window),
            hospital_id=r.hospital_id,
            hospital_name=r.hospital_name,
            brand_id=r.brand_id or None,
            brand_name=r.brand_name,
            **_figures(r._mapping),
        )
        for r in rows
    ]
    return data, total, HospitalFigures(**_figures(sums))


async def hospital_page(
    session: AsyncSession, f: HospitalFilters, params: PageParams, probe: QueueProbe | None
) -> HospitalReport:
    rows, total, totals = await hospital_report(session, f, params)
    option_lists = await hospital_options(session) if params.with_options else {}
    return report_page(HospitalReport, rows, total, params, totals, await freshness(session, probe), option_lists)


async def hospital_export(session: AsyncSession, f: HospitalFilters) -> Response:
    rows, _total, totals = await hospital_report(session, f, None)
    return export("医院结算报表.xlsx", EXPORT_COLUMNS, rows, totals)


async def hospital_options(session: AsyncSession) -> dict[str, Any]:
    return {
        "hospital_list": await dim_options(session, DimKind.HOSPITAL),
        "brand_list": await dim_options(session, DimKind.HEALTH_BRAND),
        "granularity_list": enum_options(GRANULARITY_LABELS),
    }
