"""The health worker in-process: the relay publishes OrderSettled, the scheduler runs reconciliation."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
from sqlalchemy import func, select, text

from health.common import business_today
from health.handlers import handlers
from health.jobs import reconcile_payments_job
from health.orders.models import Order
from shared.bus.worker import serve_worker
from shared.db import Database
from shared.ledger import CardsLedger
from shared.testing import wait_for


async def test_worker_publishes_settlement_and_reconciles(
    paying_client, admin, as_member, as_partner, catalogue, make_card, health_settings, cards_app
) -> None:
    built = await catalogue(paying_client)
    today = business_today()
    hospital_id = built["hospital_a"]["id"]
    await paying_client.put(f"/api/health/hospitals/{hospital_id}/schedule",
                            json={"days": [{"day": today.isoformat(), "capacity": 5}]}, headers=admin)
    card = await make_card(member_id=7)
    order = (await paying_client.post("/app/health/orders", headers=as_member(7), json={
        "package_id": built["package"]["id"], "hospital_id": hospital_id, "day": today.isoformat(),
        "gender": "female", "examinee_name": "张三", "examinee_phone": "13911112222", "card_no": card,
    })).json()
    for step in ("check-in", "complete"):
        r = await paying_client.post(f"/partner/health/orders/{order['id']}/{step}", headers=as_partner(hospital_id))
        assert r.status_code == 200, r.text
    db = Database(health_settings.database_url, pool_size=2)
    async with db.sessions() as session:
        # A 待支付 row the ledger never heard of, from a crash long ago.
        session.add(Order(status="pending_payment", member_id=7, examinee_name="李四", examinee_phone="13900000000",
                          gender="male", card_no=card, package_id=built["package"]["id"], package_name="基础体检套餐",
                          hospital_id=hospital_id, hospital_name="美年大健康（红谷滩）", brand_id=built["brand"]["id"],
                          brand_name="美年大健康体检中心", day=today, sale_amount=Decimal("180.00"),
                          settlement_amount=Decimal("110.00"), created_at=datetime.now(UTC) - timedelta(minutes=5)))
        await session.execute(text("UPDATE schedules SET booked = booked + 1"))  # the place it took
        await session.commit()

    ledger = CardsLedger.connect("health", health_settings.suite, transport=httpx.ASGITransport(app=cards_app))
    stop = asyncio.Event()
    worker = asyncio.create_task(serve_worker(
        health_settings, handlers, [reconcile_payments_job(ledger)], stop,
        bus_prefix=f"thealth{uuid.uuid4().hex[:8]}.", scheduler_tick_seconds=0.1,
    ))

    async def settled() -> bool:
        async with db.sessions() as session:
            published = await session.scalar(text(
                "SELECT count(*) FROM outbox WHERE routing_key = 'health.OrderSettled' AND published_at IS NOT NULL"))
            pending = await session.scalar(
                select(func.count()).select_from(Order).where(Order.status == "pending_payment"))
            return published == 1 and pending == 0

    try:
        await wait_for(settled, timeout=20)
    finally:
        stop.set()
        await asyncio.wait_for(worker, timeout=20)
        await ledger.aclose()
    async with db.sessions() as session:
        runs = await session.scalar(text("SELECT runs FROM scheduled_jobs WHERE name = 'health.reconcile_payments'"))
        booked = await session.scalar(text("SELECT booked FROM schedules"))
    await db.dispose()
    assert runs >= 1 and booked == 1  # the crashed row's place went back; the completed order keeps its own
