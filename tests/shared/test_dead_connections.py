"""Dead database connections against the real PostgreSQL: pooled connections whose backends were terminated
(`pg_terminate_backend`) cost the caller nothing (the request runs again on a fresh connection, once, and its
effect happens once); a database that is really gone answers a clean 503 problem, never a 500.

Only this run's own test database is touched (its backends, by database name)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import asyncpg
import httpx
from fastapi import FastAPI

from mall.settings import MallSettings
from shared.settings import asyncpg_dsn
from shared.testing import client_for

POOL = 4


async def terminate_backends(database_url: str) -> int:
    """Kills every backend of this test database but the one asking; returns how many."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        return int(await conn.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    finally:
        await conn.close()


async def fill_pool(client: httpx.AsyncClient) -> None:
    """Concurrent requests, so the pool holds several idle connections."""
    answers = await asyncio.gather(*(client.get("/api/mall/probe/rows") for _ in range(POOL * 2)))
    assert {a.status_code for a in answers} == {200}


async def count(client: httpx.AsyncClient) -> int:
    response = await client.get("/api/mall/probe/rows")
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


async def test_a_write_after_its_pooled_connection_was_terminated_happens_once_without_error(
    probe: httpx.AsyncClient, probe_settings: MallSettings
) -> None:
    await fill_pool(probe)
    assert await terminate_backends(probe_settings.database_url) >= 2
    await asyncio.sleep(0.2)
    created = await probe.post("/api/mall/probe/rows", json={"name": "南昌市第一中学"})
    assert created.status_code == 201, created.text
    assert await count(probe) == 1


async def test_reads_and_concurrent_writes_after_every_backend_was_terminated_all_succeed(
    probe: httpx.AsyncClient, probe_settings: MallSettings
) -> None:
    for round_number in range(3):
        await fill_pool(probe)
        await terminate_backends(probe_settings.database_url)
        await asyncio.sleep(0.2)
        reads, writes = await asyncio.gather(
            asyncio.gather(*(probe.get("/api/mall/probe/rows") for _ in range(POOL))),
            asyncio.gather(*(probe.post("/api/mall/probe/rows", json={"name": f"客户{round_number}-{i}"})
                             for i in range(POOL))),
        )
        assert [r.status_code for r in reads] == [200] * POOL, [r.text for r in reads]
        assert [w.status_code for w in writes] == [201] * POOL, [w.text for w in writes]
    assert await count(probe) == 3 * POOL


async def test_a_stopped_database_answers_503_problems_and_never_500(
    probe_settings: MallSettings, probe_app_for: Callable[[MallSettings], FastAPI], probe_headers: dict[str, str]
) -> None:
    # A port nothing listens on stands for a stopped PostgreSQL.
    gone = probe_settings.model_copy(update={"database_url": "postgresql+asyncpg://postgres@127.0.0.1:9/mall"})
    async with client_for(probe_app_for(gone), headers=probe_headers) as client:
        for method, body in (("GET", None), ("POST", {"name": "某单位"})):
            response = await client.request(method, "/api/mall/probe/rows", json=body)
            assert response.status_code == 503, response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["code"] == "database_unavailable"
            assert response.headers["retry-after"] == "1"


async def test_a_request_that_waits_past_the_pool_timeout_is_a_503_busy(
    probe_settings: MallSettings, probe_app_for: Callable[[MallSettings], FastAPI], probe_headers: dict[str, str]
) -> None:
    one = probe_settings.model_copy(update={"db_pool_size": 1, "db_max_overflow": 0})
    app = probe_app_for(one)
    async with client_for(app, headers=probe_headers) as client:
        app.state.db.engine.pool._timeout = 0.3  # seconds, instead of 30: the test holds the only connection
        async with app.state.db.engine.connect():
            response = await client.get("/api/mall/probe/held")
        assert response.status_code == 503, response.text
        assert response.json()["code"] == "busy" and response.headers["retry-after"] == "1"
        assert (await client.get("/api/mall/probe/held")).status_code == 200
