"""The cards API: `uvicorn cards.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from cards.settings import CardsSettings, get_settings
from shared.app import create_service_app


def create_app(settings: CardsSettings | None = None) -> FastAPI:
    return create_service_app(
        settings or get_settings(),
        title="卡片管理",
        routers=[],
    )
