"""The mall API: `uvicorn mall.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from mall.settings import MallSettings, get_settings
from shared.app import create_service_app


def create_app(settings: MallSettings | None = None) -> FastAPI:
    return create_service_app(
        settings or get_settings(),
        title="商城管理",
        routers=[],
    )
