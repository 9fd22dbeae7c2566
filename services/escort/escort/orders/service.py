"""Escort orders: booking paid by card, the pool and its grab race, service by code, settlement, cancellation
with refund, reviews, and the scheduled clean-up. Every status move is one conditional UPDATE (the WHERE
names the statuses it may start from) plus a transition record, committed here; only the request whose
UPDATE moved the row has effects (a credit, a refund, an event), so repeats and races count once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import bindparam, delete, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from escort.catalogue.models import Hospital, Product
from escort.catalogue.service import escort_share_of
from escort.common import business_today, utcnow
from escort.escorts import ledger as escort_ledger
from escort.escorts.models import Escort, escort_hospitals
from escort.escorts.service import partner_escort, serving_clause
from escort.orders.models import Order, OrderTransition, Review
from escort.orders.schemas import (
    AdminOrderOut,
    BookIn,
    MemberOrderOut,
    PartnerOrderOut,
    ReviewIn,
)
from escort.orders.states import STATUS_LABELS, OrderStatus, can_move, refuse_move, sources_of
from shared.bus import emit
from shared.db import Database
from shared.events.orders import EscortLine, OrderSettled
from shared.identity import Identity, Principal
from shared.ledger import CardsLedger, PaymentNotSent, PaymentRefused, PaymentUnknown
from shared.privacy import mask_id_number, mask_phone
from shared.problems import Problem, field_error
from shared.runtime_settings import ESCORT_BOOKING_DAYS_AHEAD, runtime_settings

log = structlog.get_logger("escort.orders")
ID_NUMBER_PERMISSION = "escort:order:update"
# A 待支付 row older than this was left by a crash or a ledger outage: reconciliation settles it.
PAYMENT_STALE_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class Actor:
    kind: str  # member | escort | staff | system
    id: int | None = None
    name: str = ""


SYSTEM = Actor("system", None, "系统")


def order_ref(order_no: str) -> str:
    return f"escort:{order_no}"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def _base(o: Any) -> dict[str, Any]:
    return {
        "id": o.id, "order_no": o.order_no, "status": o.status, "status_label": status_label(o.status),
        "product_id": o.product_id, "product_name": o.product_name, "service_type": o.service_type,
        "hospital_id": o.hospital_id, "hospital_name": o.hospital_name, "department": o.department,
        "appointment_at": o.appointment_at, "patient_name": o.patient_name, "note": o.note,
        "escort_id": o.escort_id, "escort_name": o.escort_name, "taken_at": o.taken_at, "started_at": o.started_at,
        "finished_at": o.finished_at, "cancelled_at": o.cancelled_at, "created_at": o.created_at,
    }


def admin_out(o: Order, *, show_id_number: bool) -> AdminOrderOut:
    return AdminOrderOut(
        **_base(o), member_id=o.member_id, member_name=o.member_name, member_phone=mask_phone(o.member_phone),
        card_no=o.card_no, patient_phone=o.patient_phone if show_id_number else mask_phone(o.patient_phone),
        patient_id_number=o.patient_id_number if show_id_number else mask_id_number(o.patient_id_number),
        sale_amount=o.sale_amount, escort_share=o.escort_share, platform_share=o.platform_share,
        refunded_at=o.refunded_at, cancel_reason=o.cancel_reason, cancelled_by=o.cancelled_by, rating=o.rating,
        version=o.version,
    )


def member_out(o: Any) -> MemberOrderOut:
    """From an Order or a RETURNING row of the orders table (same names)."""
    return MemberOrderOut(
        **_base(o), card_no=o.card_no, patient_phone=o.patient_phone,
        patient_id_number=mask_id_number(o.patient_id_number), sale_amount=o.sale_amount,
        service_code=o.service_code, refunded_at=o.refunded_at, cancel_reason=o.cancel_reason, rating=o.rating,
    )


def partner_out(o: Any, escort_id: int) -> PartnerOrderOut:
    mine = o.escort_id == escort_id
    return PartnerOrderOut(
        **_base(o), patient_phone=o.patient_phone if mine else mask_phone(o.patient_phone),
        patient_id_number=mask_id_number(o.patient_id_number), escort_share=o.escort_share,
    )


# The hot statements are built once: a constant statement finds its compiled form in SQLAlchemy's cache
# without rebuilding a cache key from per-call values (measured on the booking path).
_RECORD = insert(OrderTransition.__table__)
_ORDERS = Order.__table__
_INSERT_ORDER = insert(_ORDERS).returning(_ORDERS.c.id, _ORDERS.c.order_no, _ORDERS.c.sale_amount,
                                               _ORDERS.c.product_name, _ORDERS.c.card_no)
_PAID = (
    update(_ORDERS)
    .where(_ORDERS.c.id == bindparam("order_id"), _ORDERS.c.status == OrderStatus.PENDING_PAYMENT.value)
    .values(status=OrderStatus.WAITING.value, version=_ORDERS.c.version + 1, updated_at=func.now(),
            card_id=bindparam("paid_card_id"), card_no=bindparam("paid_card_no"),
            payment_entry_id=bindparam("entry_id"), paid_at=func.now())
    .returning(*_ORDERS.c)
    .cte("paid")
)
# 待支付 -> 待接单 and its transition record in ONE statement (booking runs in autocommit: no statement may
# leave the other half undone); the record is written only if the UPDATE moved the row.
_CONFIRM_PAID = select(_PAID).add_cte(
    insert(OrderTransition.__table__).from_select(
        ["order_id", "from_status", "to_status", "actor_kind", "actor_id", "actor_name", "reason"],
        select(_PAID.c.id, literal(OrderStatus.PENDING_PAYMENT.value), literal(OrderStatus.WAITING.value),
               literal("member"), bindparam("actor_id"), bindparam("actor_name"), literal("已支付")),
    ).cte("recorded")
)
_P, _H = Product.__table__, Hospital.__table__
# The columns pricing needs, as plain rows (no ORM entities to build and track); the hospital's are null
# when it does not exist, so one round trip tells which of the two is missing.
_PRODUCT_AND_HOSPITAL = (
    select(_P.c.id, _P.c.name, _P.c.service_type, _P.c.price, _P.c.share_mode, _P.c.share_value, _P.c.cities,
           _P.c.on_shelf, _H.c.id.label("hospital_id"), _H.c.name.label("hospital_name"), _H.c.city,
           _H.c.departments, _H.c.shown)
    .select_from(_P.outerjoin(_H, _H.c.id == bindparam("hospital_id")))
    .where(_P.c.id == bindparam("product_id"))
)


async def _record(session: AsyncSession, order_id: int, source: str, target: str, actor: Actor,
                  reason: str = "") -> None:
    await session.execute(_RECORD, {
        "order_id": order_id, "from_status": source, "to_status": target, "actor_kind": actor.kind,
        "actor_id": actor.id, "actor_name": actor.name, "reason": reason})


async def _move(
    session: AsyncSession, order_id: int, target: OrderStatus, values: dict[str, Any], *,
    sources: list[str] | None = None, where: tuple[Any, ...] = (),
) -> Order | None:
    """The conditional status move: the moved row, or None when the order was not in a source status."""
    return (await session.execute(
        update(Order)
        .where(Order.id == order_id, Order.status.in_(sources or sources_of(target)), *where)
        .values(status=target.value, version=Order.version + 1, updated_at=utcnow(), **values)
        .returning(Order)
        .execution_options(synchronize_session=False, populate_existing=True)
    )).scalar_one_or_none()


async def _current(session: AsyncSession, order_id: int) -> Order:
    order = await session.get(Order, order_id, populate_existing=True)
    if order is None:
        raise Problem(404, "not_found", "订单不存在")
    return order


# ---------------------------------------------------------------- booking and payment


async def _replay(session: AsyncSession, member_id: int, key: str) -> MemberOrderOut | None:
    order = await session.scalar(select(Order).where(Order.member_id == member_id, Order.client_key == key))
    if order is None:
        return None
    if order.status == OrderStatus.PENDING_PAYMENT:
        raise Problem(409, "payment_in_progress", "该预约的支付仍在处理中，请稍后查看订单")
    return member_out(order)


async def _priced(connection: AsyncConnection, member: Identity, body: BookIn, key: str | None,
                  now: datetime) -> dict[str, Any]:
    # The product with the hospital beside it (null when the hospital does not exist): one round trip.
    row = (await connection.execute(_PRODUCT_AND_HOSPITAL, {"product_id": body.product_id,
                                                         "hospital_id": body.hospital_id})).first()
    if row is None or not row.on_shelf:
        raise field_error("product_id", "产品不存在或已下架", "unknown_reference")
    if row.hospital_id is None or not row.shown:
        raise field_error("hospital_id", "医院不存在或不提供陪诊", "unknown_reference")
    if row.cities and row.city not in row.cities:
        raise field_error("hospital_id", f"{row.name}不在{row.city}销售", "not_sold_here")
    if body.department and row.departments and body.department not in row.departments:
        raise field_error("department", f"{row.hospital_name}没有{body.department}", "unknown_reference")
    days_ahead = runtime_settings.get(ESCORT_BOOKING_DAYS_AHEAD)  # an operator setting (配置项), read live
    if not now < body.appointment_at <= now + timedelta(days=days_ahead):
        raise field_error("appointment_at", f"预约时间须在现在之后 {days_ahead} 天以内", "invalid_time")
    share = escort_share_of(row.price, row.share_mode, row.share_value)
    return {
        "status": OrderStatus.PENDING_PAYMENT.value, "member_id": member.id, "member_name": member.name,
        "member_phone": member.username, "card_id": body.card_id, "card_no": body.card_no or "",
        "product_id": row.id, "product_name": row.name, "service_type": row.service_type,
        "hospital_id": row.hospital_id, "hospital_name": row.hospital_name, "department": body.department,
        "appointment_at": body.appointment_at, "patient_name": body.patient_name,
        "patient_phone": body.patient_phone, "patient_id_number": body.patient_id_number, "note": body.note,
        "sale_amount": row.price, "escort_share": share, "platform_share": row.price - share,
        "service_code": f"{secrets.randbelow(10**6):06d}", "use_red_packet": body.use_red_packet,
        "client_key": key,
    }


async def book(
    session: AsyncSession, cards: CardsLedger, member: Identity, body: BookIn, key: str | None
) -> tuple[int, MemberOrderOut]:
    """(status code, order). 1: the 待支付 row, committed; 2: the card debit; 3: 待接单. A refused debit
    deletes the row: no order remains. An unclear answer leaves the row to reconciliation.

    `session` is in autocommit (router: `autocommit_session`): each statement below commits by itself, so
    every step is one statement; commit() after a write costs no round trip and marks the request as having
    written (a dead connection after it is answered, not retried)."""
    if key is not None and (replay := await _replay(session, member.id, key)) is not None:
        return 200, replay
    # The hot statements are Core: run on the session's connection, they skip the ORM's execute path.
    connection = await session.connection()
    values = await _priced(connection, member, body, key, utcnow())
    try:
        order = (await connection.execute(_INSERT_ORDER, values)).one()
        await session.commit()
    except IntegrityError:  # the same Idempotency-Key raced us
        await session.rollback()
        if key is not None and (replay := await _replay(session, member.id, key)) is not None:
            return 200, replay
        raise
    try:
        entry = await cards.debit(order_ref=order_ref(order.order_no), amount=order.sale_amount,
                                  card_no=body.card_no, card_id=body.card_id, member_id=member.id,
                                  use_red_packet=body.use_red_packet, memo=f"陪诊预约 {order.product_name}")
    except PaymentRefused as refused:
        await _drop_unpaid(session, order.id)
        raise refused.problem() from refused
    except PaymentNotSent as not_sent:
        await _drop_unpaid(session, order.id)
        raise Problem(503, "cards_unavailable", "卡片服务暂不可用，未扣款，预约未成立，请稍后重试") from not_sent
    except PaymentUnknown as unknown:
        log.warning("payment_unconfirmed", order_no=order.order_no, error=str(unknown))
        raise Problem(503, "payment_unconfirmed",
                      "支付结果暂未确认，系统会自动核对：未扣款则取消预约，已扣款则退回卡内",
                      order_no=order.order_no) from unknown
    connection = await session.connection()  # the session's again: its commit() below marks the write
    paid = (await connection.execute(_CONFIRM_PAID, {
        "order_id": order.id, "paid_card_id": entry.card_id, "paid_card_no": entry.card_no or order.card_no,
        "entry_id": entry.entry_id, "actor_id": member.id, "actor_name": member.name})).first()
    await session.commit()
    if paid is None:  # reconciliation got there first (only after PAYMENT_STALE_AFTER)
        current = await _current(session, order.id)
        raise refuse_move(current.status, OrderStatus.WAITING)
    return 201, member_out(paid)


async def _drop_unpaid(session: AsyncSession, order_id: int) -> bool:
    gone = (await session.execute(
        delete(Order).where(Order.id == order_id, Order.status == OrderStatus.PENDING_PAYMENT.value)
        .returning(Order.id))).first()
    await session.commit()
    return gone is not None


async def admin_order(session: AsyncSession, order_id: int) -> Order:
    order = await session.scalar(select(Order).where(Order.id == order_id))
    if order is None:
        raise Problem(404, "not_found", "订单不存在")
    return order



# ---------------------------------------------------------------- cancellation and refund


async def cancel(
    session: AsyncSession, cards: CardsLedger, order: Order, actor: Actor, reason: str
) -> Order:
    """待接单/已接单 -> 已取消 -> 已退款. Safe to repeat: the credit is idempotent by order_ref and only the
    request that moved the row records the cancellation; a later call answers the order as it is."""
    # A grab may move 待接单 to 已接单 between our read and our UPDATE: then cancel from what it is now.
    while order.status in (OrderStatus.WAITING, OrderStatus.ACCEPTED):
        source = order.status  # read before the move: the RETURNING refreshes `order` in place
        moved = await _move(session, order.id, OrderStatus.CANCELLED, {
            "cancelled_at": utcnow(), "cancel_reason": reason, "cancelled_by": actor.kind}, sources=[source])
        if moved is not None:
            await _record(session, order.id, source, OrderStatus.CANCELLED, actor, reason)
        await session.commit()
        order = await _current(session, order.id)
    if order.status == OrderStatus.CANCELLED:
        await refund(session, cards, order)
        return await _current(session, order.id)
    if order.status == OrderStatus.REFUNDED:
        return order
    raise refuse_move(order.status, OrderStatus.CANCELLED)


async def refund(session: AsyncSession, cards: CardsLedger, order: Order) -> bool:
    """Credits a 已取消 order's card and marks it 已退款; a ledger failure leaves it for reconciliation."""
    try:
        entry = await cards.credit(order_ref=order_ref(order.order_no), amount=order.sale_amount,
                                   reason="陪诊订单取消退款")
    except (PaymentRefused, PaymentUnknown, PaymentNotSent) as exc:
        log.warning("refund_pending", order_no=order.order_no, error=str(exc))
        return False
    moved = await _move(session, order.id, OrderStatus.REFUNDED, {
        "refunded_at": utcnow(), "refund_entry_id": entry.entry_id}, sources=[OrderStatus.CANCELLED.value])
    if moved is not None:
        await _record(session, order.id, OrderStatus.CANCELLED, OrderStatus.REFUNDED, SYSTEM, "已退回卡内")
    await session.commit()
    return True


