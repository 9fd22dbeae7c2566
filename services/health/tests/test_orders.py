"""Orders against the real cards ledger (cards app in-process, its own test database)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
from sqlalchemy import func, select, text, update

from health.common import business_today
from health.hospitals.models import Schedule
from health.main import create_app
from health.orders.models import Order
from health.orders.service import reconcile
from shared.db import Database
from shared.ledger import CardsLedger
from shared.testing import client_for

FUTURE = business_today() + timedelta(days=3)


async def open_day(http, admin, hospital_id: int, day, capacity: int) -> None:  # type: ignore[no-untyped-def]
    r = await http.put(f"/api/health/hospitals/{hospital_id}/schedule",
                       json={"days": [{"day": day.isoformat(), "capacity": capacity}]}, headers=admin)
    assert r.status_code == 200, r.text


def booking(built: dict, card_no: str, day=FUTURE, gender: str = "female", **extra) -> dict:  # type: ignore[no-untyped-def]
    return {"package_id": built["package"]["id"], "hospital_id": built["hospital_a"]["id"], "day": day.isoformat(),
            "gender": gender, "examinee_name": "张三", "examinee_phone": "13911112222", "card_no": card_no} | extra


async def db_state(settings) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(orders, places booked) in the health database."""
    db = Database(settings.database_url, pool_size=1)
    try:
        async with db.sessions() as session:
            orders = await session.scalar(select(func.count()).select_from(Order))
            booked = await session.scalar(select(func.coalesce(func.sum(Schedule.booked), 0)))
            return int(orders or 0), int(booked or 0)
    finally:
        await db.dispose()


async def test_booking_pays_from_the_card_and_is_idempotent(
    paying_client, admin, as_member, catalogue, make_card, ledger_entries, balance_of, health_settings
) -> None:
    built = await catalogue(paying_client)
    await open_day(paying_client, admin, built["hospital_a"]["id"], FUTURE, 5)
    card = await make_card(member_id=7)
    headers = as_member(7, name="王会员", phone="13800000007") | {"Idempotency-Key": "book-1"}
    r = await paying_client.post("/app/health/orders", json=booking(built, card), headers=headers)
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["status"] == "booked" and order["status_label"] == "已预约"
    assert order["sale_amount"] == "220.00" and "settlement_amount" not in order  # female price
    assert order["order_no"].startswith("HO") and order["card_no"] == card and order["member_phone"] == "13800000007"
    assert await balance_of(card) == Decimal("780.00")
    debits = await ledger_entries("debit")
    assert [(d.order_ref, d.amount) for d in debits] == [(f"health:{order['order_no']}", Decimal("-220.00"))]

    again = await paying_client.post("/app/health/orders", json=booking(built, card), headers=headers)
    assert again.status_code == 200 and again.json()["id"] == order["id"]
    other_body = await paying_client.post("/app/health/orders", json=booking(built, card, gender="male"),
                                          headers=headers)
    assert other_body.status_code == 422 and other_body.json()["code"] == "idempotency_key_reused"
    assert len(await ledger_entries("debit")) == 1
    assert await db_state(health_settings) == (1, 1)

    mine = (await paying_client.get("/app/health/orders", headers=as_member(7))).json()
    assert [o["id"] for o in mine["data_list"]] == [order["id"]]
    assert (await paying_client.get(f"/app/health/orders/{order['id']}", headers=as_member(8))).status_code == 404
    admin_view = (await paying_client.get(f"/api/health/orders/{order['id']}", headers=admin)).json()
    assert admin_view["settlement_amount"] == "130.00" and admin_view["balance_part"] == "220.00"


