"""Events of the mall only (mall.OrderSettled shares the one OrderSettled schema in orders.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from shared.events.envelope import EventModel
from shared.events.orders import MallLine
from shared.money import Money


class OrderRefunded(EventModel):
    """A settled order refunded after its after-sales request (退货/退款): the goods reports subtract it.

    `lines` are the settled lines with the refunded part: `quantity` returned, `sale_amount` the share of the
    refund, `settlement_amount` the share of the settlement taken back (both prorated by the refund over
    what was paid, cent remainders on the last line), so the lines sum to `refund_amount` and
    `settlement_amount`. The figures are subtracted on the day of `refunded_at`.
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
