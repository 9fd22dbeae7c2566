"""Fixtures of the cards tests: the real app over ASGI on a fresh database (helpers live in cardkit.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from cards.main import create_app
from cards.numbers import FIRST_SEQ
from cards.settings import CardsSettings
from shared.db import Database
from shared.settings import asyncpg_dsn
from shared.testing import client_for, truncate_all


@pytest.fixture(scope="session")
def settings() -> CardsSettings:
    return CardsSettings()


@pytest.fixture
async def clean_db(settings: CardsSettings) -> str:
    await truncate_all(settings.database_url)
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        # The allocator's one row is data the migration seeds; TRUNCATE took it away.
        await conn.execute("INSERT INTO card_number_allocator (id, next_seq) VALUES (1, $1)", FIRST_SEQ)
    finally:
        await conn.close()
    return settings.database_url


@pytest.fixture
async def app(clean_db: str, settings: CardsSettings, redis_client: Any) -> FastAPI:
    return create_app(settings)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as c:
        yield c


@pytest.fixture
async def db(clean_db: str) -> AsyncIterator[Database]:
    database = Database(clean_db, pool_size=4)
    yield database
    await database.dispose()


@pytest.fixture
async def pg(clean_db: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(asyncpg_dsn(clean_db))
    yield conn
    await conn.close()