async def test_twenty_concurrent_bookings_for_the_last_place(
    paying_client, admin, as_member, catalogue, make_card, ledger_entries, health_settings
) -> None:
    built = await catalogue(paying_client)
    await open_day(paying_client, admin, built["hospital_a"]["id"], FUTURE, 1)
    cards = [await make_card(member_id=100 + i) for i in range(20)]

    async def attempt(i: int):  # type: ignore[no-untyped-def]
        return await paying_client.post("/app/health/orders", json=booking(built, cards[i]),
                                        headers=as_member(100 + i))

    results = await asyncio.gather(*(attempt(i) for i in range(20)))
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] + [409] * 19, [r.text for r in results if r.status_code not in (201, 409)]
    assert {r.json()["code"] for r in results if r.status_code == 409} == {"fully_booked"}
    assert await db_state(health_settings) == (1, 1)
    assert len(await ledger_entries("debit")) == 1


async def test_refused_payment_leaves_no_order_no_place_no_debit(
    paying_client, admin, as_member, catalogue, make_card, ledger_entries, balance_of, health_settings
) -> None:
    built = await catalogue(paying_client)
    await open_day(paying_client, admin, built["hospital_a"]["id"], FUTURE, 1)
    poor = await make_card(member_id=7, balance="10.00")
    frozen = await make_card(member_id=7, use_status="frozen")
    expired = await make_card(member_id=7, valid_days=-1)
    someone_elses = await make_card(member_id=8)
    cases = [
        (poor, 409, "insufficient_balance"),
        (frozen, 409, "card_not_usable"),
        (expired, 409, "card_not_usable"),
        (someone_elses, 403, "card_not_owned"),
        ("1000000000", 404, "card_not_found"),
    ]
    for card, status, code in cases:
        r = await paying_client.post("/app/health/orders", json=booking(built, card),
                                     headers=as_member(7) | {"Idempotency-Key": f"k-{card}"})
        assert (r.status_code, r.json()["code"]) == (status, code), r.text
        assert await db_state(health_settings) == (0, 0)
    assert await ledger_entries() == []
    assert await balance_of(poor) == Decimal("10.00")
    # The single place was never held: a good card gets it, and the refused key may be retried.
    good = await make_card(member_id=7)
    ok = await paying_client.post("/app/health/orders", json=booking(built, good), headers=as_member(7))
    assert ok.status_code == 201
    assert await db_state(health_settings) == (1, 1)


async def test_booking_bad_input_writes_nothing(paying_client, admin, as_member, catalogue, make_card,
                                                health_settings) -> None:
    built = await catalogue(paying_client)
    await open_day(paying_client, admin, built["hospital_a"]["id"], FUTURE, 3)
    card = await make_card(member_id=7)
    cases = [
        ({"day": (business_today() - timedelta(days=1)).isoformat()}, 422),
        ({"day": (business_today() + timedelta(days=365)).isoformat()}, 422),
        ({"hospital_id": built["hospital_b"]["id"]}, 422),  # the package is not sold there
        ({"package_id": 99999}, 404),
        ({"gender": "other"}, 422),
        ({"examinee_phone": "123"}, 422),
        ({"card_no": None}, 422),
        ({"day": "tomorrow"}, 422),
        ({"unexpected": True}, 422),
    ]
    for change, status in cases:
        r = await paying_client.post("/app/health/orders", json=booking(built, card) | change, headers=as_member(7))
        assert r.status_code == status, (change, r.text)
    # A day without a schedule (or closed) has no place.
    no_day = await paying_client.post("/app/health/orders", json=booking(built, card, day=FUTURE + timedelta(days=1)),
                                      headers=as_member(7))
    assert no_day.status_code == 409 and no_day.json()["code"] == "fully_booked"
    assert await db_state(health_settings) == (0, 0)
    assert (await paying_client.post("/app/health/orders", json=booking(built, card), headers=admin)).status_code == 403


