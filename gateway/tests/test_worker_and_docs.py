"""The gateway worker relays gateway.StaffChanged; the AsyncAPI document is served; login log listing."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from shared.bus.worker import serve_worker
from shared.dates import business_date
from shared.testing import wait_for


async def test_worker_relays_staff_changed(harness) -> None:
    admin = await harness.headers()
    created = await harness.client.post("/api/system/users", headers=admin, json={
        "username": "relayed", "name": "转发测试", "password": "secret1", "dept_id": 5})
    assert created.status_code == 201
    stop = asyncio.Event()
    prefix = f"gwtest{uuid.uuid4().hex[:8]}."
    worker = asyncio.create_task(serve_worker(harness.settings, None, [], stop, bus_prefix=prefix))
    try:
        async def all_published() -> bool:
            pending = await harness.scalar(
                "SELECT count(*) FROM outbox WHERE routing_key = 'gateway.StaffChanged' AND published_at IS NULL")
            return pending == 0

        await wait_for(all_published, timeout=15)
    finally:
        stop.set()
        await asyncio.wait_for(worker, timeout=15)
    assert await harness.scalar("SELECT count(*) FROM outbox WHERE published_at IS NOT NULL") >= 11


async def test_asyncapi_document_is_served(harness) -> None:
    response = await harness.client.get("/asyncapi.json")
    assert response.status_code == 200, response.text
    assert "gateway.StaffChanged" in response.text


async def test_login_log_list_filters(harness) -> None:
    await harness.client.post("/api/auth/login", json={"username": "wanbin", "password": "wrong"})
    admin = await harness.headers()
    failed = await harness.client.get("/api/system/login-logs", headers=admin, params={"success": "false"})
    assert failed.status_code == 200
    rows = failed.json()["data_list"]
    assert [(r["username"], r["reason"], r["result"]) for r in rows] == [("wanbin", "invalid_credentials", "失败")]
    assert rows[0]["ip"] == "127.0.0.1" and rows[0]["user_agent"].startswith("python-httpx")
    ok = await harness.client.get("/api/system/login-logs", headers=admin,
                                  params={"username": "adm", "success": "true"})
    assert ok.json()["total"] == 1
    reversed_range = await harness.client.get("/api/system/login-logs", headers=admin,
                                              params={"date_from": "2026-02-02", "date_to": "2026-02-01"})
    assert reversed_range.status_code == 422


async def test_date_filters_keep_whole_shanghai_days(harness) -> None:
    """date_from/date_to of the staff, member and login-log lists: today's rows are in a range that ends today
    and out of one that ends yesterday (Shanghai days, both ends included)."""
    registered = await harness.client.post("/app/auth/register",
                                           json={"phone": "13900000077", "password": "secret1", "name": "赵六"})
    assert registered.status_code == 201, registered.text
    admin = await harness.headers()
    today = business_date(datetime.now(UTC))
    yesterday = today - timedelta(days=1)
    for path in ("/api/system/users", "/api/system/members", "/api/system/login-logs"):
        kept = await harness.client.get(path, headers=admin, params={"date_from": str(today), "date_to": str(today)})
        assert kept.status_code == 200 and kept.json()["total"] >= 1, (path, kept.text)
        gone = await harness.client.get(path, headers=admin,
                                        params={"date_from": str(yesterday), "date_to": str(yesterday)})
        assert gone.status_code == 200 and gone.json()["total"] == 0, (path, gone.text)
