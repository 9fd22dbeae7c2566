"""`/internal/mall/members/{id}/orders` (never routed by the gateway): a member's mall orders in the member
desk's common shape, for the gateway's 用户管理 detail (see docs/domains/gateway.md)."""

from __future__ import annotations

from sqlalchemy import func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from mall.orders.models import Order, OrderLine
from mall.orders.states import STATUS_LABELS
from shared.member_desk import member_orders_router

# An order's title: the names of the goods on it, in the order they were added.
GOODS_NAMES = (
    select(func.coalesce(func.string_agg(OrderLine.goods_name, aggregate_order_by(literal("、"), OrderLine.id)), ""))
    .where(OrderLine.order_id == Order.id)
    .scalar_subquery()
)

router = member_orders_router("mall", Order, GOODS_NAMES, Order.sale_amount, STATUS_LABELS)
