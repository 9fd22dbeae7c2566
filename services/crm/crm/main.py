"""The crm API: `uvicorn crm.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from crm.contracts.router import router as contracts_router
from crm.customers.router import router as customers_router
from crm.follow_ups.router import router as follow_ups_router
from crm.member_desk import router as member_desk_router
from crm.owner_changes.router import router as owner_changes_router
from crm.payments.router import router as payments_router
from crm.pool.router import router as pool_router
from crm.service_contacts.router import app_router as service_contacts_app_router
from crm.service_contacts.router import router as service_contacts_router
from crm.settings import CrmSettings, get_settings
from crm.tickets.router import app_router as tickets_app_router
from crm.tickets.router import router as tickets_router
from shared.app import create_service_app


def create_app(settings: CrmSettings | None = None) -> FastAPI:
    return create_service_app(
        settings or get_settings(),
        title="CRM 客户管理",
        routers=[
            customers_router,
            pool_router,
            follow_ups_router,
            owner_changes_router,
            contracts_router,
            payments_router,
            service_contacts_router,
            service_contacts_app_router,
            tickets_router,
            tickets_app_router,
            member_desk_router,
        ],
    )
