"""The member's cart: one row per SKU (adding again adds to its quantity), shown with today's prices."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from mall.brands.models import Brand
from mall.cart.models import CartItem
from mall.cart.schemas import Cart, CartLine
from mall.categories.models import Category
from mall.goods.images import image_url, images_of
from mall.goods.models import Goods, Sku
from shared.problems import Problem, field_error, not_found

MAX_CART_LINES = 100
MAX_QUANTITY = 999


async def show_cart(session: AsyncSession, member_id: int) -> Cart:
    rows = (await session.execute(
        select(CartItem, Sku, Goods, Brand.shown & Category.shown)
        .join(Sku, Sku.id == CartItem.sku_id).join(Goods, Goods.id == Sku.goods_id)
        .join(Brand, Brand.id == Goods.brand_id).join(Category, Category.id == Goods.category_id)
        .where(CartItem.member_id == member_id).order_by(CartItem.id.desc())
    )).all()
    images = await images_of(session, "goods", list({goods.id for _, _, goods, _ in rows}))
    lines = []
    for item, sku, goods, shown in rows:
        available = sku.stock - sku.reserved
        pictures = images.get(goods.id, [])
        lines.append(CartLine(
            id=item.id, sku_id=sku.id, goods_id=goods.id, goods_name=goods.name, specs=sku.specs,
            image_url=image_url(pictures[0] if pictures else None, "app"), price=sku.price, quantity=item.quantity,
            available=available, purchasable=bool(goods.on_shelf and shown and available >= item.quantity),
            line_amount=sku.price * item.quantity,
        ))
    chosen = [line for line in lines if line.purchasable]
    return Cart(items=lines, total_quantity=sum(line.quantity for line in chosen),
                total_amount=sum((line.line_amount for line in chosen), start=Decimal(0)))


async def add_to_cart(session: AsyncSession, member_id: int, sku_id: int, quantity: int) -> Cart:
    on_shelf = await session.scalar(select(Goods.on_shelf).join(Sku, Sku.goods_id == Goods.id).where(Sku.id == sku_id))
    if on_shelf is None:
        raise field_error("sku_id", "商品规格不存在", "unknown_reference")
    if not on_shelf:
        raise Problem(409, "off_shelf", "商品已下架")
    lines = int(await session.scalar(select(func.count()).where(CartItem.member_id == member_id)) or 0)
    if lines >= MAX_CART_LINES:
        raise Problem(409, "cart_full", f"购物车最多 {MAX_CART_LINES} 种商品")
    stmt = insert(CartItem).values(member_id=member_id, sku_id=sku_id, quantity=quantity)
    await session.execute(stmt.on_conflict_do_update(
        constraint="uq_cart_items_member_sku",
        set_={"quantity": func.least(CartItem.quantity + stmt.excluded.quantity, MAX_QUANTITY),
              "updated_at": func.now()},
    ))
    await session.commit()
    return await show_cart(session, member_id)


async def set_quantity(session: AsyncSession, member_id: int, item_id: int, quantity: int) -> Cart:
    item = await session.scalar(select(CartItem).where(CartItem.id == item_id, CartItem.member_id == member_id))
    if item is None:
        raise not_found("购物车商品")
    item.quantity = quantity
    await session.commit()
    return await show_cart(session, member_id)


async def remove(session: AsyncSession, member_id: int, item_id: int) -> None:
    gone = await session.execute(delete(CartItem).where(CartItem.id == item_id, CartItem.member_id == member_id)
                                 .returning(CartItem.id))
    if gone.first() is None:
        raise not_found("购物车商品")
    await session.commit()
