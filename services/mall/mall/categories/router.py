"""/api/mall/categories (分类管理) and /app/mall/categories (the tree members browse)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from mall.categories import service
from mall.categories.schemas import CategoryIn, CategoryNode, CategoryOut, CategoryPage, CategoryUpdate
from mall.goods.images import read_picture, storage_of
from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Identity, Principal, Require, require_member
from shared.listing import PageParams, page_params
from shared.types import BIGINT_MAX, Id
from shared.xlsx import XLSX_MEDIA, xlsx_response

router = APIRouter(prefix="/api/mall/categories", tags=["商城管理: 分类"])
app_router = APIRouter(prefix="/app/mall", tags=["会员: 商城"])


async def category_filters(
    keyword: str | None = Query(None, max_length=50, description="分类名称"),
    parent_id: int | None = Query(None, ge=0, le=BIGINT_MAX, description="上级分类；0 表示只看一级分类"),
    shown: bool | None = Query(None, description="是否显示"),
) -> service.CategoryFilters:
    return service.CategoryFilters(keyword=keyword, parent_id=parent_id, shown=shown)


@router.get("", response_model=CategoryPage, response_model_exclude_unset=True, summary="分类列表")
async def list_categories(
    filters: service.CategoryFilters = Depends(category_filters),
    params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:category:list")),
) -> dict[str, object]:
    return await service.list_categories(session, filters, params)


@router.get("/tree", summary="分类树（两级）")
async def category_tree(
    session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("mall:category:list"))
) -> list[CategoryNode]:
    return await service.tree(session, shown_only=False)


@router.get("/export", response_class=Response, responses={200: {"content": {XLSX_MEDIA: {}}}},
            summary="导出分类")
async def export_categories(
    filters: service.CategoryFilters = Depends(category_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:category:export")),
) -> Response:
    return xlsx_response("商品分类.xlsx", service.EXPORT_COLUMNS, await service.export_rows(session, filters))


@router.get("/{category_id}", summary="分类详情")
async def get_category(
    category_id: Id, session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:category:list")),
) -> CategoryOut:
    return await service.get_category(session, category_id)


@router.post("", status_code=201, summary="新增分类")
async def create_category(
    body: CategoryIn, session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("mall:category:create")),
) -> CategoryOut:
    return await service.create_category(session, body, principal.actor)


@router.put("/{category_id}", summary="修改或移动分类")
async def update_category(
    category_id: Id, body: CategoryUpdate, if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("mall:category:update")),
) -> CategoryOut:
    return await service.update_category(session, category_id, body, if_match)


@router.delete("/{category_id}", status_code=204, response_class=Response,
               summary="删除分类（有子分类或商品时不能删除）")
async def delete_category(
    category_id: Id, request: Request, session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:category:delete")),
) -> Response:
    await service.delete_category(session, storage_of(request), category_id)
    return Response(status_code=204)


@router.post("/{category_id}/icon", summary="上传分类图标（png/jpg/webp/gif）")
async def upload_icon(
    category_id: Id, request: Request, file: UploadFile = File(...), session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:category:update")),
) -> CategoryOut:
    picture = await read_picture(file, request.app.state.settings.image_max_bytes)
    return await service.set_icon(session, storage_of(request), category_id, picture)


@app_router.get("/categories", summary="商品分类（会员可见，两级）")
async def member_categories(
    session: AsyncSession = Depends(db_session), _: Identity = Depends(require_member)
) -> list[CategoryNode]:
    return await service.tree(session, shown_only=True, door="app")
