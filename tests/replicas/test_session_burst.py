"""The gateway's session check under a burst (issue 11): hundreds of authenticated requests at once at the real
gateway process queue for a Redis connection instead of failing. Its Redis pool used to refuse a command once
every connection was busy ("Too many connections"), and a burst of 1,000 requests answered 503 to 739 of them.

The gateway runs as scripts/suite.py starts it (uvicorn, its worker), on this run's databases and ports."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx
from drillkit import SupervisedSuite
from replicakit import OwnBus

from gateway.demo import main as load_gateway_demo
from gateway.runtime import REDIS_MAX_CONNECTIONS

BURST = 500  # several times the Redis pool, all at once


async def test_a_burst_of_authenticated_requests_queues_for_the_session_store(tmp_path: Path) -> None:
    await load_gateway_demo()  # the admin to log in as
    bus = OwnBus()  # the demo's staff announcements go to queues of its own, deleted after
    suite = SupervisedSuite(tmp_path, env=bus.env, parts=("gateway",))
    try:
        await suite.start()
        # A connection per request: a kept-alive one reused just as the server's keep-alive timer closes it
        # would be the client's race, not the gateway's answer.
        limits = httpx.Limits(max_connections=BURST, max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=suite.url("gateway"), timeout=120, limits=limits) as client:
            login = await client.post("/api/auth/login", json={"username": "admin", "password": "admin123"})
            assert login.status_code == 200, login.text
            headers = {"authorization": f"Bearer {login.json()['access_token']}"}

            async def me() -> int:
                return (await client.get("/api/auth/me", headers=headers)).status_code

            statuses = Counter(await asyncio.gather(*(me() for _ in range(BURST))))
        print(f"[session burst] {BURST} concurrent authenticated requests, Redis pool {REDIS_MAX_CONNECTIONS}: "
              f"{dict(statuses)}")
        assert statuses == {200: BURST}, statuses
    finally:
        suite.stop()
        await bus.remove()
