"""The reports API: `uvicorn reports.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from reports.card_consumption.router import router as card_consumption_router
from reports.escort_settlement.router import router as escort_router
from reports.freshness import close_queue_probe, install_queue_probe
from reports.goods.router import router as goods_router
from reports.hospital_settlement.router import router as hospital_router
from reports.sales.router import router as sales_router
from reports.settings import ReportsSettings, get_settings
from shared.app import create_service_app


def create_app(settings: ReportsSettings | None = None) -> FastAPI:
    return create_service_app(
        settings or get_settings(),
        title="报表管理",
        description="Read models built only from events: the reports of 报表管理.",
        routers=[sales_router, card_consumption_router, goods_router, hospital_router, escort_router],
        on_startup=[install_queue_probe],
        on_shutdown=[close_queue_probe],
    )
