"""Fixtures of the crm tests: a clean crm database per test, the demo staff directory, an app client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from crmkit import seed_staff

from crm.main import create_app
from crm.settings import CrmSettings
from shared.db import Database
from shared.testing import client_for, truncate_all


@pytest.fixture(scope="session")
def settings() -> CrmSettings:
    return CrmSettings()


@pytest.fixture
async def db(settings: CrmSettings) -> AsyncIterator[Database]:
    await truncate_all(settings.database_url)
    database = Database(settings.database_url, pool_size=5)
    await seed_staff(database)
    yield database
    await database.dispose()


@pytest.fixture
async def client(db: Database, settings: CrmSettings, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update={"attachment_dir": tmp_path / "attachments", "db_pool_size": 5}))
    async with client_for(app) as c:
        yield c