async def test_cancel_twice_refunds_once_and_frees_the_place(
    paying_client, admin, as_member, catalogue, make_card, ledger_entries, balance_of, health_settings
) -> None:
    built = await catalogue(paying_client)
    await open_day(paying_client, admin, built["hospital_a"]["id"], FUTURE, 1)
    card = await make_card(member_id=7)
    order = (await paying_client.post("/app/health/orders", json=booking(built, card), headers=as_member(7))).json()
    assert await balance_of(card) == Decimal("780.00")

    first, second = await asyncio.gather(
        paying_client.post(f"/app/health/orders/{order['id']}/cancel", json={"reason": "临时有事"},
                           headers=as_member(7)),
        paying_client.post(f"/app/health/orders/{order['id']}/cancel", json={}, headers=as_member(7)),
    )
    assert first.status_code == second.status_code == 200, (first.text, second.text)
    third = await paying_client.post(f"/app/health/orders/{order['id']}/cancel", headers=as_member(7))
    assert third.status_code == 200 and third.json()["status"] == "refunded"
    assert len(await ledger_entries("refund")) == 1
    assert await balance_of(card) == Decimal("1000.00")
    assert await db_state(health_settings) == (1, 0)
    # Another member cannot cancel it (404), and the freed place can be booked again.
    stranger = await paying_client.post(f"/app/health/orders/{order['id']}/cancel", headers=as_member(8))
    assert stranger.status_code == 404
    rebook = await paying_client.post("/app/health/orders", json=booking(built, card), headers=as_member(7))
    assert rebook.status_code == 201


async def test_member_cannot_cancel_on_the_day_but_admin_can(
    paying_client, admin, as_member, catalogue, make_card, ledger_entries
) -> None:
    built = await catalogue(paying_client)
    today = business_today()
    await open_day(paying_client, admin, built["hospital_a"]["id"], today, 2)
    card = await make_card(member_id=7)
    order = (await paying_client.post("/app/health/orders", json=booking(built, card, day=today),
                                      headers=as_member(7))).json()
    late = await paying_client.post(f"/app/health/orders/{order['id']}/cancel", headers=as_member(7))
    assert late.status_code == 409 and late.json()["code"] == "too_late_to_cancel"
    by_admin = await paying_client.post(f"/api/health/orders/{order['id']}/cancel", json={"reason": "医院停诊"},
                                        headers=admin)
    assert by_admin.status_code == 200 and by_admin.json()["status"] == "refunded"
    assert by_admin.json()["cancelled_by"] == "staff:体检管理员"
    assert len(await ledger_entries("refund")) == 1


async def test_check_in_and_complete_twice_settles_once(
    paying_client, admin, as_member, as_partner, catalogue, make_card, health_settings
) -> None:
    built = await catalogue(paying_client)
    today = business_today()
    hospital_id = built["hospital_a"]["id"]
    await open_day(paying_client, admin, hospital_id, today, 2)
    await open_day(paying_client, admin, hospital_id, FUTURE, 2)
    card = await make_card(member_id=7)
    order = (await paying_client.post("/app/health/orders", json=booking(built, card, day=today, gender="male"),
                                      headers=as_member(7, name="王会员"))).json()
    later = (await paying_client.post("/app/health/orders", json=booking(built, card), headers=as_member(7))).json()
    hospital = as_partner(hospital_id)
    early = await paying_client.post(f"/partner/health/orders/{later['id']}/check-in", headers=hospital)
    assert early.status_code == 409 and early.json()["code"] == "not_checkin_day"
    not_yet = await paying_client.post(f"/partner/health/orders/{order['id']}/complete", headers=hospital)
    assert not_yet.status_code == 409 and not_yet.json()["code"] == "invalid_status_transition"

    todays = (await paying_client.get("/partner/health/orders", headers=hospital)).json()
    assert [o["id"] for o in todays["data_list"]] == [order["id"]]
    assert "card_no" not in todays["data_list"][0] and todays["data_list"][0]["examinee_name"] == "张三"
    checked = await paying_client.post(f"/partner/health/orders/{order['id']}/check-in", headers=hospital)
    assert checked.status_code == 200 and checked.json()["status"] == "checked_in"
    results = await asyncio.gather(*(
        paying_client.post(f"/partner/health/orders/{order['id']}/complete", headers=hospital) for _ in range(3)
    ))
    assert {r.status_code for r in results} == {200}
    assert {r.json()["status"] for r in results} == {"completed"}
    # Cancelling a completed order is refused.
    refused = await paying_client.post(f"/api/health/orders/{order['id']}/cancel", json={}, headers=admin)
    assert refused.status_code == 409

    db = Database(health_settings.database_url, pool_size=1)
    async with db.sessions() as session:
        rows = (await session.execute(text(
            "SELECT routing_key, body FROM outbox WHERE routing_key = 'health.OrderSettled'"))).all()
    await db.dispose()
    assert len(rows) == 1
    envelope = json.loads(rows[0].body)
    payload = envelope["payload"]
    assert envelope["event_type"] == "health.OrderSettled" and payload["context"] == "health"
    assert payload["order_no"] == order["order_no"] and payload["member_name"] == "王会员"
    assert payload["card_no"] == card and payload["sale_amount"] == "180.00"
    assert payload["settlement_amount"] == "110.00"  # male: 血常规 60 + 前列腺彩超 50
    line = payload["lines"][0]
    assert line["kind"] == "health" and line["hospital_id"] == hospital_id
    assert line["brand_name"] == "美年大健康体检中心" and line["package_name"] == "基础体检套餐"


