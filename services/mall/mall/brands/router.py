"""/api/mall/brands (品牌管理) and /app/mall/brands (the brands members can browse by)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from mall.brands import service
from mall.brands.schemas import BrandIn, BrandOut, BrandPage, BrandUpdate, MemberBrand
from mall.goods.images import read_picture, storage_of
from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Identity, Principal, Require, require_member
from shared.listing import PageParams, page_params
from shared.types import Id
from shared.xlsx import XLSX_MEDIA, xlsx_response

router = APIRouter(prefix="/api/mall/brands", tags=["商城管理: 品牌"])
app_router = APIRouter(prefix="/app/mall", tags=["会员: 商城"])


async def brand_filters(
    keyword: str | None = Query(None, max_length=100, description="品牌名称"),
    shown: bool | None = Query(None, description="是否显示"),
) -> service.BrandFilters:
    return service.BrandFilters(keyword=keyword, shown=shown)


@router.get("", response_model=BrandPage, response_model_exclude_unset=True, summary="品牌列表")
async def list_brands(
    filters: service.BrandFilters = Depends(brand_filters),
    params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:brand:list")),
) -> dict[str, object]:
    return await service.list_brands(session, filters, params)


@router.get("/export", response_class=Response, responses={200: {"content": {XLSX_MEDIA: {}}}},
            summary="导出品牌")
async def export_brands(
    filters: service.BrandFilters = Depends(brand_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:brand:export")),
) -> Response:
    return xlsx_response("品牌.xlsx", service.EXPORT_COLUMNS, await service.export_rows(session, filters))


@router.get("/{brand_id}", summary="品牌详情")
async def get_brand(
    brand_id: Id, session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("mall:brand:list"))
) -> BrandOut:
    return await service.get_brand(session, brand_id)


@router.post("", status_code=201, summary="新增品牌")
async def create_brand(
    body: BrandIn, session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("mall:brand:create")),
) -> BrandOut:
    return await service.create_brand(session, body, principal.actor)


@router.put("/{brand_id}", summary="修改品牌")
async def update_brand(
    brand_id: Id, body: BrandUpdate, if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("mall:brand:update")),
) -> BrandOut:
    return await service.update_brand(session, brand_id, body, if_match)


@router.delete("/{brand_id}", status_code=204, response_class=Response, summary="删除品牌（有商品时不能删除）")
async def delete_brand(
    brand_id: Id, request: Request, session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:brand:delete")),
) -> Response:
    await service.delete_brand(session, storage_of(request), brand_id)
    return Response(status_code=204)


@router.post("/{brand_id}/logo", summary="上传品牌logo（png/jpg/webp/gif）")
async def upload_logo(
    brand_id: Id, request: Request, file: UploadFile = File(...), session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:brand:update")),
) -> BrandOut:
    picture = await read_picture(file, request.app.state.settings.image_max_bytes)
    return await service.set_logo(session, storage_of(request), brand_id, picture)


@app_router.get("/brands", summary="品牌（会员可见）")
async def member_brands(
    session: AsyncSession = Depends(db_session), _: Identity = Depends(require_member)
) -> list[MemberBrand]:
    return await service.shown_brands(session)
