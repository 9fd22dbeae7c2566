"""Fixtures of the reports tests: the reports test database (emptied per test), the API, the month's events.

Real PostgreSQL and RabbitMQ throughout; the broker tests run the real inbox consumer in-process.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import httpx
import pytest

# The tests import reports_month by name (pytest runs with --import-mode=importlib, which adds no test dirs).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reports_month import ALL_PERMISSIONS, NOVEMBER

from reports.handlers import handlers
from reports.main import create_app
from reports.settings import ReportsSettings
from shared.bus.consumer import apply_envelope
from shared.db import Database
from shared.events.envelope import Envelope
from shared.identity import Scope
from shared.testing import bearer, client_for, staff, truncate_all


@pytest.fixture(scope="session")
def reports_settings() -> ReportsSettings:
    return ReportsSettings()


@pytest.fixture(scope="session")
async def session_db(reports_settings: ReportsSettings) -> AsyncIterator[Database]:
    database = Database(reports_settings.database_url, pool_size=4)
    yield database
    await database.dispose()


@pytest.fixture
async def db(session_db: Database, reports_settings: ReportsSettings) -> Database:
    await truncate_all(reports_settings.database_url)
    return session_db


@pytest.fixture(scope="session")
async def api(reports_settings: ReportsSettings) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(create_app(reports_settings)) as client:
        yield client


def admin_headers(*perms: str) -> dict[str, str]:
    return bearer(staff(*(perms or ALL_PERMISSIONS), scope=Scope.ALL), "reports")


async def apply_all(db: Database, envelopes: Iterable[Envelope]) -> int:
    """Each envelope through the consumer's own path (inbox row + handler, one transaction each)."""
    applied = 0
    for envelope in envelopes:
        applied += int(await apply_envelope(db, handlers, envelope))
    return applied


REPORT_PATHS = {
    "sales": "/api/reports/sales",
    "card_consumption": "/api/reports/card-consumption",
    "goods": "/api/reports/goods",
    "goods_brands": "/api/reports/goods-brands",
    "hospital_settlement": "/api/reports/hospital-settlement",
}


async def november(api: httpx.AsyncClient, **extra: Any) -> dict[str, dict[str, Any]]:
    """Rows and totals of all five reports for November (freshness left out: it moves with the clock)."""
    found = {}
    for name, path in REPORT_PATHS.items():
        response = await api.get(path, params={**NOVEMBER, "with_options": 0, **extra}, headers=admin_headers())
        assert response.status_code == 200, response.text
        body = response.json()
        found[name] = {"data_list": body["data_list"], "totals": body["totals"], "total": body["total"]}
    return found