async def member_order(session: AsyncSession, member: Identity, order_id: int) -> Order:
    order = await session.scalar(select(Order).where(Order.id == order_id, Order.member_id == member.id,
                                                     Order.status != OrderStatus.PENDING_PAYMENT.value))
    if order is None:
        raise Problem(404, "not_found", "订单不存在")
    return order


async def member_cancel(
    session: AsyncSession, cards: CardsLedger, member: Identity, order_id: int, reason: str
) -> MemberOrderOut:
    order = await member_order(session, member, order_id)
    return member_out(await cancel(session, cards, order, Actor("member", member.id, member.name),
                                   reason or "会员取消"))


async def admin_cancel(
    session: AsyncSession, cards: CardsLedger, principal: Principal, order_id: int, reason: str
) -> AdminOrderOut:
    order = await admin_order(session, order_id)
    moved = await cancel(session, cards, order, Actor("staff", principal.id, principal.name), reason or "后台取消")
    return admin_out(moved, show_id_number=principal.can(ID_NUMBER_PERMISSION))


# ---------------------------------------------------------------- taking orders: grab, assign, give back


async def _serving_escort(session: AsyncSession, escort_id: int) -> Escort | None:
    return await session.scalar(select(Escort).where(Escort.id == escort_id, serving_clause(business_today())))


