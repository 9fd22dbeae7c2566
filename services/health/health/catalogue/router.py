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
from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Principal, Require
from shared.listing import PageParams, check_range, page_params
from shared.types import BIGINT_MAX, Id
from shared.xlsx import XLSX_MEDIA, xlsx_response

router = APIRouter(prefix="/api/health", tags=["体检管理: 品牌/单项/分类/疾病"])

# ---------------------------------------------------------------- brands


async def brand_filters(
    keyword: Keyword | None = None,
    brand_type: BrandType | None = None,
    status: OnlineStatus | None = None,
) -> BrandFilters:
    return BrandFilters(keyword=keyword, brand_type=brand_type, status=status)


@router.get("/brands", summary="品牌列表", response_model=BrandPage, response_model_exclude_unset=True)
async def list_brands(
    params: PageParams = Depends(page_params),
    filters: BrandFilters = Depends(brand_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:list")),
) -> dict[str, Any]:
    return await service.list_brands(session, filters, params)


@router.get("/brands/{brand_id}", summary="品牌详情", response_model=BrandOut)
async def get_brand(
    brand_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:list")),
) -> dict[str, Any]:
    return await service.brand_with_count(session, brand_id)


@router.post("/brands", status_code=201, summary="新增品牌", response_model=BrandOut)
async def create_brand(
    body: BrandIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:brand:create")),
) -> dict[str, Any]:
    return await service.create_brand(session, body, principal.actor)


@router.patch("/brands/{brand_id}", summary="修改品牌", response_model=BrandOut)
async def update_brand(
    brand_id: Id,
    body: BrandPatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:update")),
) -> dict[str, Any]:
    return await service.update_brand(session, brand_id, body, if_match)


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


@router.delete("/brands/{brand_id}", status_code=204, summary="删除品牌", response_class=Response)
async def delete_brand(
    brand_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:delete")),
) -> Response:
    await service.delete_brand(session, brand_id)
    return Response(status_code=204)


# ---------------------------------------------------------------- categories


@router.get("/categories", summary="套餐分类列表", response_model=CategoryPage, response_model_exclude_unset=True)
async def list_categories(
    params: PageParams = Depends(page_params),
    keyword: Keyword | None = Query(None, max_length=50),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:category:list")),
) -> dict[str, Any]:
    return await service.list_categories(session, keyword, params)


@router.get("/categories/{category_id}", summary="套餐分类详情", response_model=CategoryOut)
async def get_category(
    category_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:category:list")),
) -> dict[str, Any]:
    return await service.get_category(session, category_id)


@router.post("/categories", status_code=201, summary="新增套餐分类", response_model=CategoryOut)
async def create_category(
    body: CategoryIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:category:create")),
) -> dict[str, Any]:
    return await service.create_category(session, body, principal.actor)


@router.patch("/categories/{category_id}", summary="修改套餐分类", response_model=CategoryOut)
async def update_category(
    category_id: Id,
    body: CategoryPatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:category:update")),
) -> dict[str, Any]:
    return await service.update_category(session, category_id, body, if_match)


@router.delete("/categories/{category_id}", status_code=204, summary="删除套餐分类", response_class=Response)
async def delete_category(
    category_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:category:delete")),
) -> Response:
    await service.delete_category(session, category_id)
    return Response(status_code=204)


# ---------------------------------------------------------------- diseases


async def disease_filters(
    keyword: Keyword | None = Query(None, max_length=50),
    parent_id: int | None = Query(None, ge=0, le=BIGINT_MAX, description="分组 id；0 表示只看分组"),
) -> DiseaseFilters:
    return DiseaseFilters(keyword=keyword, parent_id=parent_id)


@router.get("/diseases", summary="疾病列表", response_model=DiseasePage, response_model_exclude_unset=True)
async def list_diseases(
    params: PageParams = Depends(page_params),
    filters: DiseaseFilters = Depends(disease_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:disease:list")),
) -> dict[str, Any]:
    return await service.list_diseases(session, filters, params)


@router.get("/diseases/{disease_id}", summary="疾病详情", response_model=DiseaseOut)
async def get_disease(
    disease_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:disease:list")),
) -> dict[str, Any]:
    return await service.get_disease(session, disease_id)


@router.post("/diseases", status_code=201, summary="新增疾病", response_model=DiseaseOut)
async def create_disease(
    body: DiseaseIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:disease:create")),
) -> dict[str, Any]:
    return await service.create_disease(session, body, principal.actor)


@router.patch("/diseases/{disease_id}", summary="修改疾病", response_model=DiseaseOut)
async def update_disease(
    disease_id: Id,
    body: DiseasePatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:disease:update")),
) -> dict[str, Any]:
    return await service.update_disease(session, disease_id, body, if_match)


@router.delete("/diseases/{disease_id}", status_code=204, summary="删除疾病", response_class=Response)
async def delete_disease(
    disease_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:disease:delete")),
) -> Response:
    await service.delete_disease(session, disease_id)
    return Response(status_code=204)


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


@router.get("/items", summary="单项列表", response_model=ItemPage, response_model_exclude_unset=True)
async def list_items(
    params: PageParams = Depends(page_params),
    filters: ItemFilters = Depends(item_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:item:list")),
) -> dict[str, Any]:
    return await items.list_items(session, filters, params)


@router.get("/items/export", summary="导出单项", response_class=Response,
            responses={200: {"content": {XLSX_MEDIA: {}}, "description": "单项.xlsx"}})
async def export_items(
    filters: ItemFilters = Depends(item_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:item:export")),
) -> Response:
    return xlsx_response("单项.xlsx", items.EXPORT_COLUMNS, await items.export_rows(session, filters))


@router.post("/items/import", summary="导入单项（.xlsx/.csv，有错则整批不写入）", response_model=ImportResult)
async def import_items(
    file: UploadFile = File(...),
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:item:import")),
) -> dict[str, Any]:
    return await items.import_items(session, file, principal.actor)


@router.get("/items/{item_id}", summary="单项详情", response_model=ItemOut)
async def get_item(
    item_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:item:list")),
) -> dict[str, Any]:
    return await items.item_detail(session, item_id)


@router.post("/items", status_code=201, summary="新增单项", response_model=ItemOut)
async def create_item(
    body: ItemIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:item:create")),
) -> dict[str, Any]:
    return await items.create_item(session, body, principal.actor)


@router.patch("/items/{item_id}", summary="修改单项", response_model=ItemOut)
async def update_item(
    item_id: Id,
    body: ItemPatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:item:update")),
) -> dict[str, Any]:
    return await items.update_item(session, item_id, body, if_match)


@router.delete("/items/{item_id}", status_code=204, summary="删除单项", response_class=Response)
async def delete_item(
    item_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:item:delete")),
) -> Response:
    await items.delete_item(session, item_id)
    return Response(status_code=204)
