"""Escort order reads: the admin list, export and detail, the member's and the escort's own orders and the open
pool. Split from service.py (writes and their transactions), which keeps the presenters both use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from escort.catalogue.models import Hospital, Product
from escort.escorts.service import partner_escort
from escort.orders.models import Order, OrderTransition
from escort.orders.schemas import (
    AdminOrderDetail,
    MemberOrderOut,
    PartnerOrderOut,
    TransitionOut,
)
from escort.orders.service import (
    ID_NUMBER_PERMISSION,
    POOL_PAGE,
    admin_order,
    admin_out,
    escort_order,
    member_order,
    member_out,
    partner_out,
    serving_partner,
)
from escort.orders.states import STATUS_LABELS, VISIBLE_STATUSES, OrderStatus
from shared.dates import within_days
from shared.identity import Identity, Principal
from shared.listing import PageParams, apply_sort, check_range, enum_options, keyword_clause, options, paginate

# ---------------------------------------------------------------- lists


@dataclass(frozen=True)
class OrderFilter:
    keyword: str | None = None
    status: str | None = None
    hospital_id: int | None = None
    product_id: int | None = None
    escort_id: int | None = None
    member_id: int | None = None
    date_from: date | None = None  # order (booking) date
    date_to: date | None = None
    day_from: date | None = None  # appointment date
    day_to: date | None = None


def _orders(filters: OrderFilter) -> Select[Any]:
    check_range("date", filters.date_from, filters.date_to)
    check_range("day", filters.day_from, filters.day_to)
    stmt = select(Order)
    if (clause := keyword_clause(filters.keyword, Order.order_no, Order.patient_name, Order.member_name,
                                 Order.escort_name)) is not None:
        stmt = stmt.where(clause)
    stmt = stmt.where(Order.status == filters.status if filters.status
                      else Order.status != OrderStatus.PENDING_PAYMENT.value)
    for column, value in ((Order.hospital_id, filters.hospital_id), (Order.product_id, filters.product_id),
                          (Order.escort_id, filters.escort_id), (Order.member_id, filters.member_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt.where(*within_days(Order.created_at, filters.date_from, filters.date_to),
                      *within_days(Order.appointment_at, filters.day_from, filters.day_to))


ORDER_SORT = {"id": Order.id, "created_at": Order.created_at, "appointment_at": Order.appointment_at,
              "sale_amount": Order.sale_amount}


async def list_orders(
    session: AsyncSession, filters: OrderFilter, params: PageParams, principal: Principal
) -> dict[str, Any]:
    show = principal.can(ID_NUMBER_PERMISSION)
    stmt = apply_sort(_orders(filters), params.sort, ORDER_SORT, (Order.id.desc(),))
    rows, total = await paginate(session, stmt, params, row=lambda o: admin_out(o, show_id_number=show))
    body: dict[str, Any] = {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}
    if params.with_options:
        body |= {
            "status_list": enum_options(STATUS_LABELS),
            "hospital_list": options((await session.execute(select(Hospital.id, Hospital.name)
                                                            .order_by(Hospital.sort, Hospital.id))).all()),
            "product_list": options((await session.execute(select(Product.id, Product.name)
                                                           .order_by(Product.sort, Product.id))).all()),
        }
    return body


async def export_orders(session: AsyncSession, filters: OrderFilter, principal: Principal) -> list[dict[str, Any]]:
    show = principal.can(ID_NUMBER_PERMISSION)
    rows = (await session.execute(_orders(filters).order_by(Order.id))).scalars()
    return [admin_out(o, show_id_number=show).model_dump() for o in rows]



async def order_detail(session: AsyncSession, order_id: int, principal: Principal) -> AdminOrderDetail:
    order = await admin_order(session, order_id)
    moves = (await session.execute(select(OrderTransition).where(OrderTransition.order_id == order_id)
                                   .order_by(OrderTransition.id))).scalars()
    return AdminOrderDetail(
        **admin_out(order, show_id_number=principal.can(ID_NUMBER_PERMISSION)).model_dump(),
        transitions=[TransitionOut(from_status=m.from_status, to_status=m.to_status, actor_kind=m.actor_kind,
                                   actor_name=m.actor_name, reason=m.reason, created_at=m.created_at)
                     for m in moves],
    )


async def member_orders(
    session: AsyncSession, member: Identity, status: str | None, params: PageParams
) -> dict[str, Any]:
    stmt = _orders(OrderFilter(status=status, member_id=member.id)).order_by(Order.id.desc())
    rows, total = await paginate(session, stmt, params, row=member_out)
    body: dict[str, Any] = {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}
    if params.with_options:
        body["status_list"] = enum_options(VISIBLE_STATUSES)
    return body


async def member_order_detail(session: AsyncSession, member: Identity, order_id: int) -> MemberOrderOut:
    return member_out(await member_order(session, member, order_id))


async def open_orders(session: AsyncSession, partner: Identity, params: PageParams) -> dict[str, Any]:
    """The pool an escort sees: 待接单 orders at his hospitals whose time has not come. Empty unless he is
    certified with valid certificates."""
    escort = await serving_partner(session, partner)
    rows = (await session.execute(POOL_PAGE, {"escort_id": escort.id, "limit": params.page_size,
                                          "offset": params.offset})).all()
    if rows:
        total = rows[0].pool_total
    else:  # a page past the end: count alone
        total = await session.scalar(select(func.count()).select_from(POOL_PAGE.limit(None).offset(None).subquery()),
                                     {"escort_id": escort.id})
    return {"data_list": [partner_out(o, escort.id) for o in rows], "page": params.page,
            "page_size": params.page_size, "total": total}


async def my_orders(session: AsyncSession, partner: Identity, status: str | None, params: PageParams) -> dict[str, Any]:
    escort = await partner_escort(session, partner)
    stmt = _orders(OrderFilter(status=status, escort_id=escort.id)).order_by(Order.appointment_at.desc(),
                                                                            Order.id.desc())
    rows, total = await paginate(session, stmt, params, row=lambda o: partner_out(o, escort.id))
    body: dict[str, Any] = {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}
    if params.with_options:
        body["status_list"] = enum_options({k: v for k, v in VISIBLE_STATUSES.items()
                                            if k != OrderStatus.WAITING})
    return body


async def my_order(session: AsyncSession, partner: Identity, order_id: int) -> PartnerOrderOut:
    escort = await partner_escort(session, partner)
    return partner_out(await escort_order(session, escort.id, order_id), escort.id)
