"""`/internal/health/members/{id}/orders` (never routed by the gateway): a member's checkup orders in the
member desk's common shape, for the gateway's 用户管理 detail (see docs/domains/gateway.md)."""

from __future__ import annotations

from health.orders.models import Order
from health.orders.states import STATUS_LABELS
from shared.member_desk import member_orders_router

router = member_orders_router("health", Order, Order.package_name, Order.sale_amount, STATUS_LABELS)
