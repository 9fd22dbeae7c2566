# ruff: noqa: E402  (the imports below must follow _use_the_gateway_package())
"""Gateway test harness: real PostgreSQL and Redis, the gateway app, and service apps in process.

Upstream services are reached through httpx.ASGITransport: `mall` is the mall service's own create_app()
with an extra echo router (it shows what identity the service received); `health` is a service app built
with shared.create_service_app that echoes too. Services left out (crm, cards, escort, reports) are really
unreachable, which is how the 503 path is tested.
"""

from __future__ import annotations

import importlib
import sys


def _use_the_gateway_package() -> None:
    """pytest (import-mode=importlib) names this file `gateway.tests.conftest` and registers the folder
    /work/main/gateway as a namespace module `gateway`, shadowing the real package gateway/gateway/. Put the
    real package back before anything imports from it (pytest only needs `gateway.tests`, which it keeps)."""
    current = sys.modules.get("gateway")
    if current is not None and getattr(current, "__file__", None) is None:
        del sys.modules["gateway"]
        real = importlib.import_module("gateway")
        if hasattr(current, "tests"):
            real.tests = current.tests  # type: ignore[attr-defined]


_use_the_gateway_package()

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any, ClassVar

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from redis.asyncio import Redis
from sqlalchemy import text
from starlette.responses import Response

from gateway.auth.passwords import Passwords
from gateway.demo import load_demo
from gateway.main import create_app
from gateway.runtime import Gateway
from gateway.settings import GatewaySettings
from shared.app import create_service_app
from shared.db import Database
from shared.identity import Identity, RequirePartner, request_identity, require_member
from shared.problems import Problem
from shared.settings import ServiceSettings
from shared.testing import client_for, running

ADMIN = ("admin", "admin123")
# Partners (hospitals, escorts) the test services say exist.
KNOWN_PARTNERS = frozenset({12, 21})
SALES = ("wanbin", "demo123")


def identity_body(identity: Identity, perm: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": identity.kind, "id": identity.id, "name": identity.name, "username": identity.username,
        "dept_id": identity.dept_id, "superuser": identity.superuser,
        "partner_type": identity.partner_type, "partner_id": identity.partner_id,
        "grants": [{"perms": sorted(g.perms), "scope": g.scope.value, "dept_ids": sorted(g.dept_ids)}
                   for g in identity.grants],
    }
    if perm:
        scope = identity.scope_for(perm)
        body["scope"] = {"all": scope.all, "dept_ids": sorted(scope.dept_ids), "owner_id": scope.owner_id}
        body["has"] = identity.has(perm)
    return body


def echo_router(service: str) -> APIRouter:
    """Routes a test service serves: they show what the gateway forwarded."""
    router = APIRouter()

    @router.get(f"/api/{service}/echo")
    async def echo(request: Request, perm: str | None = Query(None), a: str | None = Query(None),
                   q: str | None = Query(None)) -> dict[str, Any]:
        # `a` and `q`: free parameters the tests send to see the query string forwarded untouched.
        return {**identity_body(request_identity(request), perm), "headers": dict(request.headers),
                "query": str(request.url.query)}

    @router.post(f"/api/{service}/echo", status_code=201)
    async def create(request: Request) -> dict[str, Any]:
        request_identity(request)
        return {"id": 77}

    @router.post(f"/api/{service}/echo/{{item_id}}")
    async def act(item_id: int, request: Request) -> dict[str, Any]:
        request_identity(request)
        return {"id": item_id, "done": True}

    @router.post(f"/api/{service}/upload")
    async def upload(request: Request) -> dict[str, Any]:
        request_identity(request)
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
        return {"size": size}

    @router.get(f"/api/{service}/download")
    async def download(request: Request) -> Response:
        request_identity(request)
        return Response(b"x" * 300_000, media_type="application/octet-stream",
                        headers={"content-disposition": "attachment; filename=a.bin", "x-custom": "kept"})

    @router.get(f"/api/{service}/slow")
    async def slow(request: Request) -> dict[str, Any]:
        request_identity(request)
        await asyncio.sleep(1.5)  # longer than the tests' upstream_timeout (1 s)
        return {}

    @router.get(f"/app/{service}/echo")
    async def member_echo(identity: Identity = Depends(require_member)) -> dict[str, Any]:
        return identity_body(identity, None)

    partner_type = {"health": "hospital", "escort": "escort"}.get(service)
    if partner_type:
        @router.get(f"/internal/{service}/{partner_type}s/{{partner_id}}")
        async def partner_lookup(partner_id: int, request: Request) -> dict[str, Any]:
            """The owner's answer to "does this partner exist" (api keys are only issued for known ones)."""
            if request_identity(request).kind != "service":
                return Response(status_code=403)  # type: ignore[return-value]
            if partner_id not in KNOWN_PARTNERS:
                raise Problem(404, "not_found", "不存在")
            return {"id": partner_id, "name": f"{partner_type}-{partner_id}", "status": "active"}

        @router.get(f"/partner/{service}/echo")
        async def partner_echo(identity: Identity = Depends(RequirePartner(partner_type))) -> dict[str, Any]:
            return identity_body(identity, None)

    return router


