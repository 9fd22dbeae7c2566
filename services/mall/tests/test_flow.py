"""End to end through the real broker: a member orders, the back office ships, the member confirms; the goods
and goods-brand reports show the sale. Then a return is refunded in part: mall.OrderRefunded takes it back
out of both reports, to the cent. The mall and reports workers (relay, consumer) run in process under a
broker prefix of this test's own; cards answers the ledger calls in process."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mall.handlers import handlers as mall_handlers
from reports.handlers import handlers as reports_handlers
from reports.main import create_app as create_reports
from reports.settings import ReportsSettings
from shared.bus.topology import delete_topology
from shared.bus.worker import serve_worker
from shared.testing import bearer, client_for, staff, truncate_all, wait_for


def _figures(row: dict[str, Any]) -> tuple[int, int, str, str]:
    return row["orders"], row["quantity"], row["sale_amount"], row["settlement_amount"]


Report = Callable[[str, str], Awaitable[dict[str, Any]]]


@pytest.fixture
async def reports_fed(mall_settings) -> AsyncIterator[Report]:  # type: ignore[no-untyped-def]
    """The mall and reports workers on a broker prefix of this test's own; answers a function that waits until
    a report's totals show `expected_sale`, then answers the report."""
    reports_settings = ReportsSettings()
    await truncate_all(reports_settings.database_url)
    prefix = f"mallflow{uuid.uuid4().hex[:8]}."
    stop = asyncio.Event()
    workers = [
        asyncio.create_task(serve_worker(settings, handlers, [], stop, bus_prefix=prefix,
                                         relay_options={"poll_seconds": 0.2}))
        for settings, handlers in ((mall_settings, mall_handlers), (reports_settings, reports_handlers))
    ]
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    window = {"date_from": str(today - timedelta(days=1)), "date_to": str(today + timedelta(days=1))}
    headers = bearer(staff("reports:goods:list", "reports:goods_brand:list"), "reports")
    try:
        async with client_for(create_reports(reports_settings)) as reports:

            async def read(path: str, expected_sale: str) -> dict[str, Any] | None:
                response = await reports.get(path, params=window, headers=headers)
                assert response.status_code == 200, response.text
                body = response.json()
                # Rows and totals are read apart: wait until both show the sale.
                complete = body["totals"]["sale_amount"] == expected_sale and body["data_list"]
                return body if complete else None

            async def report(path: str, expected_sale: str) -> dict[str, Any]:
                return await wait_for(lambda: read(path, expected_sale), timeout=30)

            yield report
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*workers), timeout=20)
        await delete_topology(mall_settings.suite.amqp_url, prefix)


async def _bought_and_received(kit, http, admin, member_id: int, card: str, items: list[dict[str, int]]  # type: ignore[no-untyped-def]
                               ) -> dict[str, Any]:
    address = await kit.add_address(http, member_id)
    placed = await http.post("/app/mall/orders", headers=kit.member(member_id),
                             json={"address_id": address, "card_no": card, "items": items})
    assert placed.status_code == 201, placed.text
    order = placed.json()
    shipped = await http.post(f"/api/mall/orders/{order['id']}/ship", headers=admin,
                              json={"carrier": "ZTO", "tracking_no": "ZT7788990011"})
    assert shipped.status_code == 200, shipped.text
    confirmed = await http.post(f"/app/mall/orders/{order['id']}/confirm", headers=kit.member(member_id))
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "completed"
    return order


