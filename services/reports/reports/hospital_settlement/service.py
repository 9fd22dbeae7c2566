"""The hospital-settlement report query, over the daily rollup of health.OrderSettled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reports.common import (
    DateRange,
    Granularity,
    cover,
    dim_options,
    ids_named,
    join_name,
    period_label,
    period_of,
    run_report,
)
from reports.hospital_settlement.schemas import HospitalFigures, HospitalRow
from reports.projections.models import HospitalRollup
from reports.projections.projector import DimKind

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
    session: AsyncSession, f: HospitalFilters, params: Any
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


async def hospital_options(session: AsyncSession) -> dict[str, Any]:
    return {
        "hospital_list": await dim_options(session, DimKind.HOSPITAL),
        "brand_list": await dim_options(session, DimKind.HEALTH_BRAND),
    }