_SERVING_ESCORT = select(Escort.id, Escort.name, serving_clause(bindparam("today")).label("serving")).where(
    Escort.id == bindparam("escort_id"))
_HIS_HOSPITALS = (select(escort_hospitals.c.hospital_id).where(escort_hospitals.c.escort_id == bindparam("escort_id"))
                  .scalar_subquery())
# The grab: one conditional UPDATE; of any number of escorts at once exactly one moves the row.
_GRAB = (
    update(_ORDERS)
    .where(_ORDERS.c.id == bindparam("order_id"), _ORDERS.c.status == OrderStatus.WAITING.value,
           _ORDERS.c.hospital_id.in_(_HIS_HOSPITALS), _ORDERS.c.appointment_at > func.now())
    .values(status=OrderStatus.ACCEPTED.value, escort_id=bindparam("escort_id"), escort_name=bindparam("escort_name"),
            taken_at=func.now(), version=_ORDERS.c.version + 1, updated_at=func.now())
    .returning(*_ORDERS.c)
)
# The pool page and its size in one statement (a window count); the rows are plain rows, not ORM objects.
POOL_PAGE = (
    select(*_ORDERS.c, func.count().over().label("pool_total"))
    .where(_ORDERS.c.status == OrderStatus.WAITING.value, _ORDERS.c.hospital_id.in_(_HIS_HOSPITALS),
           _ORDERS.c.appointment_at > func.now())
    .order_by(_ORDERS.c.appointment_at, _ORDERS.c.id)
    .limit(bindparam("limit")).offset(bindparam("offset"))
)


