"""The reports API: `uvicorn reports.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from reports.settings import ReportsSettings, get_settings
from shared.app import create_service_app


def create_app(settings: ReportsSettings | None = None) -> FastAPI:
    return create_service_app(
        settings or get_settings(),
        title="报表管理",
        routers=[],
    )
