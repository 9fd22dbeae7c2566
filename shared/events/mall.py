"""Events of the mall only (mall.OrderSettled shares the one OrderSettled schema in orders.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from shared.events.envelope import EventModel
from shared.events.orders import MallLine
from shared.money import Money


class OrderRefunded(EventModel):
    """A settled order refunded, in whole or in part, after an after-sales request (退货/退款): the goods
    reports subtract it. An order may be refunded several times (one event per request, `after_sale_id`).

    `lines` are the returned lines with the refunded part: `quantity` returned, `sale_amount` the share of the
    refund, `settlement_amount` the share of the settlement taken back (both prorated by the refund over
    what was paid for the returned units, cent remainders on the last line), so the lines sum to
    `refund_amount` and `settlement_amount`. The figures are subtracted on the day of `refunded_at`.
    `kept_goods_ids` / `kept_brand_ids`: goods and brands of which the member still keeps some units after
    this refund, so the order still counts for them (empty, as in events before partial returns: the order
    leaves the count of every goods and brand of its lines).
    """

    event_name = "OrderRefunded"
    context: Literal["mall"] = "mall"
    order_id: int
    order_no: str
    after_sale_id: int
    member_id: int | None = None
    card_id: int | None = None
    card_no: str = ""
    refund_amount: Money
    settlement_amount: Money
    settled_at: datetime
    refunded_at: datetime
    lines: list[MallLine]
    kept_goods_ids: list[int] = []
    kept_brand_ids: list[int] = []