@dataclass(frozen=True)
class ServingEscort:
    id: int
    name: str


async def serving_partner(session: AsyncSession, partner: Identity) -> ServingEscort:
    """The key's escort, in one query with the certified-and-valid check: 403 unless he may take orders."""
    row = (await session.execute(_SERVING_ESCORT, {"escort_id": partner.partner_id, "today": business_today()})
           ).first() if partner.partner_id else None
    if row is None:
        raise Problem(403, "unknown_partner", "该密钥绑定的陪诊师不存在")
    if not row.serving:
        raise Problem(403, "not_certified", "只有已认证且证书有效的陪诊师才能查看和接单")
    return ServingEscort(row.id, row.name)


def _at_hospitals_of(escort_id: int) -> Any:
    return Order.hospital_id.in_(select(escort_hospitals.c.hospital_id)
                                 .where(escort_hospitals.c.escort_id == escort_id).scalar_subquery())


async def grab(session: AsyncSession, partner: Identity, order_id: int) -> PartnerOrderOut:
    """One conditional UPDATE: of any number of escorts grabbing at once, exactly one moves the row."""
    escort = await serving_partner(session, partner)
    moved = (await session.execute(_GRAB, {"order_id": order_id, "escort_id": escort.id,
                                           "escort_name": escort.name})).first()
    if moved is None:
        order = await session.scalar(select(Order).where(
            Order.id == order_id, Order.status != OrderStatus.PENDING_PAYMENT.value, _at_hospitals_of(escort.id)))
        if order is None:
            raise Problem(404, "not_found", "订单不存在")
        if order.escort_id == escort.id and order.status == OrderStatus.ACCEPTED:
            return partner_out(order, escort.id)  # a repeated grab by the winner answers the same
        if order.status == OrderStatus.WAITING:
            raise Problem(409, "appointment_passed", "预约时间已过，不能接单")
        raise Problem(409, "already_taken", "手慢了，该订单已被接走或已取消", current_status=order.status)
    await _record(session, order_id, OrderStatus.WAITING, OrderStatus.ACCEPTED,
                  Actor("escort", escort.id, escort.name), "抢单")
    await session.commit()
    return partner_out(moved, escort.id)


