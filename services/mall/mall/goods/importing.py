"""Goods import (导入商品) from an .xlsx or .csv: one row per SKU, rows of one goods share its 商品编码.

Each goods is checked and written on its own, in its own transaction: a bad row fails its whole goods
(nothing of it is written) and is answered with its own error, the other goods go in. A goods code already on
file updates that goods (its fields and the SKUs named by 规格编码, or by their spec values; SKUs the file
does not list are kept), so importing the same file again creates nothing twice (see docs/domains/mall.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from mall.brands.models import Brand
from mall.categories.models import Category
from mall.goods.models import Goods, Sku
from mall.goods.schemas import GoodsImportReport, GoodsImportRow, GoodsIn, GoodsUpdate, SkuIn
from mall.goods.service import create_goods, update_goods
from shared.problems import Problem

IMPORT_COLUMNS = [
    ("code", "商品编码"), ("name", "商品名称"), ("subtitle", "副标题"), ("brand", "品牌"), ("category", "分类"),
    ("on_shelf", "上架"), ("recommended", "推荐"), ("sort", "排序"), ("sku_code", "规格编码"), ("specs", "规格"),
    ("price", "售价"), ("market_price", "市场价"), ("settlement_price", "结算价"), ("stock", "库存"),
    ("low_stock_threshold", "库存预警"),
]
_LABELS = dict(IMPORT_COLUMNS)
_YES, _NO = {"是", "上架", "推荐", "1", "true", "yes", "y"}, {"", "否", "下架", "0", "false", "no", "n"}
Rows = Sequence[tuple[int, dict[str, str]]]


class RowError(Exception):
    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row, self.message = row, message


def _flag(row: int, raw: dict[str, str], key: str) -> bool:
    value = raw.get(key, "").strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise RowError(row, f"{_LABELS[key]}应填“是”或“否”")


def _count(row: int, raw: dict[str, str], key: str) -> int:
    """A whole number cell (a spreadsheet may hand "50" as "50.0"); empty is 0."""
    value = raw.get(key, "").strip() or "0"
    try:
        number = float(value)
    except ValueError:
        raise RowError(row, f"{_LABELS[key]}应为整数: {value}") from None
    if not number.is_integer():
        raise RowError(row, f"{_LABELS[key]}应为整数: {value}")
    return int(number)


def _specs(row: int, text: str) -> dict[str, str]:
    """`颜色:白色;尺码:L` (full-width ：；, also accepted) -> {"颜色": "白色", "尺码": "L"}."""
    specs: dict[str, str] = {}
    for part in text.replace("；", ";").replace("：", ":").split(";"):
        if not part.strip():
            continue
        name, sep, value = part.partition(":")
        if not sep or not name.strip() or not value.strip():
            raise RowError(row, "规格应写成 名称:值，多个用分号隔开，如 颜色:白色;型号:U10")
        specs[name.strip()] = value.strip()
    return specs


def _message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = [str(p) for p in first["loc"] if not isinstance(p, int)]
    label = _LABELS.get(where[-1], where[-1]) if where else ""
    return f"{label}: {first['msg']}" if label else str(first["msg"])


class Lookup:
    """Brands by name, categories by name (or 父分类/子分类 when a name is used under two parents)."""

    def __init__(self, brands: dict[str, int], categories: list[tuple[int, str, str | None]]) -> None:
        self.brands = brands
        self.categories: dict[str, list[int]] = {}
        for category_id, name, parent in categories:
            self.categories.setdefault(name, []).append(category_id)
            if parent is not None:
                self.categories.setdefault(f"{parent}/{name}", []).append(category_id)

    @classmethod
    async def load(cls, session: AsyncSession) -> Lookup:
        brands = dict((await session.execute(select(Brand.name, Brand.id))).all())
        parent = Category.__table__.alias("parent")
        categories = (await session.execute(
            select(Category.id, Category.name, parent.c.name).outerjoin(parent, parent.c.id == Category.parent_id)
        )).all()
        return cls(brands, [(r[0], r[1], r[2]) for r in categories])

    def brand(self, row: int, name: str) -> int:
        if name not in self.brands:
            raise RowError(row, f"品牌不存在: {name}")
        return self.brands[name]

    def category(self, row: int, name: str) -> int:
        found = self.categories.get(name.replace(" / ", "/"), [])
        if len(found) != 1:
            raise RowError(row, f"分类不存在: {name}" if not found else f"分类 {name} 有重名，请写成 父分类/子分类")
        return found[0]


def _goods_in(rows: Rows, lookup: Lookup) -> GoodsIn:
    """One goods from its rows: goods fields from the first row, one SKU per row."""
    first_row, first = rows[0]
    skus = []
    for number, raw in rows:
        try:
            skus.append(SkuIn.model_validate({
                "sku_code": raw.get("sku_code", ""), "specs": _specs(number, raw.get("specs", "")),
                "price": raw.get("price", ""), "market_price": raw.get("market_price") or "0",
                "settlement_price": raw.get("settlement_price", ""), "stock": _count(number, raw, "stock"),
                "low_stock_threshold": _count(number, raw, "low_stock_threshold")}))
        except ValidationError as exc:
            raise RowError(number, _message(exc)) from None
    try:
        return GoodsIn.model_validate({
            "code": first.get("code", ""), "name": first.get("name", ""), "subtitle": first.get("subtitle", ""),
            "brand_id": lookup.brand(first_row, first.get("brand", "")),
            "category_id": lookup.category(first_row, first.get("category", "")),
            "on_shelf": _flag(first_row, first, "on_shelf"), "recommended": _flag(first_row, first, "recommended"),
            "sort": _count(first_row, first, "sort"), "skus": skus})
    except ValidationError as exc:
        raise RowError(first_row, _message(exc)) from None


async def _as_update(session: AsyncSession, goods: Goods, body: GoodsIn) -> GoodsUpdate:
    """The file's SKUs matched to the goods' SKUs (by 规格编码, else by spec values); unlisted ones kept as they are."""
    current = list((await session.execute(select(Sku).where(Sku.goods_id == goods.id).order_by(Sku.id))).scalars())
    by_code = {s.sku_code: s for s in current if s.sku_code}
    by_specs = {tuple(sorted(s.specs.items())): s for s in current}
    listed: list[SkuIn] = []
    for sku in body.skus:
        match = by_code.get(sku.sku_code) if sku.sku_code else None
        match = match or by_specs.get(tuple(sorted(sku.specs.items())))
        listed.append(sku.model_copy(update={"id": match.id if match else None}))
    named = {s.id for s in listed if s.id is not None}
    kept = [SkuIn(id=s.id, sku_code=s.sku_code, specs=s.specs, price=s.price, market_price=s.market_price,
                  settlement_price=s.settlement_price, stock=s.stock, low_stock_threshold=s.low_stock_threshold)
            for s in current if s.id not in named]
    values = body.model_dump(exclude={"skus"}) | {"detail_html": goods.detail_html, "version": goods.version}
    return GoodsUpdate.model_validate(values | {"skus": [*listed, *kept]})


async def _import_one(session: AsyncSession, rows: Rows, lookup: Lookup, actor: dict[str, Any]) -> str:
    """Writes one goods (its own transaction); answers created or updated. Raises RowError, writing nothing."""
    body = _goods_in(rows, lookup)
    existing = await session.scalar(select(Goods).where(Goods.code == body.code)) if body.code else None
    try:
        if existing is None:
            await create_goods(session, body, actor)
            return "created"
        try:
            update = await _as_update(session, existing, body)
        except ValidationError as exc:
            raise RowError(rows[0][0], _message(exc)) from None
        await update_goods(session, existing.id, update, None, actor)
        return "updated"
    except Problem as problem:
        raise RowError(rows[0][0], problem.detail) from None


async def _import_or_update(session: AsyncSession, rows: Rows, lookup: Lookup, actor: dict[str, Any]) -> str:
    try:
        return await _import_one(session, rows, lookup, actor)
    except IntegrityError:  # the same code created meanwhile (another import at once): update that goods instead
        await session.rollback()
    try:
        return await _import_one(session, rows, lookup, actor)
    except IntegrityError:
        raise RowError(rows[0][0], "商品编码与同时导入的商品冲突，请重试") from None


async def import_goods(session: AsyncSession, rows: Rows, actor: dict[str, Any]) -> GoodsImportReport:
    """Rows grouped by 商品编码 (a row without one is a goods of its own); each goods all or nothing."""
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, raw in rows:
        groups.setdefault(raw.get("code", "") or f"#row{number}", []).append((number, raw))
    lookup = await Lookup.load(session)
    await session.rollback()  # the look-ups' snapshot is not held while the goods are written
    results: list[GoodsImportRow] = []
    counts = {"created": 0, "updated": 0, "failed": 0}
    for key, group in groups.items():
        code = "" if key.startswith("#row") else key
        try:
            action = await _import_or_update(session, group, lookup, actor)
        except RowError as error:
            await session.rollback()
            counts["failed"] += 1
            elsewhere = f"同商品第 {error.row} 行有误"
            results.extend(GoodsImportRow(row=number, code=code, ok=False,
                                          error=error.message if number == error.row else elsewhere)
                           for number, _ in group)
            continue
        counts[action] += 1
        results.extend(GoodsImportRow(row=number, code=code, ok=True, action=action) for number, _ in group)
    return GoodsImportReport(**counts, results=sorted(results, key=lambda r: r.row))
