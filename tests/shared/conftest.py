"""A probe service for the shared plumbing tests: `create_service_app` over a small router of its own, on the
mall test database (a shell service) in a table of its own, with a real pool.

Its routes are the smallest units of work the shared layer must keep safe: a read, a write that commits once,
and statements that feed the database what it refuses (ids beyond 64 bits, NUL bytes)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from mall.settings import MallSettings
from shared.app import create_service_app, db_session
from shared.db import Database
from shared.testing import bearer, client_for, staff

PROBE_TABLE = "shared_probe_rows"


class ProbeIn(BaseModel):
    name: str


class ProbeRow(BaseModel):
    id: int
    name: str


class ProbeCount(BaseModel):
    total: int


def probe_router() -> APIRouter:
    router = APIRouter(prefix="/api/mall/probe")

    @router.get("/rows")
    async def count_rows(session: AsyncSession = Depends(db_session)) -> ProbeCount:
        return ProbeCount(total=(await session.execute(text(f"SELECT count(*) FROM {PROBE_TABLE}"))).scalar_one())

    @router.post("/rows", status_code=201)
    async def add_row(data: ProbeIn, session: AsyncSession = Depends(db_session)) -> ProbeRow:
        row_id = (await session.execute(text(f"INSERT INTO {PROBE_TABLE} (name) VALUES (:name) RETURNING id"),
                                        {"name": data.name})).scalar_one()
        await session.commit()
        return ProbeRow(id=row_id, name=data.name)

    @router.get("/raw/{value}")
    async def raw_lookup(value: int, session: AsyncSession = Depends(db_session)) -> ProbeCount:
        # An unbounded int on purpose: the shared safety net must answer what the types did not refuse.
        found = await session.execute(text(f"SELECT count(*) FROM {PROBE_TABLE} WHERE id = :id"), {"id": value})
        return ProbeCount(total=found.scalar_one())

    @router.post("/raw-text")
    async def raw_text(data: ProbeIn, session: AsyncSession = Depends(db_session)) -> ProbeCount:
        await session.execute(text(f"INSERT INTO {PROBE_TABLE} (name) VALUES (:name)"), {"name": data.name})
        await session.commit()
        return ProbeCount(total=1)

    @router.get("/held")
    async def held(request: Request) -> ProbeCount:
        # Waits for a connection of a pool the test holds whole: the pool's timeout is the answer.
        async with request.app.state.db.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return ProbeCount(total=1)

    @router.get("/days-before")
    async def days_before(day: date, days: int = 1) -> ProbeCount:
        # Date arithmetic on a caller's date, as a report window does (0001-01-01 minus a day overflows).
        return ProbeCount(total=(day - timedelta(days=days)).toordinal())

    return router


def probe_app(settings: MallSettings) -> FastAPI:
    return create_service_app(settings, title="probe", routers=[probe_router()])


@pytest.fixture
def probe_app_for() -> Any:
    return probe_app


@pytest.fixture(name="probe_headers")
def probe_headers_fixture() -> dict[str, str]:
    return probe_headers()


def probe_headers() -> dict[str, str]:
    return bearer(staff(superuser=True), "mall")


@pytest.fixture
async def probe_settings() -> AsyncIterator[MallSettings]:
    settings = MallSettings().model_copy(update={"db_pool_size": 4, "db_max_overflow": 0})
    database = Database(settings.database_url, pool_size=1)
    async with database.engine.begin() as conn:
        await conn.execute(text(f"DROP TABLE IF EXISTS {PROBE_TABLE}"))
        await conn.execute(text(f"CREATE TABLE {PROBE_TABLE} (id bigserial PRIMARY KEY, name text NOT NULL)"))
    await database.dispose()  # the tests terminate backends: tidy up on a fresh connection
    yield settings
    database = Database(settings.database_url, pool_size=1)
    async with database.engine.begin() as conn:
        await conn.execute(text(f"DROP TABLE IF EXISTS {PROBE_TABLE}"))
    await database.dispose()


@pytest.fixture
async def probe(probe_settings: MallSettings) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(probe_app(probe_settings), headers=probe_headers()) as client:
        yield client


def problem_of(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/problem+json", response.text
    return response.json()