async def assign(session: AsyncSession, principal: Principal, order_id: int, escort_id: int) -> AdminOrderOut:
    """Admin assignment: only to a serving escort who serves the order's hospital, only from 待接单."""
    order = await admin_order(session, order_id)
    escort = await _serving_escort(session, escort_id)
    if escort is None:
        raise field_error("escort_id", "该陪诊师不存在，或未认证/证书无效", "not_certified")
    serves = await session.scalar(select(escort_hospitals.c.escort_id).where(
        escort_hospitals.c.escort_id == escort_id, escort_hospitals.c.hospital_id == order.hospital_id))
    if serves is None:
        raise field_error("escort_id", f"{escort.name}不服务{order.hospital_name}", "hospital_not_served")
    moved = await _move(session, order_id, OrderStatus.ACCEPTED, {
        "escort_id": escort.id, "escort_name": escort.name, "taken_at": utcnow()},
        sources=[OrderStatus.WAITING.value])
    if moved is None:
        raise refuse_move((await _current(session, order_id)).status, OrderStatus.ACCEPTED)
    await _record(session, order_id, OrderStatus.WAITING, OrderStatus.ACCEPTED,
                  Actor("staff", principal.id, principal.name), f"指派给{escort.name}")
    await session.commit()
    return admin_out(moved, show_id_number=principal.can(ID_NUMBER_PERMISSION))


