"""Fixtures of the reports tests: the reports test database (emptied per test), the API, the month's events.

Real PostgreSQL and RabbitMQ throughout; the broker tests run the real inbox consumer in-process.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from reports.main import create_app
from reports.settings import ReportsSettings
from shared.db import Database
from shared.testing import client_for, truncate_all


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
