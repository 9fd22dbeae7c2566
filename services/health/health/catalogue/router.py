"""Admin API of the catalogue: /api/health/brands, /items, /categories, /diseases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from health.catalogue import items, service
from health.catalogue.schemas import (
    BrandFilters,
    BrandIn,
    BrandOut,
    BrandPage,
    BrandPatch,
    BrandStatusIn,
    BrandType,
    CategoryIn,
    CategoryOut,
    CategoryPage,
    CategoryPatch,
    DiseaseFilters,
    DiseaseIn,
    DiseaseOut,
    DiseasePage,
    DiseasePatch,
    ImportResult,
    ItemFilters,
    ItemIn,
    ItemOut,
    ItemPage,
    ItemPatch,
    OnlineStatus,
)
from health.common import Keyword
from shared.admin_pages import AdminPage, Service, add_admin_page
from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Principal, Require
from shared.listing import check_range
from shared.types import BIGINT_MAX, Id

router = APIRouter(prefix="/api/health", tags=["体检管理: 品牌/单项/分类/疾病"])


def with_actor(create: Service) -> Service:
    """A health create service, `(session, body, actor)`, as the admin-page factory calls it: with the principal
    (health's services keep the acting staff member's columns, `principal.actor`, not the principal)."""
    async def create_row(session: AsyncSession, body: Any, principal: Principal) -> Any:
        return await create(session, body, principal.actor)
    return create_row


# ---------------------------------------------------------------- brands


async def brand_filters(
    keyword: Keyword | None = None,
    brand_type: BrandType | None = None,
    status: OnlineStatus | None = None,
) -> BrandFilters:
    return BrandFilters(keyword=keyword, brand_type=brand_type, status=status)


add_admin_page(router, AdminPage(
    path="/brands", id_name="brand_id", singular="brand", plural="brands", label="品牌", code="health:brand",
    page=BrandPage, out=BrandOut, create_in=BrandIn, patch_in=BrandPatch, filters=brand_filters,
    page_params_first=True, list_rows=service.list_brands, get_row=service.brand_with_count,
    create_row=with_actor(service.create_brand), update_row=service.update_brand, delete_row=service.delete_brand,
))


@router.post("/brands/{brand_id}/status", summary="品牌上线/下线", response_model=BrandOut)
async def set_brand_status(
    brand_id: Id,
    body: BrandStatusIn,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:update")),
) -> dict[str, Any]:
    return await service.update_brand(session, brand_id, body, if_match)


@router.post("/brands/{brand_id}/logo", summary="上传品牌logo", response_model=BrandOut)
async def upload_brand_logo(
    brand_id: Id,
    file: UploadFile = File(...),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:update")),
) -> dict[str, Any]:
    return await service.set_brand_logo(session, brand_id, file)


@router.get(
    "/brands/{brand_id}/logo",
    summary="品牌logo图片",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/jpeg": {}, "image/webp": {}, "image/gif": {}}}},
)
async def get_brand_logo(
    brand_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:list")),
) -> Response:
    logo = await service.brand_logo(session, brand_id)
    return Response(logo.data, media_type=logo.content_type, headers={"cache-control": "private, max-age=300"})


# ---------------------------------------------------------------- categories


# The list's one filter, documented before the paging parameters (it was the list's own query parameter).
async def category_filters(keyword: Keyword | None = Query(None, max_length=50)) -> str | None:
    return keyword


add_admin_page(router, AdminPage(
    path="/categories", id_name="category_id", singular="category", plural="categories", label="套餐分类",
    code="health:category", page=CategoryPage, out=CategoryOut, create_in=CategoryIn, patch_in=CategoryPatch,
    filters=category_filters, list_rows=service.list_categories,
    get_row=service.get_category, create_row=with_actor(service.create_category),
    update_row=service.update_category, delete_row=service.delete_category,
))


# ---------------------------------------------------------------- diseases


async def disease_filters(
    keyword: Keyword | None = Query(None, max_length=50),
    parent_id: int | None = Query(None, ge=0, le=BIGINT_MAX, description="分组 id；0 表示只看分组"),
) -> DiseaseFilters:
    return DiseaseFilters(keyword=keyword, parent_id=parent_id)


add_admin_page(router, AdminPage(
    path="/diseases", id_name="disease_id", singular="disease", plural="diseases", label="疾病",
    code="health:disease", page=DiseasePage, out=DiseaseOut, create_in=DiseaseIn, patch_in=DiseasePatch,
    filters=disease_filters, page_params_first=True, list_rows=service.list_diseases,
    get_row=service.get_disease, create_row=with_actor(service.create_disease),
    update_row=service.update_disease, delete_row=service.delete_disease,
))


# ---------------------------------------------------------------- items


async def item_filters(
    keyword: Keyword | None = None,
    brand_id: Id | None = None,
    disease_id: Id | None = None,
    sale_price_from: Decimal | None = Query(None, ge=0, max_digits=14, decimal_places=2),
    sale_price_to: Decimal | None = Query(None, ge=0, max_digits=14, decimal_places=2),
) -> ItemFilters:
    check_range("sale_price", sale_price_from, sale_price_to)
    return ItemFilters(keyword=keyword, brand_id=brand_id, disease_id=disease_id,
                       sale_price_from=sale_price_from, sale_price_to=sale_price_to)


add_admin_page(router, AdminPage(
    path="/items", id_name="item_id", singular="item", plural="items", label="单项", code="health:item",
    page=ItemPage, out=ItemOut, create_in=ItemIn, patch_in=ItemPatch, filters=item_filters,
    page_params_first=True, export_name="单项.xlsx", export_columns=items.EXPORT_COLUMNS, export_action="export",
    export_description="单项.xlsx", list_rows=items.list_items, export_rows=items.export_rows,
    get_row=items.item_detail, create_row=with_actor(items.create_item), update_row=items.update_item,
    delete_row=items.delete_item,
))


# After the page's /items/{item_id} routes, which take no POST: the import still answers here.
@router.post("/items/import", summary="导入单项（.xlsx/.csv，有错则整批不写入）", response_model=ImportResult)
async def import_items(
    file: UploadFile = File(...),
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:item:import")),
) -> dict[str, Any]:
    return await items.import_items(session, file, principal.actor)
