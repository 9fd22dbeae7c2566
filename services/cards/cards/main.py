"""The cards API: `uvicorn cards.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI
from redis.asyncio import Redis

from cards.activations.router import router as activations_router
from cards.cards.router import router as cards_router
from cards.entitlements.router import router as entitlements_router
from cards.issues.router import router as issues_router
from cards.ledger.router import router as ledger_router
from cards.making.router import router as making_router
from cards.member.router import router as member_router
from cards.member_desk import router as member_desk_router
from cards.red_packets.router import router as red_packets_router
from cards.settings import CardsSettings, get_settings
from shared.app import create_service_app


def create_app(settings: CardsSettings | None = None) -> FastAPI:
    settings = settings or get_settings()

    async def open_redis(app: FastAPI) -> None:
        # Binding attempts are counted here (per member and per card), shared by every replica.
        app.state.redis = Redis.from_url(settings.suite.redis_url, decode_responses=True)

    async def close_redis(app: FastAPI) -> None:
        await app.state.redis.aclose()

    return create_service_app(
        settings,
        title="卡片管理",
        routers=[
            # First: FastAPI matches routes in order, and the debit (every paid order of health, mall and
            # escort) had some 40 routes to try before its own, about 75 µs of a ~450 µs debit. Its two fixed
            # paths shadow nothing.
            ledger_router,
            cards_router,
            making_router,
            entitlements_router,
            issues_router,
            activations_router,
            red_packets_router,
            member_router,
            member_desk_router,
        ],
        on_startup=[open_redis],
        on_shutdown=[close_redis],
    )
