"""Reading orders: the admin list and export, a member's orders, a partner hospital's day (state changes are
in orders/service.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from health.catalogue.service import brand_options
from health.common import business_today
from health.hospitals.service import hospital_options
from health.orders.models import Order
from health.orders.schemas import OrderFilters
from health.orders.states import STATUS_LABELS, OrderStatus
from health.packages.models import Package
from shared.dates import within_days
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, options, paginate
from shared.money import format_money
from shared.problems import Problem

# 待支付 is internal bookkeeping: listed for admins only when asked for by status, never offered as an option.
VISIBLE_STATUSES = {k: v for k, v in STATUS_LABELS.items() if k != OrderStatus.PENDING_PAYMENT}
SORTABLE = {
    "id": Order.id, "day": Order.day, "created_at": Order.created_at, "sale_amount": Order.sale_amount,
    "completed_at": Order.completed_at,
}
EXPORT_COLUMNS = [
    ("order_no", "订单号"), ("status_label", "订单状态"), ("member_name", "会员"), ("member_phone", "会员手机号"),
    ("examinee_name", "体检人"), ("examinee_phone", "体检人手机号"), ("card_no", "卡号"),
    ("brand_name", "医院品牌"), ("hospital_name", "医院门店"), ("package_name", "套餐"), ("day", "预约日期"),
    ("sale_amount", "售价"), ("settlement_amount", "结算价"), ("created_at", "下单时间"),
    ("checked_in_at", "到检时间"), ("completed_at", "完成时间"), ("cancelled_at", "取消时间"),
    ("refunded_at", "退款时间"),
]
MAX_EXPORT_ROWS = 50_000


def order_out(order: Any) -> dict[str, Any]:
    """An order as the API shows it (from an ORM row or a RETURNING row: attribute access either way)."""
    return {
        "id": order.id,
        "order_no": order.order_no,
        "status": order.status,
        "status_label": STATUS_LABELS.get(order.status, order.status),
        "member_id": order.member_id,
        "member_name": order.member_name,
        "member_phone": order.member_phone,
        "examinee_name": order.examinee_name,
        "examinee_phone": order.examinee_phone,
        "gender": order.gender,
        "card_id": order.card_id,
        "card_no": order.card_no,
        "package_id": order.package_id,
        "package_name": order.package_name,
        "hospital_id": order.hospital_id,
        "hospital_name": order.hospital_name,
        "brand_id": order.brand_id,
        "brand_name": order.brand_name,
        "day": order.day,
        "sale_amount": format_money(order.sale_amount),
        "settlement_amount": format_money(order.settlement_amount),
        "red_packet_part": format_money(order.red_packet_part),
        "balance_part": format_money(order.balance_part),
        "paid_at": order.paid_at,
        "checked_in_at": order.checked_in_at,
        "completed_at": order.completed_at,
        "cancelled_at": order.cancelled_at,
        "refunded_at": order.refunded_at,
        "cancel_reason": order.cancel_reason,
        "cancelled_by": order.cancelled_by,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
        "version": order.version,
    }


def filtered(filters: OrderFilters) -> Select[Any]:
    stmt = select(Order)
    if (clause := keyword_clause(filters.keyword, Order.order_no, Order.examinee_name, Order.member_name)) is not None:
        stmt = stmt.where(clause)
    for column, value in (
        (Order.order_no, filters.order_no), (Order.hospital_id, filters.hospital_id),
        (Order.brand_id, filters.brand_id), (Order.package_id, filters.package_id),
        (Order.member_id, filters.member_id), (Order.card_no, filters.card_no),
    ):
        if value is not None and value != "":
            stmt = stmt.where(column == value)
    if filters.status is not None:
        stmt = stmt.where(Order.status == filters.status.value)
    else:
        stmt = stmt.where(Order.status != OrderStatus.PENDING_PAYMENT.value)
    if filters.phone:
        phone = filters.phone.strip()
        stmt = stmt.where(or_(Order.member_phone == phone, Order.examinee_phone == phone))
    stmt = stmt.where(*within_days(Order.created_at, filters.date_from, filters.date_to))
    for column, low, high in (
        (Order.day, filters.day_from, filters.day_to),
        (Order.completed_at, filters.completed_from, filters.completed_to),
    ):
        if low is not None:
            stmt = stmt.where(column >= low)
        if high is not None:
            stmt = stmt.where(column <= high)
    return stmt


async def list_orders(session: AsyncSession, filters: OrderFilters, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(filtered(filters), params.sort, SORTABLE, [Order.id.desc()])
    rows, total = await paginate(session, stmt, params, row=order_out)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        packages = await session.execute(select(Package.id, Package.name).order_by(Package.id))
        option_lists = {
            "status_list": enum_options(VISIBLE_STATUSES),
            "hospital_list": await hospital_options(session),
            "brand_list": await brand_options(session),
            "package_list": options(packages.all()),
        }
    return list_response(rows, total, params, option_lists)


async def export_rows(session: AsyncSession, filters: OrderFilters) -> list[dict[str, Any]]:
    rows = await session.scalars(filtered(filters).order_by(Order.id.desc()).limit(MAX_EXPORT_ROWS))
    return [order_out(o) for o in rows]


async def get_order(session: AsyncSession, order_id: int) -> Order:
    order = await session.get(Order, order_id)
    if order is None:
        raise Problem(404, "not_found", "订单不存在")
    return order


async def member_orders(
    session: AsyncSession, member_id: int, status: OrderStatus | None, params: PageParams
) -> dict[str, Any]:
    stmt = select(Order).where(Order.member_id == member_id)
    if status:
        stmt = stmt.where(Order.status == status.value)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Order.id.desc()])
    rows, total = await paginate(session, stmt, params, row=order_out)
    return list_response(rows, total, params, {"status_list": enum_options(VISIBLE_STATUSES)})


async def order_detail(session: AsyncSession, order_id: int) -> dict[str, Any]:
    return order_out(await get_order(session, order_id))


async def member_order_detail(session: AsyncSession, member_id: int, order_id: int) -> dict[str, Any]:
    return order_out(await member_order(session, member_id, order_id))


async def member_order(session: AsyncSession, member_id: int, order_id: int) -> Order:
    order = await session.scalar(select(Order).where(Order.id == order_id, Order.member_id == member_id))
    if order is None:
        raise Problem(404, "not_found", "订单不存在")
    return order


async def partner_orders(
    session: AsyncSession, hospital_id: int, day: date | None, status: OrderStatus | None, params: PageParams
) -> dict[str, Any]:
    """A hospital's bookings of one day (default today, Beijing time)."""
    stmt = select(Order).where(
        Order.hospital_id == hospital_id,
        Order.day == (day or business_today()),
        Order.status != OrderStatus.PENDING_PAYMENT.value,
    )
    if status:
        stmt = stmt.where(Order.status == status.value)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Order.id.asc()])
    rows, total = await paginate(session, stmt, params, row=order_out)
    return list_response(rows, total, params, {"status_list": enum_options(VISIBLE_STATUSES)})
