"""Items (单项): list, export and import, create and update with their diseases. Writes commit here."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from fastapi import UploadFile
from pydantic import ValidationError
from sqlalchemy import Select, delete, exists, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from health.catalogue.models import Brand, Disease, Item, item_diseases
from health.catalogue.schemas import ItemFilters, ItemIn, ItemPatch, check_item_prices
from health.catalogue.service import brand_options, disease_options
from health.common import created_by, delete_row, get_or_404, patch_values, require_ids, require_row, unique_guard
from shared.concurrency import resolve_version, update_versioned
from shared.listing import PageParams, apply_sort, keyword_clause, list_response, paginate
from shared.money import format_money
from shared.problems import Problem
from shared.xlsx import read_upload

EXPORT_COLUMNS = [
    ("id", "id"),
    ("name", "单项名称"),
    ("brand_name", "医院品牌"),
    ("sale_price", "售价"),
    ("market_price", "市场价"),
    ("settlement_price", "结算价"),
    ("disease_names", "检查疾病"),
    ("meaning", "检查意义"),
    ("sort", "排序"),
    ("created_by_name", "创建人"),
]
IMPORT_COLUMNS = [c for c in EXPORT_COLUMNS if c[0] not in ("id", "created_by_name")]
SORTABLE = {
    "id": Item.id, "sort": Item.sort, "name": Item.name, "sale_price": Item.sale_price,
    "market_price": Item.market_price, "settlement_price": Item.settlement_price, "created_at": Item.created_at,
}
DUPLICATE_NAME = "该品牌下已有同名单项"


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


def filtered(filters: ItemFilters) -> Select[Any]:
    stmt = item_select()
    if (clause := keyword_clause(filters.keyword, Item.name)) is not None:
        stmt = stmt.where(clause)
    if filters.brand_id is not None:
        stmt = stmt.where(Item.brand_id == filters.brand_id)
    if filters.disease_id is not None:
        stmt = stmt.where(
            exists().where(item_diseases.c.item_id == Item.id, item_diseases.c.disease_id == filters.disease_id)
        )
    if filters.sale_price_from is not None:
        stmt = stmt.where(Item.sale_price >= filters.sale_price_from)
    if filters.sale_price_to is not None:
        stmt = stmt.where(Item.sale_price <= filters.sale_price_to)
    return stmt


async def items_out(session: AsyncSession, rows: list[Any]) -> list[dict[str, Any]]:
    diseases = await item_disease_map(session, [r[0].id for r in rows])
    return [item_out(item, brand_name, diseases.get(item.id, [])) for item, brand_name in rows]


async def list_items(session: AsyncSession, filters: ItemFilters, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(filtered(filters), params.sort, SORTABLE, [Item.sort.asc(), Item.id.asc()])
    rows, total = await paginate(session, stmt, params, scalars=False)
    data = await items_out(session, rows)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {
            "brand_list": await brand_options(session),
            "disease_list": await disease_options(session),
        }
    return list_response(data, total, params, option_lists)


async def export_rows(session: AsyncSession, filters: ItemFilters) -> list[dict[str, Any]]:
    """The rows of 导出单项: the list's rows with the diseases and the creator flattened to text."""
    rows = (await session.execute(filtered(filters).order_by(Item.sort, Item.id))).all()
    data = await items_out(session, list(rows))
    for row in data:
        row["disease_names"] = "、".join(d["name"] for d in row["diseases"])
        row["created_by_name"] = row["created_by"]["name"]
    return data


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


async def add_item(session: AsyncSession, values: dict[str, Any], actor: dict[str, Any]) -> Item:
    """Adds an item (not committed): references checked first, so bad input writes nothing."""
    disease_ids = await require_ids(session, Disease.id, values.pop("disease_ids", []), "disease_ids", "疾病")
    await require_row(session, Brand, values["brand_id"], "brand_id", "品牌")
    item = Item(**values, created_by_id=actor.get("id"), created_by_name=actor.get("name") or "")
    session.add(item)
    await session.flush()
    await set_item_diseases(session, item.id, disease_ids)
    return item