async def test_an_order_reaches_the_goods_reports_and_its_refund_leaves_them(
    kit, paying_client, admin, catalogue, make_card, cards_app, reports_fed
) -> None:
    report = reports_fed
    built = await catalogue(paying_client)
    card = await make_card(member_id=41, balance="1000.00")
    member = kit.member(41)
    order = await _bought_and_received(kit, paying_client, admin, 41, card, [
        {"sku_id": built["sku"]["id"], "quantity": 2}, {"sku_id": built["cuff_sku"]["id"], "quantity": 1}])
    assert order["sale_amount"] == "657.90"
    goods = await report("/api/reports/goods", "657.90")
    rows = {r["goods_name"]: _figures(r) for r in goods["data_list"]}
    assert rows == {"欧姆龙电子血压计": (1, 2, "598.00", "440.00"), "血压计袖带": (1, 1, "59.90", "30.00")}
    brands = await report("/api/reports/goods-brands", "657.90")
    assert [(r["brand_name"], *_figures(r)) for r in brands["data_list"]] == [
        ("欧姆龙", 1, 3, "657.90", "470.00")]

    # A return, refunded in part: never above what was paid.
    asked = await paying_client.post(f"/app/mall/orders/{order['id']}/after-sales", headers=member,
                                     json={"reason": "quality", "description": "袖带漏气"})
    assert asked.status_code == 201, asked.text
    request_id = asked.json()["id"]
    for too_much in ("657.91", "1.001", "-5.00", "abc"):
        refused = await paying_client.post(f"/api/mall/after-sales/{request_id}/accept", headers=admin,
                                           json={"refund_amount": too_much})
        assert refused.status_code == 422, (too_much, refused.text)
    accepted = await paying_client.post(f"/api/mall/after-sales/{request_id}/accept", headers=admin,
                                        json={"refund_amount": "300.00"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "returning", accepted.text
    done = await asyncio.gather(*(paying_client.post(f"/api/mall/after-sales/{request_id}/complete",
                                                     headers=admin, json={"restore_stock": True})
                                  for _ in range(2)))
    assert [d.status_code for d in done] == [200, 200], [d.text for d in done]
    assert str(await kit.card_balance(cards_app, card)) == "642.10"  # 1000.00 - 657.90 + 300.00
    after = (await paying_client.get(f"/app/mall/orders/{order['id']}", headers=member)).json()
    assert after["status"] == "refunded" and after["refund_amount"] == "300.00"

    goods = await report("/api/reports/goods", "357.90")
    rows = {r["goods_name"]: _figures(r) for r in goods["data_list"]}
    assert rows == {"欧姆龙电子血压计": (0, 0, "325.31", "239.36"), "血压计袖带": (0, 0, "32.59", "16.32")}
    brands = await report("/api/reports/goods-brands", "357.90")
    assert [(r["brand_name"], *_figures(r)) for r in brands["data_list"]] == [
        ("欧姆龙", 0, 0, "357.90", "255.68")]


async def test_a_partial_return_leaves_the_goods_kept_in_the_reports(
    kit, paying_client, admin, catalogue, make_card, reports_fed
) -> None:
    """Two monitors and one cuff; the cuff and one monitor come back. The cuff's row loses the order, the
    monitor's and the brand's keep it (one monitor is kept), and the figures drop by exactly the refund."""
    report = reports_fed
    built = await catalogue(paying_client)
    card = await make_card(member_id=43, balance="1000.00")
    order = await _bought_and_received(kit, paying_client, admin, 43, card, [
        {"sku_id": built["sku"]["id"], "quantity": 2}, {"sku_id": built["cuff_sku"]["id"], "quantity": 1}])
    await report("/api/reports/goods", "657.90")
    lines = {x["sku_id"]: x["id"] for x in order["lines"]}
    asked = await paying_client.post(f"/app/mall/orders/{order['id']}/after-sales", headers=kit.member(43), json={
        "reason": "quality", "lines": [{"order_line_id": lines[built["sku"]["id"]], "quantity": 1},
                                       {"order_line_id": lines[built["cuff_sku"]["id"]], "quantity": 1}]})
    assert asked.status_code == 201 and asked.json()["paid_amount"] == "358.90", asked.text
    path = f"/api/mall/after-sales/{asked.json()['id']}"
    assert (await paying_client.post(f"{path}/accept", headers=admin, json={"refund_amount": "358.90"})
            ).status_code == 200
    assert (await paying_client.post(f"{path}/complete", headers=admin, json={})).status_code == 200

    goods = await report("/api/reports/goods", "299.00")
    rows = {r["goods_name"]: _figures(r) for r in goods["data_list"]}
    assert rows == {"欧姆龙电子血压计": (1, 1, "299.00", "220.00"), "血压计袖带": (0, 0, "0.00", "0.00")}
    brands = await report("/api/reports/goods-brands", "299.00")
    assert [(r["brand_name"], *_figures(r)) for r in brands["data_list"]] == [("欧姆龙", 1, 1, "299.00", "220.00")]