async def test_partner_sees_only_its_own_hospital(
    paying_client, admin, as_member, as_partner, catalogue, make_card
) -> None:
    built = await catalogue(paying_client)
    today = business_today()
    a, b = built["hospital_a"]["id"], built["hospital_b"]["id"]
    await open_day(paying_client, admin, a, today, 2)
    card = await make_card(member_id=7)
    order = (await paying_client.post("/app/health/orders", json=booking(built, card, day=today),
                                      headers=as_member(7))).json()
    other = as_partner(b)
    assert (await paying_client.get("/partner/health/orders", headers=other)).json()["total"] == 0
    assert (await paying_client.get(f"/partner/health/orders?day={today.isoformat()}",
                                    headers=other)).json()["total"] == 0
    for method, path in (
        ("GET", f"/partner/health/orders/{order['id']}"),
        ("POST", f"/partner/health/orders/{order['id']}/check-in"),
        ("POST", f"/partner/health/orders/{order['id']}/complete"),
    ):
        r = await paying_client.request(method, path, headers=other)
        assert r.status_code == 404, (path, r.text)
    assert (await paying_client.get(f"/partner/health/orders/{order['id']}", headers=as_partner(a))).status_code == 200
    # An escort's key, a member or staff cannot use the hospital partner API; a partner key gets nothing admin.
    from shared.testing import bearer, partner

    escort = bearer(partner("escort", a), "health")
    assert (await paying_client.get("/partner/health/orders", headers=escort)).status_code == 403
    assert (await paying_client.get("/partner/health/orders", headers=as_member(7))).status_code == 403
    assert (await paying_client.get("/partner/health/orders", headers=admin)).status_code == 403
    assert (await paying_client.get("/api/health/orders", headers=as_partner(a))).status_code == 403
    assert (await paying_client.get(f"/api/health/orders/{order['id']}", headers=as_partner(a))).status_code == 403
    # A hospital key bound to no hospital is refused on every partner route, before it reads anything.
    from shared.identity import Identity

    unbound = bearer(Identity(kind="partner", id=2, name="hospital-none", partner_type="hospital"), "health")
    for method, path in (
        ("GET", "/partner/health/orders"),
        ("GET", f"/partner/health/orders/{order['id']}"),
        ("POST", f"/partner/health/orders/{order['id']}/check-in"),
        ("POST", f"/partner/health/orders/{order['id']}/complete"),
    ):
        r = await paying_client.request(method, path, headers=unbound)
        assert r.status_code == 403 and "该密钥未绑定医院" in r.text, (path, r.text)


