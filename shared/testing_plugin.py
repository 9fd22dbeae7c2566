"""Fixtures every test can use (registered by the root conftest)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from shared.settings import SuiteSettings


@pytest.fixture(scope="session")
def suite_settings() -> SuiteSettings:
    return SuiteSettings()


@pytest.fixture
async def redis_client(suite_settings: SuiteSettings) -> AsyncIterator[Redis]:
    """The test Redis db, emptied before each test that asks for it."""
    client = Redis.from_url(suite_settings.redis_url, decode_responses=True)
    await client.flushdb()
    yield client
    await client.aclose()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Deletes the broker queues and exchange this run declared under its own prefix."""
    import asyncio
    import contextlib

    from shared.bus.topology import delete_topology

    suite = SuiteSettings()
    if suite.env != "test" or not suite.bus_prefix.startswith(("test", "e2e")):
        return  # never touch a prefix a running suite may use
    with contextlib.suppress(Exception):  # cleanup must not turn a green run red
        # Bounded: with the broker unreachable, a run whose tests passed must still end.
        asyncio.run(asyncio.wait_for(delete_topology(suite.amqp_url, suite.bus_prefix), timeout=60))