async def escort_order(session: AsyncSession, escort_id: int, order_id: int) -> Order:
    """An order of this escort; another escort's order (or an unknown id) answers 404, never 403."""
    order = await session.scalar(select(Order).where(Order.id == order_id, Order.escort_id == escort_id))
    if order is None:
        raise Problem(404, "not_found", "订单不存在")
    return order


async def give_back(session: AsyncSession, partner: Identity, order_id: int, reason: str) -> PartnerOrderOut:
    """已接单 -> 待接单 before the service starts: the order returns to the pool."""
    escort = await partner_escort(session, partner)
    order = await escort_order(session, escort.id, order_id)
    moved = await _move(session, order_id, OrderStatus.WAITING, {"escort_id": None, "escort_name": "",
                                                                  "taken_at": None},
                        sources=[OrderStatus.ACCEPTED.value], where=(Order.escort_id == escort.id,))
    if moved is None:
        raise refuse_move((await _current(session, order.id)).status, OrderStatus.WAITING)
    await _record(session, order_id, OrderStatus.ACCEPTED, OrderStatus.WAITING,
                  Actor("escort", escort.id, escort.name), reason or "陪诊师退单")
    await session.commit()
    return partner_out(moved, escort.id)


# ---------------------------------------------------------------- service: start by code, finish and settle