async def test_admin_order_list_filters_and_export(
    paying_client, admin, as_member, catalogue, make_card
) -> None:
    built = await catalogue(paying_client)
    await open_day(paying_client, admin, built["hospital_a"]["id"], FUTURE, 5)
    card_1, card_2 = await make_card(member_id=7), await make_card(member_id=8)
    first = (await paying_client.post("/app/health/orders", json=booking(built, card_1),
                                      headers=as_member(7, phone="13800000007"))).json()
    await paying_client.post("/app/health/orders", json=booking(built, card_2, examinee_phone="13955556666"),
                             headers=as_member(8, phone="13800000008"))
    await paying_client.post(f"/api/health/orders/{first['id']}/cancel", json={}, headers=admin)

    async def ids(query: str) -> list[int]:
        r = await paying_client.get(f"/api/health/orders?{query}", headers=admin)
        assert r.status_code == 200, r.text
        return [o["id"] for o in r.json()["data_list"]]

    assert len(await ids("")) == 2
    assert await ids("status=refunded") == [first["id"]]
    assert await ids(f"card_no={card_1}") == [first["id"]]
    assert len(await ids("phone=13955556666")) == 1
    assert await ids("phone=13800000007") == [first["id"]]
    assert len(await ids(f"hospital_id={built['hospital_a']['id']}&brand_id={built['brand']['id']}")) == 2
    assert await ids(f"hospital_id={built['hospital_b']['id']}") == []
    assert len(await ids(f"day_from={FUTURE.isoformat()}&day_to={FUTURE.isoformat()}")) == 2
    assert await ids(f"day_from={(FUTURE + timedelta(days=1)).isoformat()}") == []
    assert await ids(f"order_no={first['order_no']}") == [first["id"]]
    reversed_days = await paying_client.get(
        f"/api/health/orders?day_from={FUTURE.isoformat()}&day_to={business_today().isoformat()}", headers=admin)
    assert reversed_days.status_code == 422
    assert (await paying_client.get("/api/health/orders?status=lost", headers=admin)).status_code == 422
    listing = (await paying_client.get("/api/health/orders", headers=admin)).json()
    assert {"label": "已退款", "value": "refunded"} in listing["status_list"]
    export = await paying_client.get("/api/health/orders/export?status=booked", headers=admin)
    assert export.status_code == 200 and export.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


async def test_reconciliation_settles_unconfirmed_payments_and_pending_refunds(
    paying_client, admin, as_member, catalogue, make_card, ledger_entries, balance_of, health_settings, cards_app
) -> None:
    """A crash left (1) a 待支付 order whose debit never happened, (2) a 待支付 order whose debit did, and
    (3) a 已取消 order whose refund was never made. One reconciliation run settles all three."""
    built = await catalogue(paying_client)
    await open_day(paying_client, admin, built["hospital_a"]["id"], FUTURE, 10)
    card = await make_card(member_id=7)
    orders = []
    for _ in range(3):
        r = await paying_client.post("/app/health/orders", json=booking(built, card), headers=as_member(7))
        orders.append(r.json())
    assert await balance_of(card) == Decimal("340.00")
    db = Database(health_settings.database_url, pool_size=2)
    ledger = CardsLedger.connect("health", health_settings.suite, transport=httpx.ASGITransport(app=cards_app))
    long_ago = datetime.now(UTC) - timedelta(minutes=10)
    async with db.sessions() as session:
        # (2) the debit happened, the confirmation was lost: the row is still 待支付.
        await session.execute(update(Order).where(Order.id == orders[1]["id"]).values(
            status="pending_payment", created_at=long_ago))
        # (3) cancelled (the place went back in the same transaction), the credit call never made it.
        await session.execute(update(Order).where(Order.id == orders[2]["id"]).values(
            status="cancelled", cancelled_at=long_ago))
        await session.execute(update(Schedule).values(booked=Schedule.booked - 1))
        # (1) a 待支付 row cards never heard of (the process died before the debit call).
        never_paid = Order(status="pending_payment", member_id=7, examinee_name="李四", examinee_phone="13900000000",
                           gender="male", card_no=card, package_id=built["package"]["id"], package_name="基础体检套餐",
                           hospital_id=built["hospital_a"]["id"], hospital_name="美年大健康（红谷滩）",
                           brand_id=built["brand"]["id"], brand_name="美年大健康体检中心", day=FUTURE,
                           sale_amount=Decimal("180.00"), settlement_amount=Decimal("110.00"), created_at=long_ago)
        session.add(never_paid)
        await session.execute(update(Schedule).values(booked=Schedule.booked + 1))
        await session.commit()
    assert await db_state(health_settings) == (4, 3)

    result = await reconcile(db, ledger, datetime.now(UTC))
    assert result == {"unpaid_dropped": 1, "unpaid_refunded": 1, "refunds_made": 1, "left_for_later": 0}
    # A second run finds nothing left to do.
    assert (await reconcile(db, ledger, datetime.now(UTC))) == {
        "unpaid_dropped": 0, "unpaid_refunded": 0, "refunds_made": 0, "left_for_later": 0}
    async with db.sessions() as session:
        statuses = dict((await session.execute(select(Order.id, Order.status))).all())
    assert statuses == {orders[0]["id"]: "booked", orders[1]["id"]: "refunded", orders[2]["id"]: "refunded"}
    assert await db_state(health_settings) == (3, 1)
    assert len(await ledger_entries("refund")) == 2
    assert await balance_of(card) == Decimal("780.00")
    await ledger.aclose()
    await db.dispose()


