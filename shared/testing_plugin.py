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
