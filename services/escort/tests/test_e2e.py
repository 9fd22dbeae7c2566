"""The whole escort story through the gateway and the real broker: the admin sets up a hospital, a product,
a withdrawal method and a certified escort with a partner key; a member books and pays by card; the escort
grabs, starts with the member's code and finishes; his earnings are credited; he withdraws and the admin
pays; the card-consumption report shows the spending and 陪诊结算报表 the order (sale, escort share, platform
share), and a redelivered escort.OrderSettled still counts once.
Gateway, escort, cards and reports run in process; their workers relay and consume under a prefix of this
test's own."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import aio_pika
import httpx
from sqlalchemy import delete, text

from cards.handlers import handlers as cards_handlers
from cards.main import create_app as create_cards
from cards.settings import CardsSettings
from escort.handlers import handlers as escort_handlers
from escort.main import create_app as create_escort
from escort.settings import EscortSettings
from gateway.auth.passwords import Passwords
from gateway.demo import load_demo
from gateway.main import create_app as create_gateway
from gateway.settings import GatewaySettings
from reports.handlers import handlers as reports_handlers
from reports.main import create_app as create_reports
from reports.settings import ReportsSettings
from shared.bus.topology import BusNames, delete_topology
from shared.bus.worker import serve_worker
from shared.db import Database
from shared.events.envelope import Envelope
from shared.testing import client_for, running, truncate_all, wait_for

ID_NUMBER = "360102198001011234"


async def _fresh_gateway(settings: GatewaySettings) -> None:
    from gateway.models import Base

    db = Database(settings.database_url, pool_size=1)
    try:
        async with db.engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                if table.name != "alembic_version":
                    await conn.execute(delete(table))
        async with db.sessions() as session:
            await load_demo(session, Passwords(settings), "admin123")
    finally:
        await db.dispose()


async def _card(cards_db: Database, member_id: int) -> str:
    from cards.cards.models import Card
    from cards.numbers import FIRST_SEQ, card_no

    now = datetime.now(UTC)
    seq = FIRST_SEQ + 7
    async with cards_db.sessions() as session:
        session.add(Card(
            id=seq, card_no=card_no(seq), making_batch_id=1, status="activated", use_status="charged",
            face_value=Decimal("1000.00"), balance=Decimal("1000.00"), red_packet_amount=Decimal("0"),
            red_packet_balance=Decimal("0"), red_packet_expires_at=now, member_id=member_id,
            member_phone="13912345678", bound_at=now, activated_at=now, valid_from=now - timedelta(days=1),
            valid_until=now + timedelta(days=365), effective_until=now + timedelta(days=365)))
        await session.commit()
    return card_no(seq)


async def test_member_books_escort_serves_and_withdraws_and_reports_see_it(redis_client: Any) -> None:
    gateway_settings = GatewaySettings(argon2_time_cost=1, argon2_memory_cost=1024, argon2_parallelism=1,
                                       openapi_cache_seconds=0, audit_flush_interval=0.05)
    escort_settings, cards_settings, reports_settings = EscortSettings(), CardsSettings(), ReportsSettings()
    await _fresh_gateway(gateway_settings)
    for settings in (escort_settings, cards_settings, reports_settings):
        await truncate_all(settings.database_url)
    cards_db = Database(cards_settings.database_url, pool_size=2)
    prefix = f"esc{uuid.uuid4().hex[:8]}."
    stop = asyncio.Event()
    workers = [
        asyncio.create_task(serve_worker(settings, handlers, [], stop, bus_prefix=prefix,
                                         relay_options={"poll_seconds": 0.2}))
        for settings, handlers in ((escort_settings, escort_handlers), (cards_settings, cards_handlers),
                                   (reports_settings, reports_handlers))
    ]
    try:
        async with AsyncExitStack() as stack:
            cards = await stack.enter_async_context(running(create_cards(cards_settings)))
            escort = await stack.enter_async_context(running(create_escort(
                escort_settings, cards_transport=httpx.ASGITransport(app=cards))))
            reports = await stack.enter_async_context(running(create_reports(reports_settings)))
            gateway = create_gateway(gateway_settings, transports={
                name: httpx.ASGITransport(app=app)
                for name, app in (("escort", escort), ("cards", cards), ("reports", reports))})
            http = await stack.enter_async_context(client_for(gateway))
            admin = await _story(http, cards_db)
            await _settlement_report_counts_the_order_once(http, admin, reports_settings, prefix)
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*workers), timeout=20)
        await cards_db.dispose()
        await delete_topology(cards_settings.suite.amqp_url, prefix)
    reports_db = Database(reports_settings.database_url, pool_size=1)
    try:
        async with reports_db.sessions() as session:
            settled = (await session.execute(text(
                "SELECT payload FROM event_store WHERE event_type = 'escort.OrderSettled' "
                "AND payload->>'order_no' <> 'E2E-SECOND'"))).scalars().all()
    finally:
        await reports_db.dispose()
    assert len(settled) == 1
    assert (settled[0]["sale_amount"], settled[0]["settlement_amount"]) == ("298.00", "208.60")
    assert settled[0]["lines"][0]["hospital_name"] == "江西省人民医院"


async def _story(http: httpx.AsyncClient, cards_db: Database) -> dict[str, str]:
    login = await http.post("/api/auth/login", json={"username": "admin", "password": "admin123"})
    assert login.status_code == 200, login.text
    admin = {"authorization": f"Bearer {login.json()['access_token']}"}

    async def call(method: str, path: str, headers: dict[str, str], body: Any = None, expect: int = 200) -> Any:
        response = await http.request(method, path, json=body, headers=headers)
        assert response.status_code == expect, (path, response.text)
        return response.json()

    hospital = await call("POST", "/api/escort/hospitals", admin, {"name": "江西省人民医院", "level": "三甲",
                                                                   "departments": ["心血管内科"]}, 201)
    product = await call("POST", "/api/escort/products", admin, {
        "name": "全程陪诊", "service_type": "full", "price": "298.00", "share_value": "0.70"}, 201)
    item = await call("POST", "/api/escort/withdrawal-items", admin, {
        "name": "银行卡", "method": "bank", "min_amount": "100.00", "fee_fixed": "2.00"}, 201)
    person = await call("POST", "/api/escort/escorts", admin, {
        "name": "李秀兰", "phone": "13707910001", "id_number": ID_NUMBER, "hospital_ids": [hospital["id"]],
        "certificates": [{"name": "陪诊服务资格证", "expires_on": str(datetime.now(UTC).date() + timedelta(days=90))}]},
        201)
    await call("POST", f"/api/escort/escorts/{person['id']}/review", admin, {"action": "certify"})
    key = await call("POST", "/api/system/api-keys", admin, {
        "name": "李秀兰", "partner_type": "escort", "partner_id": person["id"]}, 201)
    escort = {"x-api-key": key["key"]}

    registered = await call("POST", "/app/auth/register", {}, {
        "phone": "13912345678", "password": "member-pass-1", "name": "王会员"}, 201)
    member = {"authorization": f"Bearer {registered['access_token']}"}
    me = await call("GET", "/app/auth/me", member)
    card_no = await _card(cards_db, int(me["id"]))

    order = await call("POST", "/app/escort/orders", member | {"Idempotency-Key": "e2e-1"}, {
        "product_id": product["id"], "hospital_id": hospital["id"], "department": "心血管内科",
        "appointment_at": (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=1)).isoformat(),
        "patient_name": "王父", "patient_phone": "13900001111", "patient_id_number": "360102195001011234",
        "card_no": card_no}, 201)
    pool = await call("GET", "/partner/escort/orders/available", escort)
    assert [o["id"] for o in pool["data_list"]] == [order["id"]]
    await call("POST", f"/partner/escort/orders/{order['id']}/grab", escort)
    await call("POST", f"/partner/escort/orders/{order['id']}/start", escort, {"code": order["service_code"]})
    done = await call("POST", f"/partner/escort/orders/{order['id']}/finish", escort)
    assert done["status"] == "completed"
    earnings = await call("GET", "/partner/escort/earnings", escort)
    assert earnings["balance"] == "208.60"

    withdrawal = await call("POST", "/partner/escort/withdrawals", escort, {
        "item_id": item["id"], "amount": "200.00", "account_name": "李秀兰", "account_no": "6222020000001234"}, 201)
    await call("POST", f"/api/escort/withdrawals/{withdrawal['id']}/review", admin, {"action": "approve"})
    paid = await call("POST", f"/api/escort/withdrawals/{withdrawal['id']}/pay", admin, {"reference": "BANK0001"})
    assert (paid["status"], paid["net_amount"]) == ("paid", "198.00")
    after = await call("GET", "/partner/escort/earnings", escort)
    assert (after["balance"], after["held"]) == ("8.60", "0.00")
    admin_view = await call("GET", f"/api/escort/orders/{order['id']}", admin)
    assert [t["to_status"] for t in admin_view["transitions"]] == ["waiting", "accepted", "in_service", "completed"]

    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    window = {"date_from": str(today - timedelta(days=1)), "date_to": str(today + timedelta(days=1))}

    async def consumed() -> Any:
        response = await http.get("/api/reports/card-consumption", params=window, headers=admin)
        assert response.status_code == 200, response.text
        totals = response.json()["totals"]
        return totals if totals["consumed"] == "298.00" else None

    await wait_for(consumed, timeout=30)
    return admin


def _window() -> dict[str, str]:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    return {"date_from": str(today - timedelta(days=1)), "date_to": str(today + timedelta(days=1)),
            "granularity": "all", "with_options": "0"}


async def _escort_report(http: httpx.AsyncClient, admin: dict[str, str]) -> Any:
    response = await http.get("/api/reports/escort-settlement", params=_window(), headers=admin)
    assert response.status_code == 200, response.text
    return response.json()


async def _settlement_report_counts_the_order_once(
    http: httpx.AsyncClient, admin: dict[str, str], reports_settings: ReportsSettings, prefix: str
) -> None:
    async def shows_the_order() -> Any:
        body = await _escort_report(http, admin)
        return body if body["total"] == 1 else None

    body = await wait_for(shows_the_order, timeout=30)
    row = body["data_list"][0]
    assert (row["hospital_name"], row["escort_name"], row["orders"]) == ("江西省人民医院", "李秀兰", 1)
    assert (row["sale_amount"], row["escort_share"], row["platform_share"]) == ("298.00", "208.60", "89.40")
    assert body["totals"] == {key: row[key] for key in body["totals"]}

    # The broker delivers escort.OrderSettled again (twice), then one more order settles at the same hospital.
    reports_db = Database(reports_settings.database_url, pool_size=1)
    try:
        async with reports_db.sessions() as session:
            stored = (await session.execute(text(
                "SELECT event_id, event_type, version, producer, occurred_at, correlation_id, payload "
                "FROM event_store WHERE event_type = 'escort.OrderSettled'"))).mappings().one()
    finally:
        await reports_db.dispose()
    settled = Envelope(**stored)
    second = Envelope(producer="escort", event_type=settled.event_type, payload=settled.payload | {
        "order_id": settled.payload["order_id"] + 1000, "order_no": "E2E-SECOND"})
    connection = await aio_pika.connect(reports_settings.suite.amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(BusNames(prefix).exchange)
        for envelope in (settled, settled, second):
            await exchange.publish(aio_pika.Message(envelope.to_bytes(), message_id=str(envelope.event_id),
                                                    type=envelope.event_type), routing_key=envelope.event_type)
    finally:
        await connection.close()

    async def shows_two_orders() -> Any:
        found = await _escort_report(http, admin)
        return found if found["totals"]["orders"] == 2 else None

    found = await wait_for(shows_two_orders, timeout=30)
    assert found["totals"]["sale_amount"] == "596.00"  # the original once and the second order, nothing more
