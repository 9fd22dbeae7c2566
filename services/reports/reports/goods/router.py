"""GET /api/reports/goods and /api/reports/goods-brands, each with /export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.common import DateRange, date_range, export, freshness, report_body
from reports.goods.schemas import BRAND_EXPORT_COLUMNS, GOODS_EXPORT_COLUMNS
from reports.goods.service import GoodsFilters, brand_options, brand_report, goods_options, goods_report
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params

router = APIRouter(prefix="/api/reports", tags=["商品报表"])


def goods_filters(
    window: DateRange = Depends(date_range),
    goods_id: int | None = Query(None, description="商品"),
    brand_id: int | None = Query(None, description="品牌"),
    category_id: int | None = Query(None, description="分类"),
    keyword: str | None = Query(None, max_length=100, description="商品名称"),
) -> GoodsFilters:
    return GoodsFilters(window, goods_id, brand_id, category_id, keyword)


def brand_filters(
    window: DateRange = Depends(date_range),
    brand_id: int | None = Query(None, description="品牌"),
    keyword: str | None = Query(None, max_length=100, description="品牌名称"),
) -> GoodsFilters:
    return GoodsFilters(window, brand_id=brand_id, keyword=keyword)


@router.get("/goods", summary="商品报表")
async def get_goods(
    request: Request,
    filters: GoodsFilters = Depends(goods_filters),
    params: PageParams = Depends(page_params),
    _: Principal = Depends(Require("reports:goods:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    rows, total, totals = await goods_report(session, filters, params)
    option_lists = await goods_options(session) if params.with_options else {}
    return report_body(rows, total, params, totals, await freshness(session, request), option_lists)


@router.get("/goods/export", summary="导出商品报表")
async def export_goods(
    filters: GoodsFilters = Depends(goods_filters),
    _: Principal = Depends(Require("reports:goods:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows, _total, totals = await goods_report(session, filters, None)
    return export("商品报表.xlsx", GOODS_EXPORT_COLUMNS, rows, totals)


@router.get("/goods-brands", summary="商品品牌报表", tags=["商品品牌报表"])
async def get_goods_brands(
    request: Request,
    filters: GoodsFilters = Depends(brand_filters),
    params: PageParams = Depends(page_params),
    _: Principal = Depends(Require("reports:goods_brand:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    rows, total, totals = await brand_report(session, filters, params)
    option_lists = await brand_options(session) if params.with_options else {}
    return report_body(rows, total, params, totals, await freshness(session, request), option_lists)


@router.get("/goods-brands/export", summary="导出商品品牌报表", tags=["商品品牌报表"])
async def export_goods_brands(
    filters: GoodsFilters = Depends(brand_filters),
    _: Principal = Depends(Require("reports:goods_brand:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows, _total, totals = await brand_report(session, filters, None)
    return export("商品品牌报表.xlsx", BRAND_EXPORT_COLUMNS, rows, totals)
