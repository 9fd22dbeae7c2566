"""Fixtures of the bus tests: a database of their own (`<db_prefix>bus`), a bus prefix per test, a tap.

Real PostgreSQL and RabbitMQ; nothing is mocked. A flaky TCP proxy in front of RabbitMQ stands in for a
broker outage (refused connections, killed connections). Helpers live in bus_testkit.py.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import aio_pika
import asyncpg
import pytest
import structlog
from bus_testkit import (
    TEST_CONSUMER,
    TEST_DELAYS_MS,
    FlakyProxy,
    Tap,
    effects_table,
)
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.bus.subscriptions import SUBSCRIPTIONS
from shared.bus.topology import BusNames, delete_topology
from shared.db import Database, new_metadata
from shared.settings import SuiteSettings, asyncpg_dsn
from shared.tables import install_platform_tables


@pytest.fixture(autouse=True)
def _structlog_defaults() -> None:
    """These tests read log lines of every level; an app or worker built by an earlier test may have set a
    level filter (SUITE_LOG_LEVEL) that capture_logs would not lift."""
    structlog.reset_defaults()


@pytest.fixture(scope="session")
async def bus_db_url(suite_settings: SuiteSettings) -> AsyncIterator[str]:
    name = f"{suite_settings.db_prefix}bus"
    admin = await asyncpg.connect(asyncpg_dsn(suite_settings.database_url_template.format(db="postgres")))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = suite_settings.database_url_template.format(db=name)
    metadata = new_metadata()
    install_platform_tables(metadata)
    effects_table(metadata)
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    await engine.dispose()
    yield url
    admin = await asyncpg.connect(asyncpg_dsn(suite_settings.database_url_template.format(db="postgres")))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()




@pytest.fixture
async def db(bus_db_url: str) -> AsyncIterator[Database]:
    database = Database(bus_db_url, pool_size=5)
    async with database.sessions() as session:
        await session.execute(text("TRUNCATE outbox, inbox, bus_effects RESTART IDENTITY"))
        await session.commit()
    yield database
    await database.dispose()




@pytest.fixture
async def bus_prefix(suite_settings: SuiteSettings) -> AsyncIterator[str]:
    """The run's prefix plus a per-test suffix; everything declared under it is deleted afterwards."""
    prefix = f"{suite_settings.bus_prefix}{uuid.uuid4().hex[:8]}."
    yield prefix
    await delete_topology(suite_settings.amqp_url, prefix, services=[*SUBSCRIPTIONS, TEST_CONSUMER],
                          retry_delays_ms=TEST_DELAYS_MS)




@pytest.fixture
async def amqp(suite_settings: SuiteSettings) -> AsyncIterator[aio_pika.abc.AbstractConnection]:
    connection = await aio_pika.connect(suite_settings.amqp_url)
    yield connection
    await connection.close()


@pytest.fixture
async def tap(amqp: aio_pika.abc.AbstractConnection, bus_prefix: str) -> AsyncIterator[Tap]:
    channel = await amqp.channel()
    await channel.set_qos(prefetch_count=1000)
    exchange = await channel.declare_exchange(BusNames(bus_prefix).exchange, aio_pika.ExchangeType.TOPIC,
                                              durable=True)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(exchange, routing_key="#")
    result = Tap()

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        result.counts[str(message.message_id)] += 1
        result.bodies[str(message.message_id)] = message.body
        await message.ack()

    await queue.consume(on_message)
    yield result
    await channel.close()


@pytest.fixture
async def flaky_broker(suite_settings: SuiteSettings) -> AsyncIterator[FlakyProxy]:
    from yarl import URL

    target = URL(suite_settings.amqp_url)
    proxy = FlakyProxy(target.host or "127.0.0.1", target.port or 5672)
    await proxy.start()
    yield proxy
    await proxy.close()
