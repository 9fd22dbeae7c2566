"""The crm API: `uvicorn crm.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from crm.settings import CrmSettings, get_settings
from shared.app import create_service_app


def create_app(settings: CrmSettings | None = None) -> FastAPI:
    return create_service_app(
        settings or get_settings(),
        title="CRM 客户管理",
        routers=[],
    )
