"""/api/mall/categories (分类管理) and /app/mall/categories (the tree members browse)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from mall.categories import service
from mall.categories.schemas import CategoryIn, CategoryNode, CategoryOut, CategoryPage, CategoryUpdate
from mall.goods.images import read_picture, storage_of
from shared.admin_pages import AdminPage, add_admin_page
from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Identity, Principal, Require, require_member
from shared.types import BIGINT_MAX, Id

router = APIRouter(prefix="/api/mall/categories", tags=["商城管理: 分类"])
app_router = APIRouter(prefix="/app/mall", tags=["会员: 商城"])


async def category_filters(
    keyword: str | None = Query(None, max_length=50, description="分类名称"),
    parent_id: int | None = Query(None, ge=0, le=BIGINT_MAX, description="上级分类；0 表示只看一级分类"),
    shown: bool | None = Query(None, description="是否显示"),
) -> service.CategoryFilters:
    return service.CategoryFilters(keyword=keyword, parent_id=parent_id, shown=shown)


@router.get("/tree", summary="分类树（两级）")
async def category_tree(
    session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("mall:category:list"))
) -> list[CategoryNode]:
    return await service.tree(session, shown_only=False)


# After the tree: `/tree` is no category id.
add_admin_page(router, AdminPage(
    path="", id_name="category_id", singular="category", plural="categories", label="分类", code="mall:category",
    page=CategoryPage, out=CategoryOut, create_in=CategoryIn, filters=category_filters,
    export_name="商品分类.xlsx", export_columns=service.EXPORT_COLUMNS, export_action="export", export_description=None,
    delete_note="（有子分类或商品时不能删除）", delete_context=storage_of,
    list_rows=service.list_categories, export_rows=service.export_rows, get_row=service.get_category,
    create_row=service.create_category, delete_row=service.delete_category,
))


# By hand: the update also moves the category in the tree (修改或移动分类).
@router.put("/{category_id}", summary="修改或移动分类")
async def update_category(
    category_id: Id, body: CategoryUpdate, if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("mall:category:update")),
) -> CategoryOut:
    return await service.update_category(session, category_id, body, if_match)


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
