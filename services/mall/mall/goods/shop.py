"""What members see of the catalogue: shelved goods of shown brands and categories, by category (a top
category includes its children), brand and keyword."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mall.brands.models import Brand
from mall.categories.models import Category
from mall.goods.images import image_url, images_of
from mall.goods.models import Goods, Sku
from mall.goods.schemas import MemberGoods, MemberGoodsRow, MemberSku
from shared.listing import PageParams, apply_sort
from shared.problems import not_found

_price = select(func.min(Sku.price)).where(Sku.goods_id == Goods.id).correlate(Goods).scalar_subquery()
_market = select(func.min(Sku.market_price)).where(Sku.goods_id == Goods.id).correlate(Goods).scalar_subquery()
SORTABLE = {"sales_count": Goods.sales_count, "price": _price, "created_at": Goods.created_at, "sort": Goods.sort}


@dataclass(frozen=True)
class ShopFilters:
    keyword: str | None = None
    brand_id: int | None = None
    category_id: int | None = None
    recommended: bool | None = None


def _visible() -> Select[Any]:
    return (
        select(Goods, Brand.name, _price, _market)
        .join(Brand, Brand.id == Goods.brand_id)
        .join(Category, Category.id == Goods.category_id)
        .where(Goods.on_shelf, Brand.shown, Category.shown)
    )


def _row(goods: Goods, brand_name: str, price: Any, market: Any, images: list[int]) -> dict[str, Any]:
    return dict(id=goods.id, name=goods.name, subtitle=goods.subtitle, brand_id=goods.brand_id, brand_name=brand_name,
                category_id=goods.category_id, image_url=image_url(images[0] if images else None, "app"),
                price=price or Decimal(0), market_price=market or Decimal(0), sales_count=goods.sales_count,
                recommended=goods.recommended)


async def browse(session: AsyncSession, f: ShopFilters, params: PageParams) -> dict[str, Any]:
    stmt = _visible()
    if f.keyword and f.keyword.strip():
        stmt = stmt.where(Goods.name.ilike(f"%{f.keyword.strip()}%"))
    if f.brand_id is not None:
        stmt = stmt.where(Goods.brand_id == f.brand_id)
    if f.category_id is not None:
        children = select(Category.id).where(Category.parent_id == f.category_id)
        stmt = stmt.where((Goods.category_id == f.category_id) | Goods.category_id.in_(children))
    if f.recommended is not None:
        stmt = stmt.where(Goods.recommended == f.recommended)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Goods.sort, Goods.id.desc()])
    total = int(await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
    found = (await session.execute(stmt.limit(params.page_size).offset(params.offset))).all()
    images = await images_of(session, "goods", [g.id for g, *_ in found])
    rows = [MemberGoodsRow(**_row(g, b, p, m, images.get(g.id, []))) for g, b, p, m in found]
    return {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}


async def goods_detail(session: AsyncSession, goods_id: int) -> MemberGoods:
    found = (await session.execute(_visible().where(Goods.id == goods_id))).first()
    if found is None:
        raise not_found("商品")
    goods, brand_name, price, market = found
    images = (await images_of(session, "goods", [goods_id])).get(goods_id, [])
    skus = (await session.execute(select(Sku).where(Sku.goods_id == goods_id).order_by(Sku.id))).scalars()
    return MemberGoods(
        **_row(goods, brand_name, price, market, images), image_urls=[image_url(i, "app") for i in images],
        detail_html=goods.detail_html,
        skus=[MemberSku(id=s.id, specs=s.specs, price=s.price, market_price=s.market_price,
                        available=s.stock - s.reserved) for s in skus],
    )
