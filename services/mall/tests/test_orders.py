"""Placing orders paid by card (the real cards ledger in-process), stock that is never oversold, cancelling
with the credit back, confirming receipt, and what another member may not see."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from sqlalchemy import text


async def test_buy_now_debits_the_card_and_takes_the_stock(kit, paying_client, catalogue, make_card, cards_app,
                                                           mall_db) -> None:
    built = await catalogue(paying_client)
    card = await make_card(member_id=7, balance="1000.00")
    address = await kit.add_address(paying_client, 7)
    placed = await kit.buy(paying_client, 7, address, card, built["sku"]["id"], 2, remark="工作日送货")
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["status"] == "to_ship" and order["sale_amount"] == "598.00" and order["card_no"] == card
    assert order["address"] == "江西省南昌市红谷滩区丰和中大道 100 号" and "settlement_amount" not in order
    assert await kit.card_balance(cards_app, card) == Decimal("402.00")
    assert await kit.sku_stock(mall_db, built["sku"]["id"]) == (48, 0)
    mine = (await paying_client.get("/app/mall/orders", headers=kit.member(7))).json()
    assert mine["total"] == 1 and mine["data_list"][0]["lines"][0]["goods_name"] == "欧姆龙电子血压计"
    # Another member neither reads nor cancels it.
    stranger = kit.member(8)
    assert (await paying_client.get(f"/app/mall/orders/{order['id']}", headers=stranger)).status_code == 404
    assert (await paying_client.post(f"/app/mall/orders/{order['id']}/cancel", headers=stranger)).status_code == 404
    assert (await paying_client.post(f"/app/mall/orders/{order['id']}/confirm", headers=stranger)).status_code == 404


async def test_order_from_the_cart_empties_those_cart_rows(kit, paying_client, catalogue, make_card, mall_db) -> None:
    built = await catalogue(paying_client)
    card = await make_card(member_id=3)
    address = await kit.add_address(paying_client, 3)
    headers = kit.member(3)
    for sku, quantity in ((built["sku"], 1), (built["cuff_sku"], 2), (built["cuff_sku"], 1)):
        added = await paying_client.post("/app/mall/cart", headers=headers, json={"sku_id": sku["id"],
                                                                                   "quantity": quantity})
        assert added.status_code == 201, added.text
    cart = added.json()
    assert cart["total_quantity"] == 4 and cart["total_amount"] == "478.70"
    placed = await paying_client.post("/app/mall/orders", headers=headers, json={
        "address_id": address, "cart_item_ids": [i["id"] for i in cart["items"]], "card_no": card})
    assert placed.status_code == 201, placed.text
    assert placed.json()["sale_amount"] == "478.70" and placed.json()["quantity"] == 4
    assert (await paying_client.get("/app/mall/cart", headers=headers)).json()["items"] == []
    assert await kit.sku_stock(mall_db, built["cuff_sku"]["id"]) == (97, 0)


async def test_a_refused_debit_leaves_no_order_and_the_stock_unchanged(
    kit, paying_client, catalogue, make_card, cards_app, mall_db
) -> None:
    built = await catalogue(paying_client)
    poor = await make_card(member_id=5, balance="100.00")
    frozen = await make_card(member_id=5, balance="5000.00", status="frozen")
    address = await kit.add_address(paying_client, 5)
    for card in (poor, frozen):
        refused = await kit.buy(paying_client, 5, address, card, built["sku"]["id"], 1)
        assert refused.status_code in (409, 422), refused.text
    assert await kit.sku_stock(mall_db, built["sku"]["id"]) == (50, 0)
    async with mall_db.sessions() as session:
        assert await session.scalar(text("SELECT count(*) FROM orders")) == 0
    assert await kit.card_balance(cards_app, poor) == Decimal("100.00")


async def test_two_hundred_concurrent_orders_for_fifty_in_stock(
    kit, paying_client, admin, catalogue, make_card, cards_app, mall_db
) -> None:
    built = await catalogue(paying_client)
    sku_id = built["cuff_sku"]["id"]
    goods = built["cuff"]
    body = {"name": goods["name"], "brand_id": goods["brand_id"], "category_id": goods["category_id"],
            "on_shelf": True, "version": goods["version"],
            "skus": [{"id": sku_id, "price": "59.90", "market_price": "79.00", "settlement_price": "30.00",
                      "stock": 50}]}
    assert (await paying_client.put(f"/api/mall/goods/{goods['id']}", json=body, headers=admin)).status_code == 200
    buyers = list(range(100, 300))
    cards = {m: await make_card(member_id=m, balance="100.00") for m in buyers}
    addresses = {m: await kit.add_address(paying_client, m) for m in buyers}

    async def attempt(m: int) -> int:
        return (await kit.buy(paying_client, m, addresses[m], cards[m], sku_id, 1)).status_code

    statuses = await asyncio.gather(*(attempt(m) for m in buyers))
    assert statuses.count(201) == 50 and statuses.count(409) == 150, sorted(set(statuses))
    assert await kit.sku_stock(mall_db, sku_id) == (0, 0)
    async with mall_db.sessions() as session:
        assert await session.scalar(text("SELECT count(*) FROM orders WHERE status = 'to_ship'")) == 50
        assert await session.scalar(text("SELECT count(*) FROM orders")) == 50
    sums = await kit.ledger_sums(cards_app)
    assert all(balance == expected for balance, expected in sums.values())
    assert sorted(b for b, _ in sums.values()).count(Decimal("40.10")) == 50


async def test_cancel_twice_refunds_once_and_puts_the_stock_back(kit, paying_client, admin, catalogue, make_card,
                                                                 cards_app, mall_db) -> None:
    built = await catalogue(paying_client)
    card = await make_card(member_id=9, balance="500.00")
    address = await kit.add_address(paying_client, 9)
    order = (await kit.buy(paying_client, 9, address, card, built["sku"]["id"], 1)).json()
    first, second = await asyncio.gather(
        paying_client.post(f"/app/mall/orders/{order['id']}/cancel", headers=kit.member(9),
                           json={"reason": "买错"}),
        paying_client.post(f"/api/mall/orders/{order['id']}/cancel", headers=admin, json={"reason": "客服取消"}),
    )
    assert first.status_code == 200 and second.status_code == 200, (first.text, second.text)
    again = await paying_client.post(f"/app/mall/orders/{order['id']}/cancel", headers=kit.member(9))
    assert again.status_code == 200 and again.json()["status"] == "cancelled" and again.json()["refunded_at"]
    assert await kit.card_balance(cards_app, card) == Decimal("500.00")
    assert await kit.sku_stock(mall_db, built["sku"]["id"]) == (50, 0)
    async with cards_app.state.db.sessions() as session:
        assert await session.scalar(text("SELECT count(*) FROM ledger_entries WHERE kind = 'refund'")) == 1
    detail = (await paying_client.get(f"/api/mall/orders/{order['id']}", headers=admin)).json()
    assert [(t["from_status"], t["to_status"]) for t in detail["transitions"]] == [
        ("pending_payment", "to_ship"), ("to_ship", "cancelled")]


async def test_confirm_twice_settles_once(kit, paying_client, admin, catalogue, make_card, mall_db) -> None:
    built = await catalogue(paying_client)
    card = await make_card(member_id=11)
    address = await kit.add_address(paying_client, 11)
    order = (await kit.buy(paying_client, 11, address, card, built["sku2"]["id"], 1)).json()
    shipped = await paying_client.post(f"/api/mall/orders/{order['id']}/ship", headers=admin,
                                       json={"carrier": "SF", "tracking_no": "SF1234567890"})
    assert shipped.status_code == 200 and shipped.json()["status"] == "shipped", shipped.text
    confirms = await asyncio.gather(*(paying_client.post(f"/app/mall/orders/{order['id']}/confirm",
                                                         headers=kit.member(11)) for _ in range(3)))
    assert [c.status_code for c in confirms] == [200, 200, 200]
    assert await kit.outbox_count(mall_db, "mall.OrderSettled") == 1
    detail = (await paying_client.get(f"/api/mall/goods/{built['monitor']['id']}", headers=admin)).json()
    assert detail["sales_count"] == 1


async def test_member_sees_no_pending_or_foreign_orders_and_bad_orders_are_refused(kit,
    paying_client, catalogue, make_card, mall_db
) -> None:
    built = await catalogue(paying_client)
    card = await make_card(member_id=21)
    address = await kit.add_address(paying_client, 21)
    other_address = await kit.add_address(paying_client, 22)
    sku = built["sku"]["id"]
    for bad in (
        {"items": [{"sku_id": sku, "quantity": 0}]},
        {"items": [{"sku_id": sku, "quantity": -1}]},
        {"items": [{"sku_id": sku, "quantity": 1}], "cart_item_ids": [1]},
        {"items": [{"sku_id": 999999, "quantity": 1}]},
        {"items": [{"sku_id": 2**70, "quantity": 1}]},
        {"items": [{"sku_id": sku, "quantity": 1}], "address_id": other_address},
        {"items": [{"sku_id": sku, "quantity": 1}], "surprise": True},
        {"items": [{"sku_id": sku, "quantity": 51}]},
    ):
        body = {"address_id": address, "card_no": card} | bad
        response = await paying_client.post("/app/mall/orders", headers=kit.member(21), json=body)
        assert 400 <= response.status_code < 500, (bad, response.text)
    assert await kit.sku_stock(mall_db, sku) == (50, 0)
    assert (await paying_client.get("/app/mall/orders", headers=kit.member(21))).json()["total"] == 0


async def test_idempotency_key_places_one_order(kit, paying_client, catalogue, make_card, cards_app) -> None:
    built = await catalogue(paying_client)
    card = await make_card(member_id=31, balance="1000.00")
    address = await kit.add_address(paying_client, 31)
    headers = kit.member(31) | {"Idempotency-Key": "order-31-1"}
    body = {"address_id": address, "items": [{"sku_id": built["sku"]["id"], "quantity": 1}], "card_no": card}
    first, second = await asyncio.gather(*(paying_client.post("/app/mall/orders", headers=headers, json=body)
                                           for _ in range(2)))
    codes = sorted([first.status_code, second.status_code])
    assert codes in ([200, 201], [201, 409]), (first.text, second.text)
    again = await paying_client.post("/app/mall/orders", headers=headers, json=body)
    assert again.status_code == 200 and again.json()["id"] == first.json().get("id", second.json().get("id"))
    assert await kit.card_balance(cards_app, card) == Decimal("701.00")


async def test_an_order_placed_in_one_statement_still_says_why_it_was_refused(
    kit, paying_client, admin, catalogue, make_card, mall_db
) -> None:
    """Placing reads the address and prices inside the reserving statement; a refusal is explained afterwards."""
    built = await catalogue(paying_client)
    card = await make_card(member_id=41)
    address = await kit.add_address(paying_client, 41)
    foreign = await kit.add_address(paying_client, 42)
    sku = built["sku"]["id"]
    for body, status, code in (
        ({"address_id": foreign, "items": [{"sku_id": sku, "quantity": 1}]}, 422, "unknown_reference"),
        ({"address_id": address, "items": [{"sku_id": 999999, "quantity": 1}]}, 422, "unknown_reference"),
        ({"address_id": address, "items": [{"sku_id": sku, "quantity": 51}]}, 409, "out_of_stock"),
    ):
        response = await paying_client.post("/app/mall/orders", headers=kit.member(41), json=body | {"card_no": card})
        assert (response.status_code, response.json()["code"]) == (status, code), (body, response.text)
    shelf = await paying_client.post("/api/mall/goods/shelf", headers=admin,
                                     json={"ids": [built["monitor"]["id"]], "on_shelf": False})
    assert shelf.status_code == 200, shelf.text
    off = await paying_client.post("/app/mall/orders", headers=kit.member(41), json={
        "address_id": address, "card_no": card, "items": [{"sku_id": sku, "quantity": 1}]})
    assert (off.status_code, off.json()["code"]) == (409, "off_shelf"), off.text
    assert await kit.sku_stock(mall_db, sku) == (50, 0)
