"""An order nobody took by its time is cancelled and refunded exactly once by the scheduler: two worker
instances run the job against the real databases with an injected clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from fastapi import FastAPI
from payingkit import MakeCard
from sqlalchemy import text

from escort.jobs import sweep_orders_job
from escort.settings import EscortSettings
from shared.db import Database
from shared.ledger import CardsLedger
from shared.scheduler import scheduler_loop
from shared.testing import suite

from .conftest import book, build_world, escort_headers


async def test_untaken_orders_are_cancelled_and_refunded_once_by_two_workers(
    paying_client: httpx.AsyncClient, cards_app: FastAPI, make_card: MakeCard, card_balance: Any, ledger_kinds: Any
) -> None:
    world = await build_world(paying_client, escorts=1)
    card = await make_card(1, "1000.00")
    untaken = await book(paying_client, world, card, hours_ahead=1)
    taken = await book(paying_client, world, card, hours_ahead=1)
    later = await book(paying_client, world, card, hours_ahead=5)
    grab = await paying_client.post(f"/partner/escort/orders/{taken['id']}/grab",
                                    headers=escort_headers(world.escorts[0]["id"]))
    assert grab.status_code == 200
    assert await card_balance(card) == Decimal("400.00")

    fake_now = datetime.now(UTC) + timedelta(hours=2)
    settings = EscortSettings()
    workers = [Database(settings.database_url, pool_size=2) for _ in range(2)]
    ledgers = [CardsLedger.connect("escort", suite(), transport=httpx.ASGITransport(app=cards_app)) for _ in range(2)]
    stop = asyncio.Event()
    loops = [
        asyncio.create_task(scheduler_loop(db, [sweep_orders_job(ledger)], stop, clock=lambda: fake_now,
                                           tick_seconds=0.05, owner=f"worker-{index}"))
        for index, (db, ledger) in enumerate(zip(workers, ledgers, strict=True))
    ]
    try:
        await asyncio.sleep(1.0)
    finally:
        stop.set()
        await asyncio.gather(*loops)
        for ledger in ledgers:
            await ledger.aclose()
    try:
        async with workers[0].sessions() as session:
            statuses = dict((await session.execute(text("SELECT id, status FROM orders"))).all())
            runs = (await session.execute(text("SELECT runs FROM scheduled_jobs WHERE name = 'escort.sweep_orders'")
                                          )).scalar()
            cancels = (await session.execute(text(
                "SELECT count(*) FROM order_transitions WHERE order_id = :id AND to_status = 'cancelled'"),
                {"id": untaken["id"]})).scalar()
    finally:
        for db in workers:
            await db.dispose()
    assert statuses == {untaken["id"]: "refunded", taken["id"]: "accepted", later["id"]: "waiting"}
    assert runs == 1 and cancels == 1
    assert await ledger_kinds(untaken["order_no"]) == ["debit", "refund"]
    assert await card_balance(card) == Decimal("600.00")


async def test_a_stale_unpaid_row_is_dropped_when_nothing_was_debited(
    paying_client: httpx.AsyncClient, cards_app: FastAPI
) -> None:
    """A crash between the 待支付 row and the debit: cards says debit_not_found, so no order remains."""
    world = await build_world(paying_client)
    settings = EscortSettings()
    db = Database(settings.database_url, pool_size=1)
    ledger = CardsLedger.connect("escort", suite(), transport=httpx.ASGITransport(app=cards_app))
    try:
        async with db.sessions() as session:
            await session.execute(text(
                """
                INSERT INTO orders (status, member_id, product_id, product_name, service_type, hospital_id,
                                    hospital_name, appointment_at, patient_name, patient_phone, patient_id_number,
                                    sale_amount, escort_share, platform_share, service_code, created_at)
                VALUES ('pending_payment', 1, :p, '全程陪诊', 'full', :h, '医院', now() + interval '1 day', '张三',
                        '13900001111', '360102195001011234', 200, 140, 60, '123456', now() - interval '10 minutes')
                """), {"p": world.product["id"], "h": world.hospital["id"]})
            await session.commit()
        from escort.orders.service import sweep

        result = await sweep(db, ledger, datetime.now(UTC))
        assert result["unpaid_dropped"] == 1
        async with db.sessions() as session:
            assert (await session.execute(text("SELECT count(*) FROM orders"))).scalar() == 0
    finally:
        await ledger.aclose()
        await db.dispose()
