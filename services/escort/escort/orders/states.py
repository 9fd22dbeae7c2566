"""The escort order's status machine, in one table: which moves exist and what they are called.

待支付 is internal: the order row is committed before the card is debited, so a crash between the debit and
the confirmation leaves a row the reconciliation job settles (it credits by order_ref; cards answers
debit_not_found when nothing was taken, and then the row is deleted: a refused debit leaves no order).
"""

from __future__ import annotations

from shared.states import LabelledEnum, StatusMachine


class OrderStatus(LabelledEnum):
    PENDING_PAYMENT = "pending_payment", "待支付"
    WAITING = "waiting", "待接单"
    ACCEPTED = "accepted", "已接单"
    IN_SERVICE = "in_service", "服务中"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"
    REFUNDED = "refunded", "已退款"


STATUS_LABELS = OrderStatus.labels()
VISIBLE_STATUSES = OrderStatus.labels(OrderStatus.PENDING_PAYMENT)

# 待支付 -> 待接单 (paid) | 已退款 (reconciliation refunded an unconfirmed debit).
# 待接单 -> 已接单 (grabbed or assigned) -> 服务中 (the member's code) -> 已完成 (the escort's share credited).
# 已接单 -> 待接单: the escort gives it back before the service starts.
# 待接单 | 已接单 -> 已取消 (member, admin, or the scheduler when nobody took it in time) -> 已退款 (card credited).
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING_PAYMENT: frozenset({OrderStatus.WAITING, OrderStatus.REFUNDED}),
    OrderStatus.WAITING: frozenset({OrderStatus.ACCEPTED, OrderStatus.CANCELLED}),
    OrderStatus.ACCEPTED: frozenset({OrderStatus.WAITING, OrderStatus.IN_SERVICE, OrderStatus.CANCELLED}),
    OrderStatus.IN_SERVICE: frozenset({OrderStatus.COMPLETED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.CANCELLED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.REFUNDED: frozenset(),
}

ORDER_STATUSES = StatusMachine(TRANSITIONS)
can_move = ORDER_STATUSES.can_move
sources_of = ORDER_STATUSES.sources_of
refuse_move = ORDER_STATUSES.refuse_move