def echo_service(service: str) -> FastAPI:
    settings_class = type(f"{service.title()}EchoSettings", (ServiceSettings,),
                          {"__annotations__": {"service_name": ClassVar[str]}, "service_name": service})
    return create_service_app(settings_class(), title=f"{service} (test echo)", routers=[echo_router(service)])


def mall_service() -> FastAPI:
    from mall.main import create_app as create_mall

    app = create_mall()
    app.include_router(echo_router("mall"))
    return app


def test_settings(**overrides: Any) -> GatewaySettings:
    values: dict[str, Any] = {
        "argon2_time_cost": 1, "argon2_memory_cost": 1024, "argon2_parallelism": 1, "lockout_threshold": 3,
        "partner_rate_limit": 5, "audit_flush_interval": 0.05, "upstream_timeout": 1.0, "openapi_cache_seconds": 0,
    }
    values.update(overrides)
    return GatewaySettings(**values)


@dataclass
class Harness:
    client: httpx.AsyncClient
    app: FastAPI
    settings: GatewaySettings
    redis: Redis

    @property
    def gateway(self) -> Gateway:
        return self.app.state.gateway

    async def login(self, username: str, password: str) -> dict[str, Any]:
        response = await self.client.post("/api/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return response.json()

    async def headers(self, username: str = ADMIN[0], password: str = ADMIN[1]) -> dict[str, str]:
        tokens = await self.login(username, password)
        return {"authorization": f"Bearer {tokens['access_token']}"}

    async def scalar(self, sql: str, **params: Any) -> Any:
        assert self.gateway.db is not None
        async with self.gateway.db.engine.connect() as conn:
            return (await conn.execute(text(sql), params)).scalar()


async def empty_tables(db: Database) -> None:
    """DELETE is much quicker than TRUNCATE on a handful of tiny tables (the demo resets its sequences)."""
    async with db.engine.begin() as conn:
        names = (await conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        ))).scalars().all()
        # Children before parents (foreign keys).
        order = ["staff_roles", "staff", "roles", "departments"]
        for name in sorted(names, key=lambda n: order.index(n) if n in order else -1):
            await conn.execute(text(f'DELETE FROM "{name}"'))


async def prepare_database(settings: GatewaySettings) -> None:
    db = Database(settings.database_url, pool_size=1)
    try:
        await empty_tables(db)
        async with db.sessions() as session:
            await load_demo(session, Passwords(settings), ADMIN[1])
    finally:
        await db.dispose()


@pytest.fixture
async def harness(redis_client: Redis) -> AsyncIterator[Harness]:
    settings = test_settings()
    await prepare_database(settings)
    mall, health = mall_service(), echo_service("health")
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(running(mall))
        await stack.enter_async_context(running(health))
        app = create_app(settings, transports={"mall": httpx.ASGITransport(app=mall),
                                               "health": httpx.ASGITransport(app=health)})
        client = await stack.enter_async_context(client_for(app))
        yield Harness(client, app, settings, redis_client)


@pytest.fixture
def make_echo_service() -> Any:
    """Builds a service app (shared.create_service_app) serving the echo routes of `service`."""
    return echo_service
