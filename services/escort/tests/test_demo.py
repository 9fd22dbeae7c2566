"""The demo data loads twice without adding anything twice, and shows escorts in every status."""

from __future__ import annotations

import httpx

from escort.demo import load_demo
from escort.settings import EscortSettings
from shared.db import Database

from .conftest import admin_headers, escort_headers


async def test_demo_loads_once_and_lives(client: httpx.AsyncClient) -> None:
    db = Database(EscortSettings().database_url, pool_size=1)
    try:
        first = await load_demo(db)
        assert await load_demo(db) == first
    finally:
        await db.dispose()
    assert first["districts"] == 10 and first["escorts"] == 7
    escorts = (await client.get("/api/escort/escorts", params={"page_size": 100}, headers=admin_headers())).json()
    statuses = {e["status"] for e in escorts["data_list"]}
    assert statuses == {"pending", "certified", "rejected", "disabled"}
    serving = [e for e in escorts["data_list"] if e["certified"]]
    assert len(serving) == 3  # the fourth certified escort's certificate has expired
    pool = await client.get("/partner/escort/orders/available", headers=escort_headers(serving[0]["id"]))
    assert pool.status_code == 200 and pool.json()["total"] == 0
