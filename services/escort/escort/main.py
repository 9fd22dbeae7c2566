"""The escort API: `uvicorn escort.main:create_app --factory`."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from escort.catalogue.router import app_router as catalogue_app_router
from escort.catalogue.router import router as catalogue_router
from escort.escorts.router import internal_router as escorts_internal_router
from escort.escorts.router import partner_router as escorts_partner_router
from escort.escorts.router import router as escorts_router
from escort.member_desk import router as member_desk_router
from escort.orders.router import app_router as orders_app_router
from escort.orders.router import partner_router as orders_partner_router
from escort.orders.router import router as orders_router
from escort.settings import EscortSettings, get_settings
from escort.withdrawals.router import partner_router as withdrawals_partner_router
from escort.withdrawals.router import router as withdrawals_router
from shared.app import create_service_app
from shared.ledger import CardsLedger
from shared.runtime_settings import runtime_settings


def create_app(
    settings: EscortSettings | None = None, *, cards_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """`cards_transport`: tests hand in the cards app's ASGI transport; production calls cards over HTTP."""
    settings = settings or get_settings()

    async def open_ledger(app: FastAPI) -> None:
        app.state.cards_ledger = CardsLedger.connect("escort", settings.suite, transport=cards_transport)

    async def close_ledger(app: FastAPI) -> None:
        await app.state.cards_ledger.aclose()

    return create_service_app(
        settings,
        title="陪诊管理",
        description="陪诊产品、医院、问答、提现项、陪诊师、提现与订单；会员预约与陪诊师接口。",
        routers=[
            catalogue_router, escorts_router, withdrawals_router, orders_router,
            catalogue_app_router, orders_app_router,
            orders_partner_router, escorts_partner_router, withdrawals_partner_router, escorts_internal_router,
            member_desk_router,
        ],
        on_startup=[open_ledger, runtime_settings.on_startup],
        on_shutdown=[close_ledger, runtime_settings.on_shutdown],
    )
