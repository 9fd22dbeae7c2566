"""Catalogue queries and writes: brands (with derived store counts), categories, diseases, items."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from health.catalogue.models import Brand, Category, Disease, Item, item_diseases
from health.catalogue.schemas import check_item_prices
from health.common import ONLINE_LABELS, created_by, require_ids, require_row
from health.hospitals.models import Hospital
from shared.concurrency import resolve_version, update_versioned
from shared.listing import options
from shared.money import format_money
from shared.problems import Problem, field_error

# ---------------------------------------------------------------- brands


def store_count_column() -> Any:
    """门店数量 is derived: the brand's hospitals, counted when read (never a stored counter to drift)."""
    return (
        select(func.count(Hospital.id)).where(Hospital.brand_id == Brand.id).correlate(Brand).scalar_subquery()
    ).label("store_count")


def brand_out(brand: Brand, store_count: int) -> dict[str, Any]:
    return {
        "id": brand.id,
        "name": brand.name,
        "brand_type": brand.brand_type,
        "logo_url": brand.logo_url,
        "store_count": store_count,
        "prepayment": format_money(brand.prepayment),
        "sort": brand.sort,
        "status": brand.status,
        "status_label": ONLINE_LABELS[brand.status],
        "created_by": created_by(brand),
        "created_at": brand.created_at,
        "updated_at": brand.updated_at,
        "version": brand.version,
    }


async def brand_with_count(session: AsyncSession, brand_id: int) -> dict[str, Any]:
    stmt = select(Brand, store_count_column()).where(Brand.id == brand_id)
    # Fresh from the database: the session may hold the row as it was before an update.
    row = (await session.execute(stmt.execution_options(populate_existing=True))).first()
    if row is None:
        raise Problem(404, "not_found", "品牌不存在")
    return brand_out(row[0], row[1])


async def brand_options(session: AsyncSession) -> list[dict[str, str]]:
    rows = await session.execute(select(Brand.id, Brand.name).order_by(Brand.sort, Brand.id))
    return options(rows.all())


# ---------------------------------------------------------------- categories and diseases


def category_out(category: Category) -> dict[str, Any]:
    return {
        "id": category.id,
        "name": category.name,
        "sort": category.sort,
        "created_by": created_by(category),
        "created_at": category.created_at,
        "updated_at": category.updated_at,
        "version": category.version,
    }


async def category_options(session: AsyncSession) -> list[dict[str, str]]:
    rows = await session.execute(select(Category.id, Category.name).order_by(Category.sort, Category.id))
    return options(rows.all())


def disease_out(disease: Disease, parent_name: str | None) -> dict[str, Any]:
    return {
        "id": disease.id,
        "name": disease.name,
        "parent_id": disease.parent_id,
        "parent_name": parent_name or "",
        "description": disease.description,
        "sort": disease.sort,
        "created_by": created_by(disease),
        "created_at": disease.created_at,
        "updated_at": disease.updated_at,
        "version": disease.version,
    }


async def disease_options(session: AsyncSession, *, groups_only: bool = False) -> list[dict[str, str]]:
    stmt = select(Disease.id, Disease.name).order_by(Disease.sort, Disease.id)
    if groups_only:
        stmt = stmt.where(Disease.parent_id.is_(None))
    return options((await session.execute(stmt)).all())


async def check_disease_parent(session: AsyncSession, disease_id: int | None, parent_id: int | None) -> None:
    """Two levels only: a parent must itself be a group, and a disease cannot be its own parent."""
    if parent_id is None:
        return
    if disease_id is not None and parent_id == disease_id:
        raise field_error("parent_id", "不能把自己设为上级", "invalid_parent")
    parent = await require_row(session, Disease, parent_id, "parent_id", "上级分组")
    if parent.parent_id is not None:
        raise field_error("parent_id", "上级必须是疾病分组", "invalid_parent")
    if disease_id is not None:
        has_children = await session.scalar(select(func.count()).where(Disease.parent_id == disease_id))
        if has_children:
            raise Problem(
                422, "invalid_parent", "该分组下还有疾病，不能再挂到其他分组下",
                errors=[{"field": "parent_id", "message": "分组不能再有上级"}],
            )


