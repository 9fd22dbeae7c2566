"""The health API: `uvicorn health.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from health.settings import HealthSettings, get_settings
from shared.app import create_service_app


def create_app(settings: HealthSettings | None = None) -> FastAPI:
    return create_service_app(
        settings or get_settings(),
        title="体检管理",
        routers=[],
    )
