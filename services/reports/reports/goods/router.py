"""GET /api/reports/goods and /api/reports/goods-brands, each with /export."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from reports.goods.schemas import BrandReport, GoodsReport
from reports.goods.service import GoodsFilters, brand_export, brand_page, goods_export, goods_page
from reports.periods import DateRange, date_range
from reports.report_routes import add_report_routes
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


add_report_routes(
    router, "/goods", title="商品报表", code="reports:goods", name="goods",
    page_model=GoodsReport, filters=goods_filters, page=goods_page, export=goods_export,
)
# Under the goods router, but listed under a tag of its own as well.
add_report_routes(
    router, "/goods-brands", title="商品品牌报表", code="reports:goods_brand", name="goods_brands",
    page_model=BrandReport, filters=brand_filters, page=brand_page, export=brand_export, tags=["商品品牌报表"],
)
