"""The three fault drills of issue 15, each running the business flow while it makes its own fault:
RabbitMQ away for 10 s, a worker SIGKILLed mid-batch, PostgreSQL backends terminated mid-flow. In every
drill every event arrives, no effect happens twice, and no answer is a 5xx other than 503. Each prints
its figures (events published and applied, duplicates suppressed, time to recover).

Faults only this run sees: the broker is cut by a TCP proxy between this suite's processes and RabbitMQ
(RabbitMQ itself keeps serving everyone else), and only this run's databases' backends are terminated."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from bus_testkit import FlakyProxy
from drillkit import BusinessFlow, SupervisedSuite, reset_databases, settle
from yarl import URL

from shared.settings import SuiteSettings, asyncpg_dsn

DEALS = 12
CANCELS = 3
BROKER_DOWN_S = 10


@pytest.fixture
async def fresh() -> AsyncIterator[None]:
    await reset_databases()
    yield


async def test_broker_away_for_ten_seconds(fresh: None, tmp_path: Path) -> None:
    suite_settings = SuiteSettings()
    target = URL(suite_settings.amqp_url)
    proxy = FlakyProxy(target.host or "127.0.0.1", target.port or 5672)
    await proxy.start()
    proxy.set_up(True)
    suite = SupervisedSuite(tmp_path, env={"SUITE_AMQP_URL": proxy.url(suite_settings.amqp_url)})
    flow = BusinessFlow(suite, "MQ")
    try:
        await suite.start()
        first_half = asyncio.create_task(flow.run(DEALS // 2, 0))
        await asyncio.sleep(1.0)
        proxy.set_up(False)  # every open connection killed, new ones refused
        down_at = time.monotonic()
        await first_half
        await flow.run(DEALS - DEALS // 2, 0)  # the flow goes on while the broker is away
        await asyncio.sleep(max(0.0, BROKER_DOWN_S - (time.monotonic() - down_at)))
        proxy.set_up(True)
        recovery = await settle(flow, time.monotonic())  # the backlog of the outage delivered
        for contract_id in flow.contracts[:CANCELS]:
            await flow.cancel(contract_id)
        figures = await settle(flow, time.monotonic())
        figures.recovered_s = recovery.recovered_s
        print(figures.report("broker away 10 s"), f"(connections refused while down: {proxy.refused})")
        assert proxy.refused > 0, "the processes did try to reach the broker while it was away"
        assert "restarting" not in suite.printed(), "no process had to die for this"
    finally:
        await flow.close()
        suite.stop()
        await proxy.close()


async def test_worker_killed_mid_batch(fresh: None, tmp_path: Path) -> None:
    suite = SupervisedSuite(tmp_path)
    flow = BusinessFlow(suite, "KILL")
    try:
        await suite.start()
        running = asyncio.create_task(flow.run(DEALS, 0, concurrency=3))
        # Kill the cards worker while it is applying the flow's events, and the CRM's relay while it publishes.
        killed: dict[str, int] = {}
        published = "SELECT count(*) FROM outbox WHERE published_at IS NOT NULL"
        while len(killed) < 2 and not running.done():
            if "cards" not in killed and await _count("cards", "SELECT count(*) FROM inbox") >= 2:
                killed["cards"] = suite.kill("cards.worker")  # while it applies the flow's events
                relayed_then = await _count("crm", published)
            if "cards" in killed and await _count("crm", published) >= relayed_then + 4:
                killed["crm"] = suite.kill("crm.worker")  # while its relay publishes them
                last_kill = time.monotonic()
            await asyncio.sleep(0.02)
        await running
        assert len(killed) == 2, f"the flow ended before both kills: {killed}"
        await suite.wait_for_output(r"cards-worker restarted", 15)
        await suite.wait_for_output(r"crm-worker restarted", 15)
        recovery = await settle(flow, last_kill)  # from the last kill to all its work done by the restarted ones
        for contract_id in flow.contracts[:CANCELS]:
            await flow.cancel(contract_id)
        figures = await settle(flow, time.monotonic())
        figures.recovered_s = recovery.recovered_s
        print(figures.report("worker SIGKILLed mid-batch"))
        assert "exited with -9; restarting it in 1s" in suite.printed()
    finally:
        await flow.close()
        suite.stop()


async def test_database_backends_terminated_mid_flow(fresh: None, tmp_path: Path) -> None:
    suite = SupervisedSuite(tmp_path)
    flow = BusinessFlow(suite, "PG")
    terminated = 0
    try:
        await suite.start()
        running = asyncio.create_task(flow.run(DEALS, CANCELS))
        last_fault = time.monotonic()
        while not running.done():
            await asyncio.sleep(0.7)
            terminated += await terminate_backends()
            last_fault = time.monotonic()
        await running
        figures = await settle(flow, last_fault)
        print(figures.report("PostgreSQL backends terminated"), f"(backends terminated: {terminated})")
        assert terminated > 0
    finally:
        await flow.close()
        suite.stop()


async def _count(part: str, sql: str) -> int:
    from drillkit import database_url

    conn = await asyncpg.connect(asyncpg_dsn(database_url(part)))
    try:
        return int(await conn.fetchval(sql))
    finally:
        await conn.close()


async def terminate_backends() -> int:
    """Terminates every backend of this run's databases (and only those), the drill's own connection aside."""
    prefix = SuiteSettings().db_prefix
    # The test run's own databases (the root conftest gives every run a prefix); never the unprefixed live ones.
    assert prefix, "a drill only ever touches its own databases"
    conn = await asyncpg.connect(asyncpg_dsn(SuiteSettings().database_url("crm")))
    try:
        return int(await conn.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname LIKE $1 AND pid <> pg_backend_pid()", prefix.replace("_", r"\_") + "%"))
    finally:
        await conn.close()
