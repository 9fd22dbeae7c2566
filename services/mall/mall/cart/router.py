"""/app/mall/cart: the member's cart (购物车)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from mall.cart import service
from mall.cart.schemas import Cart, CartAdd, CartQuantity
from shared.app import db_session
from shared.identity import Identity, require_member
from shared.types import Id

router = APIRouter(prefix="/app/mall/cart", tags=["会员: 购物车"])


@router.get("", summary="我的购物车（按当前价格）")
async def show_cart(session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member)) -> Cart:
    return await service.show_cart(session, member.id)


@router.post("", status_code=201, summary="加入购物车（同一规格累加数量）")
async def add_to_cart(
    body: CartAdd, session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member)
) -> Cart:
    return await service.add_to_cart(session, member.id, body.sku_id, body.quantity)


@router.put("/{item_id}", summary="修改数量")
async def set_quantity(
    item_id: Id, body: CartQuantity, session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member),
) -> Cart:
    return await service.set_quantity(session, member.id, item_id, body.quantity)


@router.delete("/{item_id}", status_code=204, response_class=Response, summary="移出购物车")
async def remove(
    item_id: Id, session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member)
) -> Response:
    await service.remove(session, member.id, item_id)
    return Response(status_code=204)