async def create_item(session: AsyncSession, body: ItemIn, actor: dict[str, Any]) -> dict[str, Any]:
    values = {name: getattr(body, name) for name in ItemIn.model_fields}
    async with unique_guard(session, "name", DUPLICATE_NAME):
        item = await add_item(session, values, actor)
        await session.commit()
    return await item_detail(session, item.id)


async def update_item(session: AsyncSession, item_id: int, body: ItemPatch, if_match: int | None) -> dict[str, Any]:
    values = patch_values(body)
    current = await session.get(Item, item_id)
    if current is None:
        raise Problem(404, "not_found", "单项不存在")
    version = resolve_version(body.version, if_match)
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
    async with unique_guard(session, "name", DUPLICATE_NAME):
        await update_versioned(session, Item, item_id, version, values)
        if disease_ids is not None:
            await set_item_diseases(session, item_id, disease_ids)
        await session.commit()
    return await item_detail(session, item_id)


async def delete_item(session: AsyncSession, item_id: int) -> None:
    await delete_row(session, await get_or_404(session, Item, item_id, "单项"), "单项")


async def import_items(session: AsyncSession, file: UploadFile, actor: dict[str, Any]) -> dict[str, Any]:
    """导入单项 (.xlsx/.csv): every row is checked first; one bad row and nothing is written."""
    rows = await read_upload(file, IMPORT_COLUMNS)
    brands = {name: bid for bid, name in (await session.execute(select(Brand.id, Brand.name))).all()}
    diseases = {name: did for did, name in (await session.execute(select(Disease.id, Disease.name))).all()}
    errors: list[dict[str, Any]] = []
    parsed: list[ItemIn] = []
    seen: set[tuple[int, str]] = set()
    for number, raw in rows:
        row_errors: list[str] = []
        brand_id = brands.get(raw.get("brand_name", ""))
        if brand_id is None:
            row_errors.append(f"医院品牌「{raw.get('brand_name', '')}」不存在")
        names = [n for n in re.split(r"[、,，;；]", raw.get("disease_names", "")) if n.strip()]
        unknown = [n.strip() for n in names if n.strip() not in diseases]
        if unknown:
            row_errors.append(f"检查疾病不存在: {'、'.join(unknown)}")
        try:
            item = ItemIn(
                name=raw.get("name", ""),
                brand_id=brand_id or 1,
                sale_price=raw.get("sale_price", ""),
                market_price=raw.get("market_price", ""),
                settlement_price=raw.get("settlement_price", ""),
                disease_ids=[diseases[n.strip()] for n in names if n.strip() in diseases],
                meaning=raw.get("meaning", ""),
                sort=raw.get("sort") or 0,
            )
        except ValidationError as exc:
            row_errors.extend(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        except Problem as exc:
            row_errors.extend(e["message"] for e in exc.errors)
        else:
            key = (item.brand_id, item.name)
            if brand_id is not None and key in seen:
                row_errors.append("文件内单项重复")
            seen.add(key)
            parsed.append(item)
        if row_errors:
            errors.append({"row": number, "messages": row_errors})
    if errors:
        raise Problem(422, "import_failed", f"{len(errors)} 行有错误，整批未导入", rows=errors)
    existing = set((await session.execute(select(Item.brand_id, Item.name))).all())
    clashes = [{"row": n, "messages": [DUPLICATE_NAME]}
               for (n, _), item in zip(rows, parsed, strict=True) if (item.brand_id, item.name) in existing]
    if clashes:
        raise Problem(422, "import_failed", f"{len(clashes)} 行有错误，整批未导入", rows=clashes)
    async with unique_guard(session, "name", DUPLICATE_NAME):
        for item in parsed:
            await add_item(session, {n: getattr(item, n) for n in ItemIn.model_fields}, actor)
        await session.commit()
    return {"created": len(parsed)}
