"""Partial returns: a request names order lines and quantities; its refund never exceeds what was paid for
them, requests on one order never return more than was bought, even when sent at once, and
mall.OrderRefunded carries exactly the returned lines and which goods the member still keeps."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import text


async def _completed_order(kit, http, admin, make_card, built, member_id: int) -> tuple[dict[str, Any], str]:  # type: ignore[no-untyped-def]
    """Two U10 monitors (2 x 299.00) and three cuffs (3 x 59.90): 777.70, shipped and received."""
    card = await make_card(member_id=member_id, balance="1000.00")
    address = await kit.add_address(http, member_id)
    placed = await http.post("/app/mall/orders", headers=kit.member(member_id), json={
        "address_id": address, "card_no": card,
        "items": [{"sku_id": built["sku"]["id"], "quantity": 2}, {"sku_id": built["cuff_sku"]["id"], "quantity": 3}]})
    assert placed.status_code == 201, placed.text
    order = placed.json()
    shipped = await http.post(f"/api/mall/orders/{order['id']}/ship", headers=admin,
                              json={"carrier": "SF", "tracking_no": f"SF12345678{order['id']}"})
    assert shipped.status_code == 200, shipped.text
    confirmed = await http.post(f"/app/mall/orders/{order['id']}/confirm", headers=kit.member(member_id))
    assert confirmed.status_code == 200, confirmed.text
    return order, card


async def _refund_events(mall_db) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    async with mall_db.sessions() as session:
        rows = (await session.execute(text(
            "SELECT body FROM outbox WHERE routing_key = 'mall.OrderRefunded' ORDER BY id"))).scalars().all()
    return [json.loads(bytes(r))["payload"] for r in rows]


async def test_a_partial_return_refunds_only_its_lines_once_and_says_what_is_kept(
    kit, paying_client, admin, catalogue, make_card, cards_app, mall_db
) -> None:
    built = await catalogue(paying_client)
    order, card = await _completed_order(kit, paying_client, admin, make_card, built, 61)
    member = kit.member(61)
    lines = {x["sku_id"]: x for x in order["lines"]}
    cuff_line, monitor_line = lines[built["cuff_sku"]["id"]], lines[built["sku"]["id"]]
    asks = f"/app/mall/orders/{order['id']}/after-sales"

    # Bad line choices change nothing: a line of no order, more than bought, the same line twice.
    for bad in ([{"order_line_id": 999999, "quantity": 1}], [{"order_line_id": cuff_line["id"], "quantity": 4}],
                [{"order_line_id": cuff_line["id"], "quantity": 1}] * 2,
                [{"order_line_id": cuff_line["id"], "quantity": 0}]):
        refused = await paying_client.post(asks, headers=member, json={"reason": "quality", "lines": bad})
        assert refused.status_code == 422, (bad, refused.text)
    # Five requests at once: one is open, the others are refused.
    sent = await asyncio.gather(*(paying_client.post(asks, headers=member, json={
        "reason": "damaged", "lines": [{"order_line_id": cuff_line["id"], "quantity": 1}]}) for _ in range(5)))
    assert sorted(r.status_code for r in sent) == [201, 409, 409, 409, 409], [r.text for r in sent]
    asked = next(r.json() for r in sent if r.status_code == 201)
    assert asked["paid_amount"] == "59.90" and [(x["order_line_id"], x["quantity"]) for x in asked["lines"]] == [
        (cuff_line["id"], 1)]

    path = f"/api/mall/after-sales/{asked['id']}"
    above = await paying_client.post(f"{path}/accept", headers=admin, json={"refund_amount": "59.91"})
    assert above.status_code == 422, above.text
    accepted = await paying_client.post(f"{path}/accept", headers=admin, json={"refund_amount": "50.00"})
    assert accepted.status_code == 200, accepted.text
    stock_before = await kit.sku_stock(mall_db, built["cuff_sku"]["id"])
    done = await asyncio.gather(*(paying_client.post(f"{path}/complete", headers=admin, json={"restore_stock": True})
                                  for _ in range(3)))
    assert [d.status_code for d in done] == [200, 200, 200], [d.text for d in done]
    assert await kit.card_balance(cards_app, card) == Decimal("1000.00") - Decimal("777.70") + Decimal("50.00")
    assert await kit.sku_stock(mall_db, built["cuff_sku"]["id"]) == (stock_before[0] + 1, 0)
    after = (await paying_client.get(f"/app/mall/orders/{order['id']}", headers=member)).json()
    assert (after["status"], after["refund_amount"]) == ("completed", "50.00")  # still 已完成: the rest is kept

    events = await _refund_events(mall_db)
    assert len(events) == 1
    event = events[0]
    assert (event["refund_amount"], event["settlement_amount"]) == ("50.00", "25.04")  # 30.00 x 50.00 / 59.90
    assert [(x["goods_id"], x["quantity"], x["sale_amount"], x["settlement_amount"]) for x in event["lines"]] == [
        (cuff_line["goods_id"], 1, "50.00", "25.04")]
    assert event["kept_goods_ids"] == sorted({cuff_line["goods_id"], monitor_line["goods_id"]})
    assert event["kept_brand_ids"] == [built["brand"]["id"]]

    # What is left to return: 2 cuffs and 2 monitors; asking for 3 cuffs is refused.
    too_many = await paying_client.post(asks, headers=member, json={
        "reason": "quality", "lines": [{"order_line_id": cuff_line["id"], "quantity": 3}]})
    assert too_many.status_code == 422 and too_many.json()["code"] == "exceeds_bought", too_many.text
    rest = await paying_client.post(asks, headers=member, json={"reason": "no_longer_needed"})
    assert rest.status_code == 201, rest.text
    assert rest.json()["paid_amount"] == "717.80"  # 777.70 - 59.90: never more than is left of the order
    beyond = await paying_client.post(f"/api/mall/after-sales/{rest.json()['id']}/accept", headers=admin,
                                      json={"refund_amount": "717.81"})
    assert beyond.status_code == 422, beyond.text


async def test_a_second_refund_of_one_order_completes_by_its_own_reference(
    kit, paying_client, admin, catalogue, make_card, cards_app, mall_db
) -> None:
    """A later refund of an order has a credit reference of its own naming the debit (`debit_ref`): cards takes
    it as another part of the same debit, so the second return completes and the card gets both refunds back."""
    built = await catalogue(paying_client)
    order, card = await _completed_order(kit, paying_client, admin, make_card, built, 62)
    member, asks = kit.member(62), f"/app/mall/orders/{order['id']}/after-sales"
    cuff_line = next(x for x in order["lines"] if x["sku_id"] == built["cuff_sku"]["id"])
    for _ in range(2):
        asked = await paying_client.post(asks, headers=member, json={
            "reason": "quality", "lines": [{"order_line_id": cuff_line["id"], "quantity": 1}]})
        assert asked.status_code == 201, asked.text
        path = f"/api/mall/after-sales/{asked.json()['id']}"
        assert (await paying_client.post(f"{path}/accept", headers=admin, json={"refund_amount": "59.90"})
                ).status_code == 200
        done = await paying_client.post(f"{path}/complete", headers=admin, json={})
        assert done.status_code == 200, done.text
        assert (await paying_client.get(path, headers=admin)).json()["status"] == "completed"
    assert await kit.card_balance(cards_app, card) == Decimal("1000.00") - Decimal("777.70") + Decimal("119.80")
    async with cards_app.state.db.sessions() as session:
        refunds = (await session.execute(text(
            "SELECT order_ref, amount FROM ledger_entries WHERE kind = 'refund' "
            "AND card_id = (SELECT id FROM cards WHERE card_no = :n) ORDER BY id"), {"n": card})).all()
    first_ref = refunds[0].order_ref
    assert [r.amount for r in refunds] == [Decimal("59.90")] * 2
    assert refunds[1].order_ref.startswith(f"{first_ref}#")  # its own reference, naming the order's debit
    async with mall_db.sessions() as session:
        returned = await session.scalar(text("SELECT returned_quantity FROM order_lines WHERE id = :id"),
                                        {"id": cuff_line["id"]})
        refunded = await session.scalar(text("SELECT refund_amount FROM orders WHERE id = :id"), {"id": order["id"]})
    assert (returned, refunded) == (2, Decimal("119.80"))
    assert len(await _refund_events(mall_db)) == 2
