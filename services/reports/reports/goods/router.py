"""GET /api/reports/goods and /api/reports/goods-brands, each with /export."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.freshness import QueueProbe, queue_probe
from reports.goods.schemas import BrandReport, GoodsReport
from reports.goods.service import GoodsFilters, brand_export, brand_page, goods_export, goods_page
from reports.output import XLSX_ANSWER
from reports.periods import DateRange, date_range
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id, Text

router = APIRouter(prefix="/api/reports", tags=["商品报表"])


async def goods_filters(
    window: DateRange = Depends(date_range),
    goods_id: Id | None = Query(None, description="商品"),
    brand_id: Id | None = Query(None, description="品牌"),
    category_id: Id | None = Query(None, description="分类"),
    keyword: Text | None = Query(None, max_length=100, description="商品名称"),
) -> GoodsFilters:
    return GoodsFilters(window, goods_id, brand_id, category_id, keyword)


async def brand_filters(
    window: DateRange = Depends(date_range),
    brand_id: Id | None = Query(None, description="品牌"),
    keyword: Text | None = Query(None, max_length=100, description="品牌名称"),
) -> GoodsFilters:
    return GoodsFilters(window, brand_id=brand_id, keyword=keyword)


@router.get("/goods", response_model=GoodsReport, response_model_exclude_unset=True, summary="商品报表")
async def get_goods(
    filters: GoodsFilters = Depends(goods_filters),
    params: PageParams = Depends(page_params),
    probe: QueueProbe | None = Depends(queue_probe),
    _: Principal = Depends(Require("reports:goods:list")),
    session: AsyncSession = Depends(db_session),
) -> GoodsReport:
    return await goods_page(session, filters, params, probe)


@router.get("/goods/export", response_class=Response, responses=XLSX_ANSWER, summary="导出商品报表")
async def export_goods(
    filters: GoodsFilters = Depends(goods_filters),
    _: Principal = Depends(Require("reports:goods:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    return await goods_export(session, filters)


@router.get("/goods-brands", response_model=BrandReport, response_model_exclude_unset=True, summary="商品品牌报表",
            tags=["商品品牌报表"])
async def get_goods_brands(
    filters: GoodsFilters = Depends(brand_filters),
    params: PageParams = Depends(page_params),
    probe: QueueProbe | None = Depends(queue_probe),
    _: Principal = Depends(Require("reports:goods_brand:list")),
    session: AsyncSession = Depends(db_session),
) -> BrandReport:
    return await brand_page(session, filters, params, probe)


@router.get("/goods-brands/export", response_class=Response, responses=XLSX_ANSWER, summary="导出商品品牌报表",
            tags=["商品品牌报表"])
async def export_goods_brands(
    filters: GoodsFilters = Depends(brand_filters),
    _: Principal = Depends(Require("reports:goods_brand:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    return await brand_export(session, filters)
