"""The escort API: `uvicorn escort.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from escort.settings import EscortSettings, get_settings
from shared.app import create_service_app


def create_app(settings: EscortSettings | None = None) -> FastAPI:
    return create_service_app(
        settings or get_settings(),
        title="陪诊管理",
        routers=[],
    )
