"""Mall refunds after settlement (mall.OrderRefunded) take their goods back out of the goods reports, the same
whatever the order of arrival and however often an event comes."""

from __future__ import annotations

import random

import httpx
from reports_month import NOVEMBER, OMRON, XIAOMI, _goods, _wrap, at, business_month
from reports_testkit import admin_headers, apply_all

from shared.db import Database
from shared.events.envelope import Envelope
from shared.events.mall import OrderRefunded
from shared.events.orders import MallLine


def _refund(n: int, order_id: int, after_sale_id: int, day: int, line: MallLine, kept_goods: list[int],
            kept_brands: list[int]) -> Envelope:
    refunded = OrderRefunded(
        order_id=order_id,
        order_no=f"MO{order_id}",
        after_sale_id=after_sale_id,
        refund_amount=line.sale_amount,
        settlement_amount=line.settlement_amount,
        settled_at=at(16, 11),
        refunded_at=at(day),
        lines=[line],
        kept_goods_ids=kept_goods,
        kept_brand_ids=kept_brands,
    )
    return _wrap(n, "mall", refunded, at(day))


def _refunds() -> list[Envelope]:
    return [
        # One of the two toothbrushes of order 601 comes back; the member keeps the scale and one toothbrush,
        # so the order still counts for both goods and for 小米.
        _refund(901, 601, 1, 20, _goods(702, "电动牙刷", XIAOMI, 1, "50.50", "50.50", "40.00"), [701, 702], [801]),
        # Order 603 (its only line, the blood-pressure monitor) comes back whole: it counts nowhere any more.
        _refund(902, 603, 2, 24, _goods(703, "血压计", OMRON, 1, "299.00", "299.00", "220.00"), [], []),
    ]


# Worked out by hand from the month's figures (reports_month.GOODS_ROWS, BRAND_ROWS) less the two refunds.
GOODS_AFTER = [
    (701, 2, 3, "597.00", "450.00", "147.00"),
    (702, 1, 1, "50.50", "40.00", "10.50"),
    (703, 0, 0, "0.00", "0.00", "0.00"),
]
GOODS_TOTALS_AFTER = {"orders": 3, "quantity": 4, "sale_amount": "647.50", "settlement_amount": "490.00",
                      "margin": "157.50"}
BRANDS_AFTER = [(801, 2, 4, "647.50", "490.00", "157.50"), (802, 0, 0, "0.00", "0.00", "0.00")]
BRAND_TOTALS_AFTER = {"orders": 2, "quantity": 4, "sale_amount": "647.50", "settlement_amount": "490.00",
                      "margin": "157.50"}


async def _assert_refunded(api: httpx.AsyncClient, id_field: str, path: str, rows: list[tuple],
                           totals: dict[str, object]) -> None:
    body = (await api.get(path, params=NOVEMBER, headers=admin_headers())).json()
    found = [
        (r[id_field], r["orders"], r["quantity"], r["sale_amount"], r["settlement_amount"], r["margin"])
        for r in body["data_list"]
    ]
    assert found == rows
    assert body["totals"] == totals


async def test_refunds_take_the_goods_back_out(db: Database, api: httpx.AsyncClient) -> None:
    await apply_all(db, [*business_month(), *_refunds()])
    await _assert_refunded(api, "goods_id", "/api/reports/goods", GOODS_AFTER, GOODS_TOTALS_AFTER)
    await _assert_refunded(api, "brand_id", "/api/reports/goods-brands", BRANDS_AFTER, BRAND_TOTALS_AFTER)


async def test_refunds_before_their_orders_and_redelivered_give_the_same_figures(
    db: Database, api: httpx.AsyncClient
) -> None:
    # The refunds before the settlements they take back, then every event delivered again, shuffled.
    await apply_all(db, [*_refunds(), *business_month()])
    everything = [*business_month(), *_refunds()]
    random.Random(7).shuffle(everything)
    assert await apply_all(db, everything) == 0  # all seen already: nothing applied twice
    await _assert_refunded(api, "goods_id", "/api/reports/goods", GOODS_AFTER, GOODS_TOTALS_AFTER)
    await _assert_refunded(api, "brand_id", "/api/reports/goods-brands", BRANDS_AFTER, BRAND_TOTALS_AFTER)
