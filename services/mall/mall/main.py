"""The mall API: `uvicorn mall.main:create_app --factory`."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from mall.addresses.router import router as addresses_router
from mall.aftersales.router import app_router as aftersales_app_router
from mall.aftersales.router import router as aftersales_router
from mall.brands.router import app_router as brands_app_router
from mall.brands.router import router as brands_router
from mall.cart.router import router as cart_router
from mall.categories.router import app_router as categories_app_router
from mall.categories.router import router as categories_router
from mall.goods.router import app_router as goods_app_router
from mall.goods.router import router as goods_router
from mall.member_desk import router as member_desk_router
from mall.orders.router import app_router as orders_app_router
from mall.orders.router import router as orders_router
from mall.settings import MallSettings, get_settings
from shared.app import create_service_app
from shared.ledger import CardsLedger
from shared.runtime_settings import runtime_settings


def create_app(
    settings: MallSettings | None = None, *, cards_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """`cards_transport`: tests hand in the cards app's ASGI transport; production calls cards over HTTP."""
    settings = settings or get_settings()

    async def open_ledger(app: FastAPI) -> None:
        app.state.cards_ledger = CardsLedger.connect("mall", settings.suite, transport=cards_transport)

    async def close_ledger(app: FastAPI) -> None:
        await app.state.cards_ledger.aclose()

    return create_service_app(
        settings,
        title="商城管理",
        description="品牌、分类、商品与规格、订单、发货、售后；会员逛商城、收货地址、购物车、下单与确认收货。",
        # The member's order route first: routes are matched one by one in this order, and placing an order is
        # the hot path (bench/mall). No other router serves a path under /app/mall/orders that it would shadow.
        routers=[
            orders_app_router,
            brands_router,
            categories_router,
            goods_router,
            orders_router,
            aftersales_router,
            brands_app_router,
            categories_app_router,
            goods_app_router,
            addresses_router,
            cart_router,
            aftersales_app_router,
            member_desk_router,
        ],
        on_startup=[open_ledger, runtime_settings.on_startup],
        on_shutdown=[close_ledger, runtime_settings.on_shutdown],
    )
