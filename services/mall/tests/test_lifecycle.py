"""After payment: shipping (one, many, an .xlsx with per-row errors), every forbidden move refused over the
whole state machine, completion by the scheduler with an injected clock on two workers, after-sales rules,
and reconciliation of an order a crash left unpaid."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
from openpyxl import Workbook
from sqlalchemy import text

from mall.jobs import auto_complete_job, reconcile_payments_job
from mall.orders.service import auto_complete
from mall.orders.states import TRANSITIONS, OrderStatus, can_move
from shared.db import Database
from shared.ledger import CardsLedger
from shared.scheduler import scheduler_loop


async def _paid_orders(kit, http, make_card, built, member_id: int, count: int) -> list[dict]:  # type: ignore[no-untyped-def]
    card = await make_card(member_id=member_id, balance="5000.00")
    address = await kit.add_address(http, member_id)
    orders = []
    for _ in range(count):
        placed = await kit.buy(http, member_id, address, card, built["cuff_sku"]["id"], 1)
        assert placed.status_code == 201, placed.text
        orders.append(placed.json())
    return orders


def test_the_transition_table_names_every_status() -> None:
    assert set(TRANSITIONS) == set(OrderStatus)
    assert all(targets <= set(OrderStatus) for targets in TRANSITIONS.values())
    assert not TRANSITIONS[OrderStatus.CANCELLED] and not TRANSITIONS[OrderStatus.REFUNDED]


async def test_every_forbidden_move_is_refused_and_changes_nothing(kit, paying_client, admin, catalogue, make_card,
                                                                   mall_db) -> None:
    built = await catalogue(paying_client)
    (order,) = await _paid_orders(kit, paying_client, make_card, built, 50, 1)
    member = kit.member(50)
    actions = {
        OrderStatus.SHIPPED: ("POST", f"/api/mall/orders/{order['id']}/ship", admin,
                              {"carrier": "SF", "tracking_no": "SF0000000001"}),
        OrderStatus.CANCELLED: ("POST", f"/app/mall/orders/{order['id']}/cancel", member, {}),
        OrderStatus.COMPLETED: ("POST", f"/app/mall/orders/{order['id']}/confirm", member, None),
    }
    checked = 0
    for status in OrderStatus:
        if status == OrderStatus.PENDING_PAYMENT:
            continue  # invisible to members and admins: 404 before any move (checked below)
        for target, (method, path, headers, body) in actions.items():
            if can_move(status, target) or status == target:
                continue  # allowed, or the idempotent repeat of a move already made
            async with mall_db.sessions() as session:
                await session.execute(text("UPDATE orders SET status = :s, refunded_at = now() WHERE id = :id"),
                                      {"s": status.value, "id": order["id"]})
                await session.commit()
            response = await paying_client.request(method, path, headers=headers, json=body)
            assert response.status_code == 409, (status, target, response.text)
            assert response.json()["code"] == "invalid_status_transition"
            async with mall_db.sessions() as session:
                assert await session.scalar(text("SELECT status FROM orders WHERE id = :id"),
                                            {"id": order["id"]}) == status.value
            checked += 1
    assert checked == 9
    async with mall_db.sessions() as session:
        await session.execute(text("UPDATE orders SET status = 'pending_payment' WHERE id = :id"), {"id": order["id"]})
        await session.commit()
    for method, path, headers, body in actions.values():
        assert (await paying_client.request(method, path, headers=headers, json=body)).status_code == 404


async def test_ship_many_and_the_xlsx_import_answer_each_row(kit, paying_client, admin, catalogue, make_card) -> None:
    built = await catalogue(paying_client)
    orders = await _paid_orders(kit, paying_client, make_card, built, 51, 4)
    many = await paying_client.post("/api/mall/orders/ship", headers=admin, json={"orders": [
        {"order_id": orders[0]["id"], "carrier": "JD", "tracking_no": "JD0001112223"},
        {"order_id": 999999, "carrier": "JD", "tracking_no": "JD0001112224"},
    ]})
    assert many.status_code == 200, many.text
    assert (many.json()["shipped"], many.json()["failed"]) == (1, 1)
    assert (await paying_client.post("/api/mall/orders/ship", headers=admin, json={"orders": [
        {"order_id": orders[1]["id"], "carrier": "UPS", "tracking_no": "1Z999"}]})).status_code == 422

    book = Workbook()
    sheet = book.active
    sheet.append(["订单号", "物流公司", "物流单号"])
    sheet.append([orders[1]["order_no"], "顺丰速运", "SF1000000001"])
    sheet.append([orders[2]["order_no"], "不存在快递", "XX1000000002"])
    sheet.append([orders[0]["order_no"], "中通快递", "ZT1000000003"])  # already shipped
    sheet.append(["MO000", "SF", "SF1000000004"])
    sheet.append([orders[3]["order_no"], "YTO", "短"])
    buffer = io.BytesIO()
    book.save(buffer)
    imported = await paying_client.post(
        "/api/mall/orders/ship/import", headers=admin,
        files={"file": ("发货.xlsx", buffer.getvalue(), "application/octet-stream")})
    assert imported.status_code == 200, imported.text
    report = imported.json()
    assert (report["shipped"], report["failed"]) == (1, 4)
    assert [(r["row"], r["ok"]) for r in report["results"]] == [(2, True), (3, False), (4, False), (5, False),
                                                                (6, False)]
    assert "物流公司" in report["results"][1]["error"] and report["results"][3]["error"] == "订单不存在"
    listed = (await paying_client.get("/api/mall/orders", params={"status": "shipped"}, headers=admin)).json()
    assert {o["carrier_label"] for o in listed["data_list"]} == {"京东物流", "顺丰速运"}
    assert listed["carrier_list"][0] == {"label": "顺丰速运", "value": "SF"}
    exported = await paying_client.get("/api/mall/orders/export", params={"status": "shipped"}, headers=admin)
    assert exported.status_code == 200 and exported.content[:2] == b"PK"


async def test_auto_complete_on_two_workers_with_an_injected_clock_settles_each_due_order_once(
    kit, paying_client, admin, catalogue, make_card, mall_settings, mall_db
) -> None:
    built = await catalogue(paying_client)
    orders = await _paid_orders(kit, paying_client, make_card, built, 52, 4)
    for order in orders:
        shipped = await paying_client.post(f"/api/mall/orders/{order['id']}/ship", headers=admin,
                                           json={"carrier": "EMS", "tracking_no": f"EMS00000000{order['id']}"})
        assert shipped.status_code == 200
    later = datetime.now(UTC) + timedelta(days=mall_settings.auto_complete_days, hours=1)
    async with mall_db.sessions() as session:  # the last one shipped only 5 days before `later`: not due
        await session.execute(text("UPDATE orders SET shipped_at = :at WHERE id = :id"),
                              {"at": later - timedelta(days=5), "id": orders[-1]["id"]})
        await session.commit()
    job = auto_complete_job(mall_settings.auto_complete_days)
    stop = asyncio.Event()
    dbs = [Database(mall_settings.database_url, pool_size=2) for _ in range(2)]
    workers = [asyncio.create_task(scheduler_loop(db, [job], stop, clock=lambda: later, tick_seconds=0.05,
                                                  owner=f"worker-{i}")) for i, db in enumerate(dbs)]
    # A member confirming at the same moment as the job races it on the first order.
    confirm = await paying_client.post(f"/app/mall/orders/{orders[0]['id']}/confirm", headers=kit.member(52))
    assert confirm.status_code == 200
    try:
        for _ in range(100):
            async with mall_db.sessions() as session:
                runs = await session.scalar(text("SELECT runs FROM scheduled_jobs WHERE name = 'mall.auto_complete'"))
            if runs:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # both workers tick several more times: the job is not due again
    finally:
        stop.set()
        await asyncio.gather(*workers)
        for db in dbs:
            await db.dispose()
    async with mall_db.sessions() as session:
        statuses = dict((await session.execute(text("SELECT id, status FROM orders"))).all())
        assert await session.scalar(text("SELECT runs FROM scheduled_jobs WHERE name = 'mall.auto_complete'")) == 1
    assert [statuses[o["id"]] for o in orders] == ["completed", "completed", "completed", "shipped"]
    assert await kit.outbox_count(mall_db, "mall.OrderSettled") == 3
    # The job again, later still: the fourth completes, the first three stay settled once.
    result = await auto_complete(mall_db, later + timedelta(days=6), mall_settings.auto_complete_days)
    assert result == {"due": 1, "completed": 1}
    assert await kit.outbox_count(mall_db, "mall.OrderSettled") == 4


async def test_after_sales_rules(kit, paying_client, admin, catalogue, make_card, mall_db) -> None:
    built = await catalogue(paying_client)
    first, second = await _paid_orders(kit, paying_client, make_card, built, 53, 2)
    member = kit.member(53)
    early = await paying_client.post(f"/app/mall/orders/{first['id']}/after-sales", headers=member,
                                     json={"reason": "quality"})
    assert early.status_code == 409 and early.json()["code"] == "not_returnable"
    for order in (first, second):
        await paying_client.post(f"/api/mall/orders/{order['id']}/ship", headers=admin,
                                 json={"carrier": "SF", "tracking_no": f"SF99999999{order['id']}"})
        await paying_client.post(f"/app/mall/orders/{order['id']}/confirm", headers=member)
    bad_reason = await paying_client.post(f"/app/mall/orders/{first['id']}/after-sales", headers=member,
                                          json={"reason": "because"})
    assert bad_reason.status_code == 422
    asked = await paying_client.post(f"/app/mall/orders/{first['id']}/after-sales", headers=member,
                                     json={"reason": "damaged"})
    assert asked.status_code == 201
    again = await paying_client.post(f"/app/mall/orders/{first['id']}/after-sales", headers=member,
                                     json={"reason": "damaged"})
    assert again.status_code == 409 and again.json()["code"] == "after_sale_open"
    stranger = kit.member(54)
    assert (await paying_client.get(f"/app/mall/after-sales/{asked.json()['id']}", headers=stranger)).status_code == 404
    assert (await paying_client.post(f"/app/mall/orders/{first['id']}/after-sales", headers=stranger,
                                     json={"reason": "damaged"})).status_code == 404
    # Complete before acceptance, reject without a reason: refused. Rejected: a new request may follow.
    request_path = f"/api/mall/after-sales/{asked.json()['id']}"
    assert (await paying_client.post(f"{request_path}/complete", headers=admin, json={})).status_code == 409
    assert (await paying_client.post(f"{request_path}/reject", headers=admin, json={"reason": ""})).status_code == 422
    rejected = await paying_client.post(f"{request_path}/reject", headers=admin, json={"reason": "已超过质保范围"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert (await paying_client.post(f"{request_path}/accept", headers=admin,
                                     json={"refund_amount": "10.00"})).status_code == 409
    listed = (await paying_client.get("/api/mall/after-sales", headers=admin)).json()
    assert listed["total"] == 1 and listed["data_list"][0]["reason_label"] == "商品破损"
    exported = await paying_client.get("/api/mall/after-sales/export", params={"status": "rejected"}, headers=admin)
    assert exported.status_code == 200 and exported.content[:2] == b"PK"
    # The window: completed 8 days ago, a return is no longer possible.
    async with mall_db.sessions() as session:
        await session.execute(text("UPDATE orders SET completed_at = now() - interval '8 days' WHERE id = :id"),
                              {"id": second["id"]})
        await session.commit()
    late = await paying_client.post(f"/app/mall/orders/{second['id']}/after-sales", headers=member,
                                    json={"reason": "quality"})
    assert late.status_code == 409 and late.json()["code"] == "return_window_passed"


async def test_reconciliation_settles_what_a_crash_left_unpaid(kit, paying_client, catalogue, make_card, cards_app,
                                                               mall_settings, mall_db) -> None:
    built = await catalogue(paying_client)
    card = await make_card(member_id=55, balance="500.00")
    sku_id = built["cuff_sku"]["id"]
    ledger = CardsLedger.connect("mall", mall_settings.suite, transport=httpx.ASGITransport(app=cards_app))
    try:
        # Two crashes between reservation and confirmation: one before the debit, one after it.
        async with mall_db.sessions() as session:
            for number in ("MO20000101000001", "MO20000101000002"):
                order_id = await session.scalar(text(
                    "INSERT INTO orders (order_no, status, member_id, consignee_name, consignee_phone, address, "
                    "quantity, sale_amount, settlement_amount, card_no, created_at) VALUES (:no, 'pending_payment', "
                    "55, '张三', '13912345678', '南昌', 1, 59.90, 30.00, :card, now() - interval '5 minutes') "
                    "RETURNING id"), {"no": number, "card": card})
                await session.execute(text(
                    "INSERT INTO order_lines (order_id, goods_id, sku_id, goods_name, specs, brand_id, brand_name, "
                    "category_id, category_name, quantity, unit_price, sale_amount, settlement_amount) VALUES "
                    "(:o, 1, :s, '袖带', '{}', 1, 'b', 1, 'c', 1, 59.90, 59.90, 30.00)"), {"o": order_id, "s": sku_id})
            await session.execute(text("UPDATE skus SET reserved = reserved + 2 WHERE id = :s"), {"s": sku_id})
            await session.commit()
        await ledger.debit(order_ref="mall:MO20000101000002", amount=Decimal("59.90"), card_no=card, card_id=None,
                           member_id=55, use_red_packet=False, memo="crash")
        job = reconcile_payments_job(ledger)
        result = await job.run(mall_db, datetime.now(UTC))
        assert (result["unpaid_dropped"], result["unpaid_refunded"]) == (1, 1), result
        assert await kit.sku_stock(mall_db, sku_id) == (100, 0)
        assert await kit.card_balance(cards_app, card) == Decimal("500.00")
        async with mall_db.sessions() as session:
            rows = (await session.execute(text("SELECT order_no, status FROM orders"))).all()
        assert [tuple(r) for r in rows] == [("MO20000101000002", "cancelled")]
        again = await job.run(mall_db, datetime.now(UTC))
        assert again == {"unpaid_dropped": 0, "unpaid_refunded": 0, "refunds_made": 0, "left_for_later": 0}
    finally:
        await ledger.aclose()
