"""The health API: `uvicorn health.main:create_app --factory`."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from health.campaigns.router import app_router as campaigns_app_router
from health.campaigns.router import partner_router as campaigns_partner_router
from health.campaigns.router import router as campaigns_router
from health.catalogue.router import router as catalogue_router
from health.hospitals.internal import router as hospitals_internal_router
from health.hospitals.router import router as hospitals_router
from health.member_desk import router as member_desk_router
from health.orders.router import app_router as orders_app_router
from health.orders.router import partner_router as orders_partner_router
from health.orders.router import router as orders_router
from health.packages.router import app_router as packages_app_router
from health.packages.router import router as packages_router
from health.settings import HealthSettings, get_settings
from shared.app import create_service_app
from shared.ledger import CardsLedger


def create_app(
    settings: HealthSettings | None = None, *, cards_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """`cards_transport`: tests hand in the cards app's ASGI transport; production calls cards over HTTP."""
    settings = settings or get_settings()

    async def open_ledger(app: FastAPI) -> None:
        app.state.cards_ledger = CardsLedger.connect("health", settings.suite, transport=cards_transport)

    async def close_ledger(app: FastAPI) -> None:
        await app.state.cards_ledger.aclose()

    routers = [
        catalogue_router,
        hospitals_router,
        packages_router,
        orders_router,
        packages_app_router,
        orders_app_router,
        orders_partner_router,
        campaigns_router,
        campaigns_app_router,
        campaigns_partner_router,
        hospitals_internal_router,
        member_desk_router,
    ]
    return create_service_app(
        settings,
        title="体检管理",
        description="品牌、单项、医院与排班、套餐、分类、疾病、体检订单；会员预约与合作医院接口。",
        routers=routers,
        on_startup=[open_ledger],
        on_shutdown=[close_ledger],
    )