async def start(session: AsyncSession, partner: Identity, order_id: int, code: str) -> PartnerOrderOut:
    escort = await partner_escort(session, partner)
    order = await escort_order(session, escort.id, order_id)
    if order.status == OrderStatus.IN_SERVICE:
        return partner_out(order, escort.id)
    if not can_move(order.status, OrderStatus.IN_SERVICE):
        raise refuse_move(order.status, OrderStatus.IN_SERVICE)
    if not secrets.compare_digest(code, order.service_code):
        raise Problem(422, "wrong_service_code", "核销码不正确", errors=[{"field": "code", "message": "核销码不正确"}])
    moved = await _move(session, order_id, OrderStatus.IN_SERVICE, {"started_at": utcnow()},
                        where=(Order.escort_id == escort.id,))
    if moved is None:
        current = await _current(session, order_id)
        if current.status == OrderStatus.IN_SERVICE:
            return partner_out(current, escort.id)
        raise refuse_move(current.status, OrderStatus.IN_SERVICE)
    await _record(session, order_id, OrderStatus.ACCEPTED, OrderStatus.IN_SERVICE,
                  Actor("escort", escort.id, escort.name), "核销码验证通过")
    await session.commit()
    return partner_out(moved, escort.id)


def settled_event(order: Order, settled_at: datetime) -> OrderSettled:
    line = EscortLine(
        product_id=order.product_id, product_name=order.product_name, escort_id=order.escort_id,
        escort_name=order.escort_name, hospital_id=order.hospital_id, hospital_name=order.hospital_name,
        sale_amount=order.sale_amount, settlement_amount=order.escort_share,
    )
    # settlement_amount is what the escort is owed; the platform keeps sale_amount - settlement_amount.
    return OrderSettled(
        context="escort", order_id=order.id, order_no=order.order_no, member_id=order.member_id,
        member_name=order.member_name, card_id=order.card_id, card_no=order.card_no, sale_amount=order.sale_amount,
        settlement_amount=order.escort_share, settled_at=settled_at, lines=[line],
    )


async def finish(session: AsyncSession, partner: Identity, order_id: int) -> PartnerOrderOut:
    """服务中 -> 已完成; in the same transaction the escort's share is credited to his earnings and
    `escort.OrderSettled` is written: exactly once, because only the request that moved the row does it."""
    escort = await partner_escort(session, partner)
    order = await escort_order(session, escort.id, order_id)
    if order.status == OrderStatus.COMPLETED:
        return partner_out(order, escort.id)
    if not can_move(order.status, OrderStatus.COMPLETED):
        raise refuse_move(order.status, OrderStatus.COMPLETED)
    now = utcnow()
    moved = await _move(session, order_id, OrderStatus.COMPLETED, {"finished_at": now},
                        where=(Order.escort_id == escort.id,))
    if moved is None:
        current = await _current(session, order_id)
        if current.status == OrderStatus.COMPLETED:
            return partner_out(current, escort.id)
        raise refuse_move(current.status, OrderStatus.COMPLETED)
    await _record(session, order_id, OrderStatus.IN_SERVICE, OrderStatus.COMPLETED,
                  Actor("escort", escort.id, escort.name), "服务完成")
    await escort_ledger.move(session, escort.id, "earning", amount=moved.escort_share, order_id=order_id,
                             memo=f"订单 {moved.order_no} 服务收入")
    await session.execute(update(Escort).where(Escort.id == escort.id).values(order_count=Escort.order_count + 1))
    await emit(session, "escort", settled_event(moved, now))
    await session.commit()
    return partner_out(moved, escort.id)


# ---------------------------------------------------------------- reviews


