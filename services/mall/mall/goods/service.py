"""Goods in the back office: list with filters, create and update with their SKUs (price and stock changes
recorded), shelve, delete, gallery. SKUs of a goods are changed under their row locks, so an admin's stock
edit and a member's reservation never overwrite each other unseen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mall.brands.models import Brand
from mall.categories.models import Category
from mall.common import commit_or_conflict
from mall.goods.html import sanitise_html
from mall.goods.images import MAX_GALLERY, Picture, add_image, drop_images, image_url, images_of
from mall.goods.models import Goods, Sku, SkuChange
from mall.goods.schemas import GoodsIn, GoodsOut, GoodsRow, GoodsUpdate, SkuIn, SkuOut
from shared.concurrency import resolve_version, update_versioned
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, options
from shared.money import format_money
from shared.problems import Problem, field_error, not_found
from shared.storage import FileStorage

SHELF_LABELS = {"true": "上架", "false": "下架"}
CHANGE_LABELS = {"price": "售价", "market_price": "市场价", "settlement_price": "结算价", "stock": "库存"}
TRACKED = tuple(CHANGE_LABELS)
SORTABLE = {"id": Goods.id, "name": Goods.name, "sort": Goods.sort, "sales_count": Goods.sales_count,
            "created_at": Goods.created_at}
EXPORT_COLUMNS = [("id", "ID"), ("code", "商品编码"), ("name", "商品名称"), ("subtitle", "副标题"),
                  ("brand_name", "品牌"), ("category_name", "分类"), ("price_min", "最低售价"),
                  ("price_max", "最高售价"), ("stock", "库存"),
                  ("shelf_label", "上架状态"), ("recommended", "推荐"), ("sales_count", "销量"), ("sort", "排序"),
                  ("created_by_name", "创建人"), ("created_at", "创建时间")]


@dataclass(frozen=True)
class GoodsFilters:
    keyword: str | None = None
    brand_id: int | None = None
    category_id: int | None = None
    on_shelf: bool | None = None
    low_stock: bool | None = None


def is_low(sku: Sku) -> bool:
    return sku.stock - sku.reserved <= sku.low_stock_threshold


def sku_out(sku: Sku) -> SkuOut:
    return SkuOut(id=sku.id, sku_code=sku.sku_code, specs=sku.specs, price=sku.price, market_price=sku.market_price,
                  settlement_price=sku.settlement_price, stock=sku.stock, reserved=sku.reserved,
                  available=sku.stock - sku.reserved, low_stock_threshold=sku.low_stock_threshold,
                  low_stock=is_low(sku))


def _row_values(goods: Goods, brand_name: str, category_name: str, skus: Sequence[Sku],
                image_ids: list[int]) -> dict[str, Any]:
    prices = [s.price for s in skus] or [0]
    return dict(
        id=goods.id, code=goods.code, name=goods.name, subtitle=goods.subtitle, brand_id=goods.brand_id,
        brand_name=brand_name,
        category_id=goods.category_id, category_name=category_name, on_shelf=goods.on_shelf,
        shelf_label=SHELF_LABELS[str(goods.on_shelf).lower()], recommended=goods.recommended, sort=goods.sort,
        sales_count=goods.sales_count, image_ids=image_ids, image_urls=[image_url(i) for i in image_ids],
        price_min=min(prices), price_max=max(prices), stock=sum(s.stock for s in skus),
        low_stock=any(is_low(s) for s in skus), skus=[sku_out(s) for s in skus], created_by_id=goods.created_by_id,
        created_by_name=goods.created_by_name, created_at=goods.created_at, updated_at=goods.updated_at,
        version=goods.version,
    )


def _filtered(f: GoodsFilters) -> Select[Any]:
    stmt = (select(Goods, Brand.name, Category.name).join(Brand, Brand.id == Goods.brand_id)
            .join(Category, Category.id == Goods.category_id))
    if (clause := keyword_clause(f.keyword, Goods.name, Goods.subtitle)) is not None:
        stmt = stmt.where(clause)
    if f.brand_id is not None:
        stmt = stmt.where(Goods.brand_id == f.brand_id)
    if f.category_id is not None:
        children = select(Category.id).where(Category.parent_id == f.category_id)
        stmt = stmt.where((Goods.category_id == f.category_id) | Goods.category_id.in_(children))
    if f.on_shelf is not None:
        stmt = stmt.where(Goods.on_shelf == f.on_shelf)
    if f.low_stock is not None:
        low = exists().where(Sku.goods_id == Goods.id, Sku.stock - Sku.reserved <= Sku.low_stock_threshold)
        stmt = stmt.where(low if f.low_stock else ~low)
    return stmt


async def _rows(session: AsyncSession, found: Sequence[Any]) -> list[dict[str, Any]]:
    ids = [goods.id for goods, _, _ in found]
    skus: dict[int, list[Sku]] = {}
    if ids:
        for sku in (await session.execute(select(Sku).where(Sku.goods_id.in_(ids)).order_by(Sku.id))).scalars():
            skus.setdefault(sku.goods_id, []).append(sku)
    images = await images_of(session, "goods", ids)
    return [_row_values(g, b, c, skus.get(g.id, []), images.get(g.id, [])) for g, b, c in found]


async def list_goods(session: AsyncSession, f: GoodsFilters, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_filtered(f), params.sort, SORTABLE, [Goods.sort, Goods.id.desc()])
    total = int(await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
    found = (await session.execute(stmt.limit(params.page_size).offset(params.offset))).all()
    body: dict[str, Any] = {"data_list": [GoodsRow(**r) for r in await _rows(session, found)], "page": params.page,
                            "page_size": params.page_size, "total": total}
    if params.with_options:
        body["brand_list"] = options((await session.execute(select(Brand.id, Brand.name).order_by(Brand.sort,
                                                                                                   Brand.id))).all())
        body["category_list"] = options((await session.execute(
            select(Category.id, Category.name).order_by(Category.sort, Category.id))).all())
        body["shelf_list"] = enum_options(SHELF_LABELS)
    return body


async def export_rows(session: AsyncSession, f: GoodsFilters) -> list[dict[str, Any]]:
    found = (await session.execute(_filtered(f).order_by(Goods.sort, Goods.id.desc()).limit(50_000))).all()
    rows = await _rows(session, found)
    for row in rows:
        row["price_min"], row["price_max"] = format_money(row["price_min"]), format_money(row["price_max"])
        row["shelf_label"] = SHELF_LABELS[str(row["on_shelf"]).lower()]
        row["recommended"] = "推荐" if row["recommended"] else ""
    return rows


async def get_goods(session: AsyncSession, goods_id: int) -> GoodsOut:
    found = (await session.execute(_filtered(GoodsFilters()).where(Goods.id == goods_id))).all()
    if not found:
        raise not_found("商品")
    row = (await _rows(session, found))[0]
    return GoodsOut(**row, detail_html=found[0][0].detail_html)


async def _check_references(session: AsyncSession, body: GoodsIn) -> None:
    if await session.get(Brand, body.brand_id) is None:
        raise field_error("brand_id", f"品牌 {body.brand_id} 不存在", "unknown_reference")
    if await session.get(Category, body.category_id) is None:
        raise field_error("category_id", f"分类 {body.category_id} 不存在", "unknown_reference")


def _goods_values(body: GoodsIn) -> dict[str, Any]:
    values = body.model_dump(exclude={"skus", "version"})
    values["detail_html"] = sanitise_html(body.detail_html)
    return values


def _sku_values(sku: SkuIn) -> dict[str, Any]:
    """Typed values (Decimal prices), not the serialised strings model_dump gives for money."""
    return {name: getattr(sku, name) for name in SkuIn.model_fields if name != "id"}


def _change(goods_id: int, sku_id: int, field: str, before: Any, after: Any, actor: dict[str, Any]) -> SkuChange:
    def text(value: Any) -> str:
        return "" if value is None else (format_money(value) if field != "stock" else str(value)) or ""

    return SkuChange(goods_id=goods_id, sku_id=sku_id, field=field, before=text(before), after=text(after),
                     actor_id=actor.get("id"), actor_name=actor.get("name") or "")


async def create_goods(session: AsyncSession, body: GoodsIn, actor: dict[str, Any]) -> GoodsOut:
    await _check_references(session, body)
    goods = Goods(**_goods_values(body), created_by_id=actor.get("id"), created_by_name=actor.get("name") or "")
    session.add(goods)
    await session.flush()
    for sku_in in body.skus:
        sku = Sku(goods_id=goods.id, **_sku_values(sku_in))
        session.add(sku)
        await session.flush()
        session.add_all([_change(goods.id, sku.id, f, None, getattr(sku, f), actor) for f in TRACKED])
    await commit_or_conflict(session, "brand_id", "品牌或分类已不存在")
    return await get_goods(session, goods.id)


async def update_goods(
    session: AsyncSession, goods_id: int, body: GoodsUpdate, if_match: int | None, actor: dict[str, Any]
) -> GoodsOut:
    version = resolve_version(body.version, if_match)
    await _check_references(session, body)
    await update_versioned(session, Goods, goods_id, version, _goods_values(body))
    current = {s.id: s for s in (await session.execute(
        select(Sku).where(Sku.goods_id == goods_id).order_by(Sku.id).with_for_update())).scalars()}
    kept = {s.id for s in body.skus if s.id is not None}
    if unknown := kept - current.keys():
        raise field_error("skus", f"规格不属于该商品: {', '.join(map(str, sorted(unknown)))}", "unknown_reference")
    for sku_id in current.keys() - kept:
        if current[sku_id].reserved:
            raise Problem(409, "sku_reserved", "该规格有待支付订单占用库存，暂不能删除")
        await session.delete(current[sku_id])
    for sku_in in body.skus:
        values = _sku_values(sku_in)
        if sku_in.id is None:
            sku = Sku(goods_id=goods_id, **values)
            session.add(sku)
            await session.flush()
            session.add_all([_change(goods_id, sku.id, f, None, values[f], actor) for f in TRACKED])
            continue
        sku = current[sku_in.id]
        if values["stock"] < sku.reserved:
            raise field_error("skus", f"库存不能少于待支付订单已占用的 {sku.reserved} 件")
        session.add_all([_change(goods_id, sku.id, f, getattr(sku, f), values[f], actor)
                         for f in TRACKED if getattr(sku, f) != values[f]])
        for name, value in values.items():
            setattr(sku, name, value)
    await commit_or_conflict(session, "skus", "规格已被他人修改，请刷新后重试")
    return await get_goods(session, goods_id)


async def set_shelf(session: AsyncSession, ids: list[int], on_shelf: bool) -> int:
    result = await session.execute(
        update(Goods).where(Goods.id.in_(ids), Goods.on_shelf.is_not(on_shelf))
        .values(on_shelf=on_shelf, version=Goods.version + 1).returning(Goods.id)
    )
    changed = len(result.all())
    await session.commit()
    return changed


async def delete_goods(session: AsyncSession, goods_id: int, storage: FileStorage) -> None:
    goods = await session.get(Goods, goods_id, with_for_update=True)
    if goods is None:
        raise not_found("商品")
    reserved = await session.scalar(select(func.coalesce(func.sum(Sku.reserved), 0)).where(Sku.goods_id == goods_id))
    if reserved:
        raise Problem(409, "sku_reserved", "该商品有待支付订单占用库存，暂不能删除")
    await session.delete(goods)
    await drop_images(session, storage, "goods", goods_id)
    await session.commit()


async def add_picture(session: AsyncSession, storage: FileStorage, goods_id: int, picture: Picture) -> GoodsOut:
    if await session.get(Goods, goods_id, with_for_update=True) is None:
        raise not_found("商品")
    if len((await images_of(session, "goods", [goods_id])).get(goods_id, [])) >= MAX_GALLERY:
        raise Problem(409, "too_many_images", f"每个商品最多 {MAX_GALLERY} 张图片")
    await add_image(session, storage, "goods", goods_id, picture)
    await session.commit()
    return await get_goods(session, goods_id)


async def remove_picture(session: AsyncSession, storage: FileStorage, goods_id: int, image_id: int) -> None:
    if not await drop_images(session, storage, "goods", goods_id, [image_id]):
        raise not_found("图片")
    await session.commit()


async def list_changes(session: AsyncSession, goods_id: int, params: PageParams) -> dict[str, Any]:
    stmt = select(SkuChange).where(SkuChange.goods_id == goods_id)
    total = int(await session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = (await session.execute(stmt.order_by(SkuChange.id.desc()).limit(params.page_size)
                                  .offset(params.offset))).scalars()
    return {"data_list": [dict(id=c.id, goods_id=c.goods_id, sku_id=c.sku_id, field=c.field,
                               field_label=CHANGE_LABELS.get(c.field, c.field), before=c.before, after=c.after,
                               actor_id=c.actor_id, actor_name=c.actor_name, changed_at=c.changed_at) for c in rows],
            "page": params.page, "page_size": params.page_size, "total": total}
