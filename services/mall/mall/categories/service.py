"""Categories: a two-level tree. Every change that could reshape the tree (create, move, delete) runs under one
advisory lock, so two concurrent moves cannot build a third level between them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from mall.categories.models import Category
from mall.categories.schemas import CategoryIn, CategoryNode, CategoryOut, CategoryUpdate
from mall.common import commit_or_conflict, conflicts_as_409
from mall.goods.images import Picture, drop_images, image_url, replace_picture
from mall.goods.models import Goods
from shared.concurrency import resolve_version, update_versioned
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, options
from shared.problems import Problem, field_error, not_found
from shared.storage import FileStorage

SHOWN_LABELS = {"true": "显示", "false": "隐藏"}
TREE_LOCK = 4242104  # pg_advisory_xact_lock key of the category tree
SORTABLE = {"id": Category.id, "name": Category.name, "sort": Category.sort, "created_at": Category.created_at}
EXPORT_COLUMNS = [("id", "ID"), ("name", "分类名称"), ("level", "级别"), ("parent_name", "上级分类"),
                  ("sort", "排序"), ("shown_label", "是否显示"), ("goods_count", "商品数"),
                  ("created_by_name", "创建人"), ("created_at", "创建时间")]
DUPLICATE = "同一上级下已有同名分类"


@dataclass(frozen=True)
class CategoryFilters:
    keyword: str | None = None
    parent_id: int | None = None  # 0: top categories only
    shown: bool | None = None


def category_out(c: Category, parent_name: str = "", goods: int = 0, children: int = 0) -> CategoryOut:
    return CategoryOut(
        id=c.id, parent_id=c.parent_id, parent_name=parent_name, level=1 if c.parent_id is None else 2, name=c.name,
        icon_image_id=c.icon_image_id, icon_url=image_url(c.icon_image_id), sort=c.sort, shown=c.shown,
        shown_label=SHOWN_LABELS[str(c.shown).lower()], goods_count=goods, children_count=children,
        created_by_id=c.created_by_id, created_by_name=c.created_by_name, created_at=c.created_at,
        updated_at=c.updated_at, version=c.version,
    )


def _filtered(f: CategoryFilters) -> Select[Any]:
    parent = aliased(Category)
    goods = select(func.count()).where(Goods.category_id == Category.id).scalar_subquery()
    children = select(func.count()).where(parent.parent_id == Category.id).scalar_subquery()
    parent_name = select(parent.name).where(parent.id == Category.parent_id).scalar_subquery()
    stmt = select(Category, func.coalesce(parent_name, ""), goods, children)
    if (clause := keyword_clause(f.keyword, Category.name)) is not None:
        stmt = stmt.where(clause)
    if f.parent_id == 0:
        stmt = stmt.where(Category.parent_id.is_(None))
    elif f.parent_id is not None:
        stmt = stmt.where(Category.parent_id == f.parent_id)
    if f.shown is not None:
        stmt = stmt.where(Category.shown == f.shown)
    return stmt


async def list_categories(session: AsyncSession, f: CategoryFilters, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_filtered(f), params.sort, SORTABLE, [Category.sort, Category.id])
    total = int(await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
    rows = (await session.execute(stmt.limit(params.page_size).offset(params.offset))).all()
    body: dict[str, Any] = {"data_list": [category_out(*row) for row in rows], "page": params.page,
                            "page_size": params.page_size, "total": total}
    if params.with_options:
        body["shown_list"] = enum_options(SHOWN_LABELS)
        tops = await session.execute(select(Category.id, Category.name).where(Category.parent_id.is_(None))
                                     .order_by(Category.sort, Category.id))
        body["parent_list"] = options(tops.all())
    return body


async def export_rows(session: AsyncSession, f: CategoryFilters) -> list[dict[str, Any]]:
    rows = (await session.execute(_filtered(f).order_by(Category.sort, Category.id).limit(50_000))).all()
    return [category_out(*row).model_dump() for row in rows]


async def get_category(session: AsyncSession, category_id: int) -> CategoryOut:
    row = (await session.execute(_filtered(CategoryFilters()).where(Category.id == category_id))).first()
    if row is None:
        raise not_found("分类")
    return category_out(*row)


async def _check_parent(session: AsyncSession, category_id: int | None, parent_id: int | None) -> None:
    """The tree stays two levels: a parent is a top category, and a category with children stays on top."""
    if parent_id is None:
        return
    if parent_id == category_id:
        raise field_error("parent_id", "上级分类不能是自己")
    parent = await session.get(Category, parent_id)
    if parent is None:
        raise field_error("parent_id", f"上级分类 {parent_id} 不存在", "unknown_reference")
    if parent.parent_id is not None:
        raise field_error("parent_id", "只能选择一级分类作为上级（分类最多两级）")
    if category_id is not None and await session.scalar(
        select(func.count()).where(Category.parent_id == category_id)
    ):
        raise field_error("parent_id", "该分类下还有子分类，不能移到其他分类下")


async def _lock_tree(session: AsyncSession) -> None:
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": TREE_LOCK})


async def create_category(session: AsyncSession, body: CategoryIn, principal: Principal) -> CategoryOut:
    actor = principal.actor
    await _lock_tree(session)
    await _check_parent(session, None, body.parent_id)
    category = Category(**body.model_dump(), created_by_id=actor.get("id"), created_by_name=actor.get("name") or "")
    session.add(category)
    await commit_or_conflict(session, "name", DUPLICATE)
    return await get_category(session, category.id)


async def update_category(
    session: AsyncSession, category_id: int, body: CategoryUpdate, if_match: int | None
) -> CategoryOut:
    version = resolve_version(body.version, if_match)
    await _lock_tree(session)
    if await session.get(Category, category_id) is None:
        raise not_found("分类")
    await _check_parent(session, category_id, body.parent_id)
    async with conflicts_as_409(session, "name", DUPLICATE):
        await update_versioned(session, Category, category_id, version, body.model_dump(exclude={"version"}))
        await session.commit()
    return await get_category(session, category_id)


async def delete_category(session: AsyncSession, category_id: int, storage: FileStorage) -> None:
    await _lock_tree(session)
    current = await get_category(session, category_id)
    if current.children_count:
        raise Problem(409, "in_use", "该分类下还有子分类，不能删除")
    if current.goods_count:
        raise Problem(409, "in_use", "该分类下还有商品，不能删除")
    category = await session.get(Category, category_id)
    await session.delete(category)
    await drop_images(session, storage, "category", category_id)
    await commit_or_conflict(session, "id", "该分类仍被引用，不能删除")


async def set_icon(session: AsyncSession, storage: FileStorage, category_id: int, picture: Picture) -> CategoryOut:
    category = await session.get(Category, category_id, with_for_update=True)
    if category is None:
        raise not_found("分类")
    await replace_picture(session, storage, category, "category", "icon_image_id", picture)
    return await get_category(session, category_id)


async def tree(session: AsyncSession, *, shown_only: bool, door: str = "api") -> list[CategoryNode]:
    stmt = select(Category).order_by(Category.sort, Category.id)
    if shown_only:
        stmt = stmt.where(Category.shown)
    rows = list((await session.execute(stmt)).scalars())
    nodes = {c.id: CategoryNode(id=c.id, name=c.name, icon_url=image_url(c.icon_image_id, door),  # type: ignore[arg-type]
                                sort=c.sort, shown=c.shown) for c in rows}
    roots = []
    for c in rows:
        if c.parent_id is None:
            roots.append(nodes[c.id])
        elif c.parent_id in nodes:
            nodes[c.parent_id].children.append(nodes[c.id])
    return roots
