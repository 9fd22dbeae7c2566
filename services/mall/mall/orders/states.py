"""The order status machine in one place: which moves exist and what they are called.

待支付 is internal: the order row (and its stock reservation) is committed before the card is debited, so
a crash between the debit and the confirmation leaves a row the reconciliation job settles by order_ref.

  待支付 -> 待发货 (debit confirmed) | 已取消 (reconciliation credited an unconfirmed debit back)
  待发货 -> 已发货 (shipped) | 已取消 (cancelled before shipping: stock back, card credited)
  已发货 -> 已完成 (receipt confirmed or auto-completed: mall.OrderSettled)
  已完成 -> 已退款 (after-sales refund: mall.OrderRefunded)
A refused debit deletes the 待支付 row instead: no order remains.
"""

from __future__ import annotations

from shared.states import LabelledEnum, StatusMachine


class OrderStatus(LabelledEnum):
    PENDING_PAYMENT = "pending_payment", "待支付"
    TO_SHIP = "to_ship", "待发货"
    SHIPPED = "shipped", "已发货"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"
    REFUNDED = "refunded", "已退款"


STATUS_LABELS = OrderStatus.labels()
# What admins and members see (待支付 is bookkeeping, listed only when asked for by status).
VISIBLE_LABELS = OrderStatus.labels(OrderStatus.PENDING_PAYMENT)

TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING_PAYMENT: frozenset({OrderStatus.TO_SHIP, OrderStatus.CANCELLED}),
    OrderStatus.TO_SHIP: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.COMPLETED}),
    OrderStatus.COMPLETED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
}

ORDER_STATUSES = StatusMachine(TRANSITIONS)
can_move = ORDER_STATUSES.can_move
sources_of = ORDER_STATUSES.sources_of
refuse_move = ORDER_STATUSES.refuse_move
