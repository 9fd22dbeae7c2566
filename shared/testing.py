"""Test plumbing (a pytest plugin loaded by the root conftest): clients, identities, clean databases.

Nothing here fakes a backing service: tests talk to the real PostgreSQL, RabbitMQ and Redis, under
names of their own (see the root conftest.py).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from typing import Any

import asyncpg
import httpx
from fastapi import FastAPI

from shared.identity import Grant, Identity, Scope, sign_identity, sign_service_token
from shared.settings import SuiteSettings, asyncpg_dsn


def suite() -> SuiteSettings:
    return SuiteSettings()


def staff(
    *perms: str,
    user_id: int = 1,
    name: str = "测试员工",
    dept_id: int | None = 1,
    scope: Scope = Scope.ALL,
    dept_ids: Iterable[int] = (),
    superuser: bool = False,
    grants: Iterable[Grant] = (),
) -> Identity:
    """A staff identity holding `perms` with one data scope (or explicit `grants`)."""
    all_grants = tuple(grants) or (Grant(frozenset(perms), scope, frozenset(dept_ids)),)
    return Identity(kind="staff", id=user_id, name=name, username=f"user{user_id}", dept_id=dept_id,
                    superuser=superuser, grants=all_grants)


def member(member_id: int = 1, name: str = "会员", phone: str = "13800000000") -> Identity:
    return Identity(kind="member", id=member_id, name=name, username=phone)


def partner(partner_type: str, partner_id: int, key_id: int = 1) -> Identity:
    return Identity(kind="partner", id=key_id, name=f"{partner_type}-{partner_id}", partner_type=partner_type,
                    partner_id=partner_id)


def bearer(identity: Identity, audience: str) -> dict[str, str]:
    """Headers carrying `identity` as the gateway would forward it to service `audience`."""
    return {"authorization": f"Bearer {sign_identity(identity, audience, suite().private_key_pem)}"}


def service_bearer(caller: str, audience: str) -> dict[str, str]:
    return {"authorization": f"Bearer {sign_service_token(caller, audience, suite().service_secret)}"}


@contextlib.asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[FastAPI]:
    """Runs the app's lifespan (engine, broker probe, startup hooks) around a block."""
    async with app.router.lifespan_context(app):
        yield app


@contextlib.asynccontextmanager
async def client_for(app: FastAPI, **kwargs: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with running(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", **kwargs) as client:
            yield client


async def truncate_all(database_url: str, keep: Iterable[str] = ("alembic_version",)) -> None:
    """Empties every table of a test database (identities restart) so each test starts from nothing."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        names = [
            r["tablename"]
            for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            if r["tablename"] not in set(keep)
        ]
        if names:
            await conn.execute(
                "TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE"
            )
    finally:
        await conn.close()


async def wait_for(predicate: Any, timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Polls an async predicate until it returns something truthy; fails loudly on timeout."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await predicate()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last value: {result!r})")
        await asyncio.sleep(interval)
