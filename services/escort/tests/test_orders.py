"""Orders end to end in the escort app with the real cards ledger: booking paid by card (a refused debit
leaves no order), the grab race, the certified-escort rule, service by code, settlement exactly once,
cancellation with one refund, reviews, and another escort's order answering 404."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
from payingkit import MakeCard
from sqlalchemy import text

from escort.settings import EscortSettings
from shared.db import Database

from .conftest import (
    admin_headers,
    book,
    booking,
    build_world,
    escort_headers,
    make_escort,
    member_headers,
    post,
    viewer_headers,
)


async def scalar(sql: str, **params: Any) -> Any:
    db = Database(EscortSettings().database_url, pool_size=1)
    try:
        async with db.sessions() as session:
            return (await session.execute(text(sql), params)).scalar()
    finally:
        await db.dispose()


async def test_booking_pays_by_card_and_a_refused_debit_leaves_no_order(
    paying_client: httpx.AsyncClient, make_card: MakeCard, card_balance: Any, ledger_kinds: Any
) -> None:
    world = await build_world(paying_client)
    card = await make_card(1, "1000.00")
    order = await book(paying_client, world, card)
    assert order["status"] == "waiting" and order["sale_amount"] == "200.00"
    assert len(order["service_code"]) == 6 and order["patient_id_number"] == "360102********1234"
    assert await card_balance(card) == Decimal("800.00")
    assert await ledger_kinds(order["order_no"]) == ["debit"]

    poor = await make_card(2, "50.00")
    refused = await paying_client.post("/app/escort/orders", json=booking(world, poor), headers=member_headers(2))
    assert refused.status_code in (409, 422), refused.text
    assert await scalar("SELECT count(*) FROM orders WHERE member_id = 2") == 0
    assert await card_balance(poor) == Decimal("50.00")
    # Someone else's card is refused the same way.
    stolen = await paying_client.post("/app/escort/orders", json=booking(world, card), headers=member_headers(3))
    assert stolen.status_code in (403, 404, 409, 422), stolen.text
    assert await scalar("SELECT count(*) FROM orders") == 1


async def test_a_retried_booking_with_the_same_key_pays_once(
    paying_client: httpx.AsyncClient, make_card: MakeCard, card_balance: Any
) -> None:
    world = await build_world(paying_client)
    card = await make_card(1, "1000.00")
    body, headers = booking(world, card), member_headers(1) | {"Idempotency-Key": "book-1"}
    answers = await asyncio.gather(*(paying_client.post("/app/escort/orders", json=body, headers=headers)
                                     for _ in range(5)))
    codes = sorted(a.status_code for a in answers)
    assert codes.count(201) == 1 and set(codes) <= {200, 201, 409}, [a.text for a in answers]
    assert await scalar("SELECT count(*) FROM orders") == 1
    assert await card_balance(card) == Decimal("800.00")


async def test_bad_bookings_are_refused_and_take_nothing(
    paying_client: httpx.AsyncClient, make_card: MakeCard, card_balance: Any
) -> None:
    world = await build_world(paying_client)
    card = await make_card(1, "1000.00")
    bad = [
        {"appointment_at": "2020-01-01T09:00:00+08:00"},
        {"appointment_at": "2030-01-01T09:00"},
        {"product_id": 999999},
        {"product_id": 999999, "hospital_id": 999999},
        {"hospital_id": 999999},
        {"hospital_id": 99999999999999999999},
        {"department": "不存在的科"},
        {"patient_id_number": "12345"},
        {"patient_phone": "12"},
        {"patient_name": "\u0007"},
        {"card_no": None},
    ]
    for override in bad:
        response = await paying_client.post("/app/escort/orders", json=booking(world, card) | override,
                                            headers=member_headers(1))
        assert response.status_code == 422, (override, response.text)
        if "product_id" in override or "hospital_id" in override:  # which of the two was missing
            field = "product_id" if "product_id" in override else "hospital_id"
            assert [e["field"] for e in response.json()["errors"]] == [field], response.text
    assert await scalar("SELECT count(*) FROM orders") == 0
    assert await card_balance(card) == Decimal("1000.00")


async def test_twenty_escorts_grab_one_order_and_exactly_one_wins(
    paying_client: httpx.AsyncClient, make_card: MakeCard
) -> None:
    world = await build_world(paying_client, escorts=20)
    order = await book(paying_client, world, await make_card(1))
    answers = await asyncio.gather(*(paying_client.post(f"/partner/escort/orders/{order['id']}/grab",
                                                        headers=escort_headers(e["id"])) for e in world.escorts))
    codes = [a.status_code for a in answers]
    assert codes.count(200) == 1 and codes.count(409) == 19, codes
    winner = world.escorts[codes.index(200)]
    assert await scalar("SELECT escort_id FROM orders WHERE id = :id", id=order["id"]) == winner["id"]
    assert await scalar("SELECT count(*) FROM order_transitions WHERE order_id = :id AND to_status = 'accepted'",
                        id=order["id"]) == 1


async def test_only_certified_escorts_with_valid_certificates_see_and_take_orders(
    paying_client: httpx.AsyncClient, make_card: MakeCard
) -> None:
    world = await build_world(paying_client, escorts=1)
    hospital_ids = [world.hospital["id"]]
    pending = await make_escort(paying_client, 50, hospital_ids, certify=False)
    expired = await make_escort(paying_client, 51, hospital_ids, expires_on=date.today() - timedelta(days=1))
    disabled = await make_escort(paying_client, 52, hospital_ids)
    await post(paying_client, f"/api/escort/escorts/{disabled['id']}/review", {"action": "disable"}, expect=200)
    elsewhere = await make_escort(paying_client, 53, [world.other_hospital["id"]])
    order = await book(paying_client, world, await make_card(1))

    for escort in (pending, expired, disabled):
        headers = escort_headers(escort["id"])
        assert (await paying_client.get("/partner/escort/orders/available", headers=headers)).status_code == 403
        grab = await paying_client.post(f"/partner/escort/orders/{order['id']}/grab", headers=headers)
        assert grab.status_code == 403 and grab.json()["code"] == "not_certified"
    # A certified escort of another hospital neither sees the order nor can take it.
    other = escort_headers(elsewhere["id"])
    assert (await paying_client.get("/partner/escort/orders/available", headers=other)).json()["total"] == 0
    assert (await paying_client.post(f"/partner/escort/orders/{order['id']}/grab", headers=other)).status_code == 404
    # A key bound to no escort record is refused.
    assert (await paying_client.get("/partner/escort/me", headers=escort_headers(999999))).status_code == 403
    mine = escort_headers(world.escorts[0]["id"])
    pool = (await paying_client.get("/partner/escort/orders/available", headers=mine)).json()
    assert [o["id"] for o in pool["data_list"]] == [order["id"]]
    assert pool["data_list"][0]["patient_phone"] == "139****1111"
    assert "service_code" not in pool["data_list"][0]
    assert await scalar("SELECT status FROM orders WHERE id = :id", id=order["id"]) == "waiting"


async def test_service_by_code_settles_once_and_credits_the_escort(
    paying_client: httpx.AsyncClient, make_card: MakeCard
) -> None:
    world = await build_world(paying_client, escorts=2)
    order = await book(paying_client, world, await make_card(1))
    escort, other = escort_headers(world.escorts[0]["id"]), escort_headers(world.escorts[1]["id"])
    oid = order["id"]
    assert (await paying_client.post(f"/partner/escort/orders/{oid}/grab", headers=escort)).status_code == 200
    # Another escort's order does not exist for him.
    for path in (f"/partner/escort/orders/{oid}", f"/partner/escort/orders/{oid}/finish"):
        response = await (paying_client.get(path, headers=other) if path.endswith(str(oid))
                          else paying_client.post(path, headers=other))
        assert response.status_code == 404
    wrong = "000000" if order["service_code"] != "000000" else "111111"
    refused = await paying_client.post(f"/partner/escort/orders/{oid}/start", json={"code": wrong}, headers=escort)
    assert refused.status_code == 422 and refused.json()["code"] == "wrong_service_code"
    assert await scalar("SELECT status FROM orders WHERE id = :id", id=oid) == "accepted"
    early = await paying_client.post(f"/partner/escort/orders/{oid}/finish", headers=escort)
    assert early.status_code == 409
    started = await paying_client.post(f"/partner/escort/orders/{oid}/start", json={"code": order["service_code"]},
                                       headers=escort)
    assert started.status_code == 200 and started.json()["status"] == "in_service"
    # Cancelling once the service started is refused.
    late = await paying_client.post(f"/app/escort/orders/{oid}/cancel", json={}, headers=member_headers(1))
    assert late.status_code == 409

    finishes = await asyncio.gather(*(paying_client.post(f"/partner/escort/orders/{oid}/finish", headers=escort)
                                      for _ in range(5)))
    assert all(f.status_code == 200 and f.json()["status"] == "completed" for f in finishes)
    assert await scalar("SELECT count(*) FROM escort_ledger WHERE order_id = :id", id=oid) == 1
    assert await scalar("SELECT count(*) FROM outbox WHERE routing_key = 'escort.OrderSettled'") == 1
    earnings = (await paying_client.get("/partner/escort/earnings", headers=escort)).json()
    assert (earnings["balance"], earnings["total_earned"]) == ("140.00", "140.00")
    assert earnings["ledger"]["data_list"][0]["kind"] == "earning"
    body = await scalar("SELECT convert_from(body, 'UTF8') FROM outbox WHERE routing_key = 'escort.OrderSettled'")
    assert '"settlement_amount":"140.00"' in body and '"sale_amount":"200.00"' in body

    # The member rates once; the escort's rating follows.
    rated = await paying_client.post(f"/app/escort/orders/{oid}/review", json={"rating": 4, "content": "耐心"},
                                     headers=member_headers(1))
    assert rated.status_code == 200 and rated.json()["rating"] == 4
    again = await paying_client.post(f"/app/escort/orders/{oid}/review", json={"rating": 5},
                                     headers=member_headers(1))
    assert again.status_code == 409
    profile = (await paying_client.get("/partner/escort/me", headers=escort)).json()
    assert (profile["rating"], profile["rating_count"], profile["order_count"]) == ("4.0", 1, 1)


async def test_cancel_twice_and_cancel_racing_a_grab_refund_once(
    paying_client: httpx.AsyncClient, make_card: MakeCard, card_balance: Any, ledger_kinds: Any
) -> None:
    world = await build_world(paying_client, escorts=3)
    card = await make_card(1, "1000.00")
    member = member_headers(1)
    first = await book(paying_client, world, card)
    answers = await asyncio.gather(*(paying_client.post(f"/app/escort/orders/{first['id']}/cancel", json={},
                                                        headers=member) for _ in range(4)))
    assert all(a.status_code == 200 and a.json()["status"] == "refunded" for a in answers), [a.text for a in answers]
    assert await ledger_kinds(first["order_no"]) == ["debit", "refund"]

    for _ in range(3):
        order = await book(paying_client, world, card)
        grabs = [paying_client.post(f"/partner/escort/orders/{order['id']}/grab", headers=escort_headers(e["id"]))
                 for e in world.escorts]
        cancels = [paying_client.post(f"/app/escort/orders/{order['id']}/cancel", json={}, headers=member)
                   for _ in range(2)]
        results = await asyncio.gather(*grabs, *cancels)
        assert all(r.status_code in (200, 409) for r in results), [r.text for r in results]
        assert await scalar("SELECT status FROM orders WHERE id = :id", id=order["id"]) == "refunded"
        assert await ledger_kinds(order["order_no"]) == ["debit", "refund"]
        assert await scalar("SELECT count(*) FROM order_transitions WHERE order_id = :id AND to_status = 'cancelled'",
                            id=order["id"]) == 1
    assert await card_balance(card) == Decimal("1000.00")
    assert await scalar("SELECT count(*) FROM outbox WHERE routing_key = 'escort.OrderSettled'") == 0


async def test_give_back_returns_the_order_to_the_pool_and_admin_can_assign(
    paying_client: httpx.AsyncClient, make_card: MakeCard
) -> None:
    world = await build_world(paying_client, escorts=2)
    order = await book(paying_client, world, await make_card(1))
    first, second = (escort_headers(e["id"]) for e in world.escorts)
    assert (await paying_client.post(f"/partner/escort/orders/{order['id']}/grab", headers=first)).status_code == 200
    back = await paying_client.post(f"/partner/escort/orders/{order['id']}/give-back", json={"reason": "临时有事"},
                                    headers=first)
    assert back.status_code == 200 and back.json()["status"] == "waiting" and back.json()["escort_id"] is None
    assert (await paying_client.get("/partner/escort/orders/available", headers=second)).json()["total"] == 1
    assigned = await paying_client.post(f"/api/escort/orders/{order['id']}/assign",
                                        json={"escort_id": world.escorts[1]["id"]}, headers=admin_headers())
    assert assigned.status_code == 200 and assigned.json()["escort_name"] == world.escorts[1]["name"]
    again = await paying_client.post(f"/api/escort/orders/{order['id']}/assign",
                                     json={"escort_id": world.escorts[0]["id"]}, headers=admin_headers())
    assert again.status_code == 409
    detail = (await paying_client.get(f"/api/escort/orders/{order['id']}", headers=admin_headers())).json()
    assert [t["to_status"] for t in detail["transitions"]] == ["waiting", "accepted", "waiting", "accepted"]


async def test_id_numbers_are_masked_for_roles_without_the_right(
    paying_client: httpx.AsyncClient, make_card: MakeCard
) -> None:
    world = await build_world(paying_client, escorts=1)
    await book(paying_client, world, await make_card(1))
    escort_id_number = world.escorts[0]["id_number"]
    for path in ("/api/escort/escorts", "/api/escort/orders"):
        full = (await paying_client.get(path, headers=admin_headers())).text
        masked = (await paying_client.get(path, headers=viewer_headers())).text
        assert escort_id_number in full or "360102195001011234" in full
        assert escort_id_number not in masked and "360102195001011234" not in masked
        export = await paying_client.get(f"{path}/export", headers=viewer_headers())
        assert export.status_code == 200
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(export.content)) as book_file:
            xml = "".join(book_file.read(n).decode() for n in book_file.namelist() if n.endswith(".xml"))
        assert escort_id_number not in xml and "360102195001011234" not in xml
        assert "********" in xml


async def test_order_list_filters_by_order_date_and_appointment_day(
    paying_client: httpx.AsyncClient, make_card: MakeCard
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    world = await build_world(paying_client)
    card = await make_card(1)
    await book(paying_client, world, card, hours_ahead=30)
    await book(paying_client, world, card, hours_ahead=24 * 5)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()

    async def total(**params: str) -> int:
        response = await paying_client.get("/api/escort/orders", params=params, headers=admin_headers())
        assert response.status_code == 200, response.text
        return response.json()["total"]

    assert await total(date_from=str(today), date_to=str(today)) == 2
    assert await total(date_from=str(today + timedelta(days=1))) == 0
    assert await total(day_from=str(today + timedelta(days=3))) == 1
    assert await total(status="waiting", keyword="张三") == 2
    bad = await paying_client.get("/api/escort/orders", params={"date_from": "0"}, headers=admin_headers())
    assert bad.status_code == 422
    unknown = await paying_client.get("/api/escort/orders", params={"created_from": str(today)},
                                      headers=admin_headers())
    assert unknown.status_code == 422
