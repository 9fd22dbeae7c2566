"""The goods and goods-brand report queries, over the daily rollups of mall.OrderSettled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.freshness import QueueProbe
from reports.goods.schemas import (
    BRAND_EXPORT_COLUMNS,
    GOODS_EXPORT_COLUMNS,
    BrandReport,
    BrandRow,
    GoodsReport,
    GoodsRow,
    SaleFigures,
)
from reports.names import dim_options, with_names
from reports.output import answer_page, export
from reports.periods import DateRange, cover
from reports.projections.models import DimKind, GoodsBrandRollup, GoodsRollup
from reports.querying import narrowed, run_report
from shared.listing import PageParams

MEASURES = ("orders", "quantity", "sale_amount", "settlement_amount")
GOODS_SORTABLE = {"goods_name": "goods_name", "brand_name": "brand_name", **{m: m for m in MEASURES}}
BRAND_SORTABLE = {"brand_name": "brand_name", **{m: m for m in MEASURES}}


@dataclass(frozen=True)
class GoodsFilters:
    window: DateRange
    goods_id: int | None = None
    brand_id: int | None = None
    category_id: int | None = None
    keyword: str | None = None  # goods name (brand name on the brand report)


def _covering(table: Any, window: DateRange) -> Any:
    return cover(window.date_from, window.date_to).clause(table.c.grain, table.c.period)


def _sums(table: Any) -> list[Any]:
    return [func.sum(table.c[m]).label(m) for m in MEASURES]


def _figures(values: Any) -> dict[str, Any]:
    return {
        "orders": int(values["orders"]),
        "quantity": int(values["quantity"]),
        "sale_amount": values["sale_amount"],
        "settlement_amount": values["settlement_amount"],
        "margin": values["sale_amount"] - values["settlement_amount"],
    }


def _goods_grouped(f: GoodsFilters) -> Select[Any]:
    t = GoodsRollup.__table__
    keys = (t.c.goods_id, t.c.brand_id, t.c.category_id)
    stmt = select(*keys, *_sums(t)).where(_covering(t, f.window))
    chosen = {"goods_id": f.goods_id, "brand_id": f.brand_id, "category_id": f.category_id}
    return narrowed(stmt, t, chosen, f.keyword, ("goods_id", DimKind.GOODS)).group_by(*keys)


def _goods_decorate(g: Any) -> Select[Any]:
    return with_names(
        g,
        ("goods_id", DimKind.GOODS, "goods_name"),
        ("brand_id", DimKind.MALL_BRAND, "brand_name"),
        ("category_id", DimKind.MALL_CATEGORY, "category_name"),
    )


async def goods_report(
    session: AsyncSession, f: GoodsFilters, params: PageParams | None
) -> tuple[list[GoodsRow], int, SaleFigures]:
    default = [("sale_amount", True), ("goods_id", False), ("brand_id", False), ("category_id", False)]
    rows, total, sums = await run_report(
        session, _goods_grouped(f), MEASURES, params, GOODS_SORTABLE, default, _goods_decorate
    )
    data = [
        GoodsRow(
            goods_id=r.goods_id,
            goods_name=r.goods_name,
            brand_id=r.brand_id or None,
            brand_name=r.brand_name,
            category_id=r.category_id or None,
            category_name=r.category_name,
            **_figures(r._mapping),
        )
        for r in rows
    ]
    return data, total, SaleFigures(**_figures(sums))


def _brand_grouped(f: GoodsFilters) -> Select[Any]:
    t = GoodsBrandRollup.__table__
    stmt = select(t.c.brand_id, *_sums(t)).where(_covering(t, f.window))
    chosen = {"brand_id": f.brand_id}
    return narrowed(stmt, t, chosen, f.keyword, ("brand_id", DimKind.MALL_BRAND)).group_by(t.c.brand_id)


def _brand_decorate(g: Any) -> Select[Any]:
    return with_names(g, ("brand_id", DimKind.MALL_BRAND, "brand_name"))


async def brand_report(
    session: AsyncSession, f: GoodsFilters, params: PageParams | None
) -> tuple[list[BrandRow], int, SaleFigures]:
    default = [("sale_amount", True), ("brand_id", False)]
    rows, total, sums = await run_report(
        session, _brand_grouped(f), MEASURES, params, BRAND_SORTABLE, default, _brand_decorate
    )
    data = [BrandRow(brand_id=r.brand_id or None, brand_name=r.brand_name, **_figures(r._mapping)) for r in rows]
    return data, total, SaleFigures(**_figures(sums))


async def goods_page(
    session: AsyncSession, f: GoodsFilters, params: PageParams, probe: QueueProbe | None
) -> GoodsReport:
    found = await goods_report(session, f, params)
    return await answer_page(session, GoodsReport, found, params, probe, lambda: goods_options(session))


async def goods_export(session: AsyncSession, f: GoodsFilters) -> Response:
    rows, _total, totals = await goods_report(session, f, None)
    return export("商品报表.xlsx", GOODS_EXPORT_COLUMNS, rows, totals)


async def brand_page(
    session: AsyncSession, f: GoodsFilters, params: PageParams, probe: QueueProbe | None
) -> BrandReport:
    found = await brand_report(session, f, params)
    return await answer_page(session, BrandReport, found, params, probe, lambda: brand_options(session))


async def brand_export(session: AsyncSession, f: GoodsFilters) -> Response:
    rows, _total, totals = await brand_report(session, f, None)
    return export("商品品牌报表.xlsx", BRAND_EXPORT_COLUMNS, rows, totals)


async def goods_options(session: AsyncSession) -> dict[str, Any]:
    return {
        "goods_list": await dim_options(session, DimKind.GOODS),
        "brand_list": await dim_options(session, DimKind.MALL_BRAND),
        "category_list": await dim_options(session, DimKind.MALL_CATEGORY),
    }


async def brand_options(session: AsyncSession) -> dict[str, Any]:
    return {"brand_list": await dim_options(session, DimKind.MALL_BRAND)}