# ---------------------------------------------------------------- items


async def item_disease_map(session: AsyncSession, item_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not item_ids:
        return found
    rows = await session.execute(
        select(item_diseases.c.item_id, Disease.id, Disease.name)
        .join(Disease, Disease.id == item_diseases.c.disease_id)
        .where(item_diseases.c.item_id.in_(item_ids))
        .order_by(Disease.sort, Disease.id)
    )
    for item_id, disease_id, name in rows:
        found[item_id].append({"id": disease_id, "name": name})
    return found


def item_out(item: Item, brand_name: str, diseases: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "brand_id": item.brand_id,
        "brand_name": brand_name,
        "sale_price": format_money(item.sale_price),
        "market_price": format_money(item.market_price),
        "settlement_price": format_money(item.settlement_price),
        "diseases": diseases,
        "disease_ids": [d["id"] for d in diseases],
        "meaning": item.meaning,
        "sort": item.sort,
        "created_by": created_by(item),
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "version": item.version,
    }


def item_select() -> Select[Any]:
    return select(Item, Brand.name).join(Brand, Brand.id == Item.brand_id)


async def items_out(session: AsyncSession, rows: list[Any]) -> list[dict[str, Any]]:
    diseases = await item_disease_map(session, [r[0].id for r in rows])
    return [item_out(item, brand_name, diseases.get(item.id, [])) for item, brand_name in rows]


async def item_detail(session: AsyncSession, item_id: int) -> dict[str, Any]:
    stmt = item_select().where(Item.id == item_id).execution_options(populate_existing=True)
    row = (await session.execute(stmt)).first()
    if row is None:
        raise Problem(404, "not_found", "单项不存在")
    return (await items_out(session, [row]))[0]


async def set_item_diseases(session: AsyncSession, item_id: int, disease_ids: list[int]) -> None:
    await session.execute(delete(item_diseases).where(item_diseases.c.item_id == item_id))
    if disease_ids:
        await session.execute(insert(item_diseases), [{"item_id": item_id, "disease_id": d} for d in disease_ids])


async def create_item(session: AsyncSession, values: dict[str, Any], actor: dict[str, Any]) -> Item:
    """Adds an item (not committed): references checked first, so bad input writes nothing."""
    disease_ids = await require_ids(session, Disease.id, values.pop("disease_ids", []), "disease_ids", "疾病")
    await require_row(session, Brand, values["brand_id"], "brand_id", "品牌")
    item = Item(**values, created_by_id=actor.get("id"), created_by_name=actor.get("name") or "")
    session.add(item)
    await session.flush()
    await set_item_diseases(session, item.id, disease_ids)
    return item


async def update_item(
    session: AsyncSession, item_id: int, values: dict[str, Any], body_version: int | None, header_version: int | None
) -> None:
    current = await session.get(Item, item_id)
    if current is None:
        raise Problem(404, "not_found", "单项不存在")
    version = resolve_version(body_version, header_version)
    disease_ids = values.pop("disease_ids", None)
    # The price rule holds for the row as it will be, so a change of one price is checked against the others.
    check_item_prices(
        values.get("sale_price", current.sale_price),
        values.get("market_price", current.market_price),
        values.get("settlement_price", current.settlement_price),
    )
    if "brand_id" in values:
        await require_row(session, Brand, values["brand_id"], "brand_id", "品牌")
    if disease_ids is not None:
        disease_ids = await require_ids(session, Disease.id, disease_ids, "disease_ids", "疾病")
    await update_versioned(session, Item, item_id, version, values)
    if disease_ids is not None:
        await set_item_diseases(session, item_id, disease_ids)

