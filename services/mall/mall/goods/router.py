"""/api/mall/goods (商品管理), the pictures at /api|app/mall/images, and /app/mall/goods (members browse)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from mall.goods import importing, service, shop
from mall.goods.images import picture_bytes, read_picture, storage_of
from mall.goods.schemas import (
    GoodsImportReport,
    GoodsIn,
    GoodsOut,
    GoodsPage,
    GoodsUpdate,
    MemberGoods,
    MemberGoodsPage,
    ShelfIn,
    SkuChangePage,
    Updated,
)
from shared.admin_pages import AdminPage, add_admin_page
from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Identity, Principal, Require, require_member
from shared.listing import PageParams, page_params
from shared.types import Id
from shared.xlsx import XLSX_MEDIA, read_upload, xlsx_response

router = APIRouter(prefix="/api/mall", tags=["商城管理: 商品"])
app_router = APIRouter(prefix="/app/mall", tags=["会员: 商城"])
IMAGE_RESPONSE = {200: {"content": {"image/png": {}, "image/jpeg": {}, "image/webp": {}, "image/gif": {}}}}


async def goods_filters(
    keyword: str | None = Query(None, max_length=100, description="商品名称/副标题"),
    brand_id: Id | None = Query(None, description="品牌"),
    category_id: Id | None = Query(None, description="分类（一级分类含其子分类）"),
    on_shelf: bool | None = Query(None, description="上架状态"),
    low_stock: bool | None = Query(None, description="库存预警：可售库存不高于预警值"),
) -> service.GoodsFilters:
    return service.GoodsFilters(keyword, brand_id, category_id, on_shelf, low_stock)


@router.post("/goods/shelf", summary="批量上架/下架")
async def set_shelf(
    body: ShelfIn, session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("mall:goods:update"))
) -> Updated:
    return Updated(updated=await service.set_shelf(session, body.ids, body.on_shelf))


@router.get("/goods/import-template", response_class=Response, responses={200: {"content": {XLSX_MEDIA: {}}}},
            summary="商品导入模板")
async def goods_import_template(_: Principal = Depends(Require("mall:goods:import"))) -> Response:
    return xlsx_response("商品导入模板.xlsx", importing.IMPORT_COLUMNS, [])


@router.post("/goods/import", summary="导入商品（.xlsx/.csv，每行一个规格；按商品编码新增或更新；逐行报错）")
async def import_goods(
    file: UploadFile = File(...), session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("mall:goods:import")),
) -> GoodsImportReport:
    rows = await read_upload(file, importing.IMPORT_COLUMNS)
    return await importing.import_goods(session, rows, principal.actor)


async def create_goods(session: AsyncSession, body: GoodsIn, principal: Principal) -> GoodsOut:
    """The page hands the principal; the service, shared with the import, takes the actor."""
    return await service.create_goods(session, body, principal.actor)


# After the routes above: `import-template` is no goods id.
add_admin_page(router, AdminPage(
    path="/goods", id_name="goods_id", singular="goods", plural="goods", label="商品", code="mall:goods",
    page=GoodsPage, out=GoodsOut, create_in=GoodsIn, filters=goods_filters, create_note="（含规格 SKU）",
    export_name="商品.xlsx", export_columns=service.EXPORT_COLUMNS, export_action="export", export_description=None,
    delete_context=storage_of,
    list_rows=service.list_goods, export_rows=service.export_rows, get_row=service.get_goods,
    create_row=create_goods, delete_row=service.delete_goods,
))


# By hand: the update records who changed a price or a stock.
@router.put("/goods/{goods_id}", summary="修改商品（规格：带 id 为修改，不带为新增，未列出的删除）")
async def update_goods(
    goods_id: Id, body: GoodsUpdate, if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session), principal: Principal = Depends(Require("mall:goods:update")),
) -> GoodsOut:
    return await service.update_goods(session, goods_id, body, if_match, principal.actor)


@router.get("/goods/{goods_id}/changes", response_model=SkuChangePage, summary="价格与库存变更记录")
async def list_changes(
    goods_id: Id, params: PageParams = Depends(page_params), session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:goods:list")),
) -> dict[str, object]:
    return await service.list_changes(session, goods_id, params)


@router.post("/goods/{goods_id}/images", status_code=201, summary="上传商品图片（png/jpg/webp/gif）")
async def upload_image(
    goods_id: Id, request: Request, file: UploadFile = File(...), session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:goods:update")),
) -> GoodsOut:
    picture = await read_picture(file, request.app.state.settings.image_max_bytes)
    return await service.add_picture(session, storage_of(request), goods_id, picture)


@router.delete("/goods/{goods_id}/images/{image_id}", status_code=204, response_class=Response,
               summary="删除商品图片")
async def delete_image(
    goods_id: Id, image_id: Id, request: Request, session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:goods:update")),
) -> Response:
    await service.remove_picture(session, storage_of(request), goods_id, image_id)
    return Response(status_code=204)


@router.get("/images/{image_id}", response_class=Response, responses=IMAGE_RESPONSE, summary="图片")
async def admin_image(
    image_id: Id, request: Request, session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:goods:list")),
) -> Response:
    data, content_type = await picture_bytes(session, storage_of(request), image_id)
    return Response(data, media_type=content_type, headers={"cache-control": "private, max-age=300"})


# ---------------------------------------------------------------- members


async def shop_filters(
    keyword: str | None = Query(None, max_length=100, description="商品名称"),
    brand_id: Id | None = Query(None),
    category_id: Id | None = Query(None, description="分类（一级分类含其子分类）"),
    recommended: bool | None = Query(None),
) -> shop.ShopFilters:
    return shop.ShopFilters(keyword, brand_id, category_id, recommended)


@app_router.get("/goods", response_model=MemberGoodsPage, summary="逛商城（已上架商品）")
async def browse(
    filters: shop.ShopFilters = Depends(shop_filters), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), _: Identity = Depends(require_member),
) -> dict[str, object]:
    return await shop.browse(session, filters, params)


@app_router.get("/goods/{goods_id}", summary="商品详情（会员）")
async def goods_detail(
    goods_id: Id, session: AsyncSession = Depends(db_session), _: Identity = Depends(require_member)
) -> MemberGoods:
    return await shop.goods_detail(session, goods_id)


@app_router.get("/images/{image_id}", response_class=Response, responses=IMAGE_RESPONSE, summary="图片（会员）")
async def member_image(
    image_id: Id, request: Request, session: AsyncSession = Depends(db_session), _: Identity = Depends(require_member)
) -> Response:
    data, content_type = await picture_bytes(session, storage_of(request), image_id)
    return Response(data, media_type=content_type, headers={"cache-control": "private, max-age=300"})
