"""The order status machine, in one place: which moves exist and what they are called.

待支付 is internal: the order row is committed before the card is debited, so a crash between the
debit and the confirmation leaves a row the reconciliation job can settle (confirm is never guessed:
it refunds by order_ref, and cards answers debit_not_found when nothing was taken).
"""

from __future__ import annotations

from shared.states import LabelledEnum, StatusMachine


class OrderStatus(LabelledEnum):
    PENDING_PAYMENT = "pending_payment", "待支付"
    BOOKED = "booked", "已预约"
    CHECKED_IN = "checked_in", "已到检"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"
    REFUNDED = "refunded", "已退款"


STATUS_LABELS = OrderStatus.labels()

# 待支付 -> 已预约 (debit confirmed) | 已退款 (reconciliation refunded an unconfirmed debit).
# A refused or never-made debit deletes the 待支付 row instead: no booking remains.
# 已预约 -> 已到检 -> 已完成 (settled); 已预约 -> 已取消 (capacity freed) -> 已退款 (card credited).
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING_PAYMENT: frozenset({OrderStatus.BOOKED, OrderStatus.REFUNDED}),
    OrderStatus.BOOKED: frozenset({OrderStatus.CHECKED_IN, OrderStatus.CANCELLED}),
    OrderStatus.CHECKED_IN: frozenset({OrderStatus.COMPLETED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.CANCELLED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.REFUNDED: frozenset(),
}

ORDER_STATUSES = StatusMachine(TRANSITIONS)
can_move = ORDER_STATUSES.can_move
sources_of = ORDER_STATUSES.sources_of
refuse_move = ORDER_STATUSES.refuse_move