class LostAnswerTransport(httpx.AsyncBaseTransport):
    """Delivers the request to cards, then loses the answer (a timeout after the debit was made)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self.inner.handle_async_request(request)
        raise httpx.ReadTimeout("answer lost", request=request)


async def test_ledger_outages_never_lose_money_or_places(
    health_settings, cards_app, admin, as_member, catalogue, make_card, ledger_entries, balance_of
) -> None:
    from shared.internal import InternalClient
    from shared.settings import SuiteSettings

    app = create_app(health_settings, cards_transport=LostAnswerTransport(httpx.ASGITransport(app=cards_app)))
    async with client_for(app) as http:
        built = await catalogue(http)
        await open_day(http, admin, built["hospital_a"]["id"], FUTURE, 1)
        card = await make_card(member_id=7)
        # The debit is made but its answer is lost: 503, the order waits as 待支付 and holds its place.
        lost = await http.post("/app/health/orders", json=booking(built, card), headers=as_member(7))
        assert lost.status_code == 503 and lost.json()["code"] == "payment_unconfirmed"
        assert await db_state(health_settings) == (1, 1)
        assert await balance_of(card) == Decimal("780.00")

        # cards unreachable (nothing listens there): certainly no debit, so nothing is kept.
        await app.state.cards_ledger.aclose()
        unreachable = SuiteSettings(service_urls={"cards": "http://127.0.0.1:9"})
        app.state.cards_ledger = CardsLedger(InternalClient("health", "cards", unreachable), "health")
        await open_day(http, admin, built["hospital_a"]["id"], FUTURE + timedelta(days=1), 1)
        down = await http.post("/app/health/orders", json=booking(built, card, day=FUTURE + timedelta(days=1)),
                               headers=as_member(7))
        assert down.status_code == 503 and down.json()["code"] == "cards_unavailable"
        assert await db_state(health_settings) == (1, 1)

    # Later, reconciliation asks cards by the order_ref: the debit exists, so it is refunded and the place freed.
    db = Database(health_settings.database_url, pool_size=1)
    ledger = CardsLedger.connect("health", health_settings.suite, transport=httpx.ASGITransport(app=cards_app))
    too_early = await reconcile(db, ledger, datetime.now(UTC))
    assert too_early["unpaid_refunded"] == 0  # younger than PAYMENT_STALE_AFTER: a debit may still be in flight
    result = await reconcile(db, ledger, datetime.now(UTC) + timedelta(minutes=5))
    assert result["unpaid_refunded"] == 1
    await ledger.aclose()
    await db.dispose()
    assert await db_state(health_settings) == (1, 0)
    assert await balance_of(card) == Decimal("1000.00")
    assert len(await ledger_entries("refund")) == 1