async def review(session: AsyncSession, member: Identity, order_id: int, body: ReviewIn) -> MemberOrderOut:
    """Once per completed order; the escort's rating is the mean of his reviews."""
    order = await member_order(session, member, order_id)
    if order.status != OrderStatus.COMPLETED:
        raise Problem(409, "not_completed", "订单完成后才能评价", current_status=order.status)
    rated = (await session.execute(
        update(Order).where(Order.id == order_id, Order.rating.is_(None))
        .values(rating=body.rating, version=Order.version + 1).returning(Order.id))).first()
    if rated is None:
        raise Problem(409, "already_reviewed", "该订单已评价过")
    await session.execute(insert(Review).values(order_id=order_id, escort_id=order.escort_id, member_id=member.id,
                                                rating=body.rating, content=body.content))
    await session.execute(update(Escort).where(Escort.id == order.escort_id).values(
        rating_sum=Escort.rating_sum + body.rating, rating_count=Escort.rating_count + 1))
    await session.commit()
    return member_out(await _current(session, order_id))


# ---------------------------------------------------------------- scheduled: untaken orders, stale payments


async def sweep(db: Database, cards: CardsLedger, now: datetime, *, limit: int = 200) -> dict[str, int]:
    """Acts on state, so a rerun (or a second worker) changes nothing twice:
    - 待接单 orders whose time has come and that nobody took: cancelled by the system, then refunded;
    - 已取消 orders not yet refunded (a ledger outage): refunded;
    - 待支付 rows older than PAYMENT_STALE_AFTER: credit by order_ref; debit_not_found means nothing was
      taken and the row is deleted; a credit means a debit had happened, and the order is 已退款."""
    result = {"expired": 0, "refunded": 0, "unpaid_dropped": 0, "unpaid_refunded": 0, "left_for_later": 0}
    async with db.sessions() as session:
        expired = list((await session.execute(
            select(Order.id).where(Order.status == OrderStatus.WAITING.value, Order.appointment_at <= now)
            .order_by(Order.id).limit(limit))).scalars())
        for order_id in expired:
            moved = await _move(session, order_id, OrderStatus.CANCELLED, {
                "cancelled_at": now, "cancel_reason": "超时无人接单，自动取消", "cancelled_by": "system"},
                sources=[OrderStatus.WAITING.value], where=(Order.appointment_at <= now,))
            if moved is not None:
                await _record(session, order_id, OrderStatus.WAITING, OrderStatus.CANCELLED, SYSTEM, "超时无人接单")
                result["expired"] += 1
            await session.commit()
        cancelled = list((await session.execute(
            select(Order).where(Order.status == OrderStatus.CANCELLED.value).order_by(Order.id).limit(limit)
        )).scalars())
        for order in cancelled:
            result["refunded" if await refund(session, cards, order) else "left_for_later"] += 1
        stale = list((await session.execute(
            select(Order).where(Order.status == OrderStatus.PENDING_PAYMENT.value,
                                Order.created_at < now - PAYMENT_STALE_AFTER).order_by(Order.id).limit(limit)
        )).scalars())
        for order in stale:
            try:
                entry = await cards.credit(order_ref=order_ref(order.order_no), amount=order.sale_amount,
                                           reason="支付结果未确认，自动退款")
            except PaymentRefused as refused:
                if refused.code == "debit_not_found" and await _drop_unpaid(session, order.id):
                    result["unpaid_dropped"] += 1
                elif refused.code != "debit_not_found":
                    result["left_for_later"] += 1
                continue
            except (PaymentUnknown, PaymentNotSent):
                result["left_for_later"] += 1
                continue
            moved = await _move(session, order.id, OrderStatus.REFUNDED, {
                "refunded_at": now, "cancelled_at": now, "refund_entry_id": entry.entry_id,
                "cancel_reason": "支付结果未确认，已自动退款", "cancelled_by": "system"},
                sources=[OrderStatus.PENDING_PAYMENT.value])
            if moved is not None:
                await _record(session, order.id, OrderStatus.PENDING_PAYMENT, OrderStatus.REFUNDED, SYSTEM,
                              "支付结果未确认，已自动退款")
                result["unpaid_refunded"] += 1
            await session.commit()
    return result
