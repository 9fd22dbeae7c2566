"""/api/mall/brands (品牌管理) and /app/mall/brands (the brands members can browse by)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from mall.brands import service
from mall.brands.schemas import BrandIn, BrandOut, BrandPage, BrandUpdate, MemberBrand
from mall.goods.images import read_picture, storage_of
from shared.admin_pages import AdminPage, add_admin_page
from shared.app import db_session
from shared.identity import Identity, Principal, Require, require_member
from shared.types import Id

router = APIRouter(prefix="/api/mall/brands", tags=["商城管理: 品牌"])
app_router = APIRouter(prefix="/app/mall", tags=["会员: 商城"])


async def brand_filters(
    keyword: str | None = Query(None, max_length=100, description="品牌名称"),
    shown: bool | None = Query(None, description="是否显示"),
) -> service.BrandFilters:
    return service.BrandFilters(keyword=keyword, shown=shown)


add_admin_page(router, AdminPage(
    path="", id_name="brand_id", singular="brand", plural="brands", label="品牌", code="mall:brand",
    page=BrandPage, out=BrandOut, create_in=BrandIn, patch_in=BrandUpdate, filters=brand_filters,
    export_name="品牌.xlsx", export_columns=service.EXPORT_COLUMNS, export_action="export", export_description=None,
    update_method="PUT", delete_note="（有商品时不能删除）", delete_context=storage_of,
    list_rows=service.list_brands, export_rows=service.export_rows, get_row=service.get_brand,
    create_row=service.create_brand, update_row=service.update_brand, delete_row=service.delete_brand,
))


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
