"""Orders: booking (capacity, then payment), cancellation with refund, check-in, completion, reconciliation.

Booking is three short transactions so that no crash can lose money or a booking:
  1. take one place (`UPDATE schedules ... WHERE booked < capacity AND NOT closed`) and insert the order
     as 待支付, commit;
  2. debit the card through cards with order_ref "health:<order no>" (idempotent there);
  3. mark the order 已预约 (paid), or on a refusal delete it and give the place back, commit.
A crash after 1 or 2 leaves a 待支付 row; `reconcile` later refunds by the same order_ref (cards answers
debit_not_found when nothing was taken) and releases the place.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from health.common import business_today, utcnow
from health.hospitals.models import Schedule
from health.orders.models import Order
from health.orders.queries import get_order, member_order, order_out
from health.orders.schemas import BookIn
from health.orders.states import OrderStatus, can_move, refuse_move, sources_of
from shared.bus import emit
from shared.db import Database
from shared.events.orders import HealthLine, OrderSettled
from shared.identity import Identity
from shared.ledger import CardsLedger, PaymentNotSent, PaymentRefused, PaymentUnknown
from shared.problems import Problem, field_error

log = structlog.get_logger("health.orders")
BOOKING_HORIZON_DAYS = 90
# A 待支付 order older than this is settled by reconciliation (far beyond the ledger call's timeout).
PAYMENT_STALE_AFTER = timedelta(minutes=2)


# ---------------------------------------------------------------- capacity


async def release_place(session: AsyncSession, hospital_id: int, day: Any) -> None:
    await session.execute(
        update(Schedule)
        .where(Schedule.hospital_id == hospital_id, Schedule.day == day, Schedule.booked > 0)
        .values(booked=Schedule.booked - 1, updated_at=utcnow())
    )


# ---------------------------------------------------------------- booking
# The booking path is the hot one (bench/health): it is written as three statements, each one round trip.

# What is booked and what it costs, in one query. The price follows health.packages.service.price_for:
# the package's own price when set, else the sum of the items for both genders plus those of the gender.
_BOOKABLE = text(
    """
    SELECT p.id AS package_id, p.name AS package_name, p.status AS package_status,
           b.id AS brand_id, b.name AS brand_name, b.status AS brand_status,
           h.id AS hospital_id, h.name AS hospital_name, h.status AS hospital_status,
           EXISTS (SELECT 1 FROM package_hospitals ph WHERE ph.package_id = p.id AND ph.hospital_id = h.id) AS offered,
           COALESCE(p.price, COALESCE(SUM(i.sale_price) FILTER (WHERE pi.gender IN ('both', :gender)), 0))
               AS sale_amount,
           COALESCE(p.settlement_price,
                    COALESCE(SUM(i.settlement_price) FILTER (WHERE pi.gender IN ('both', :gender)), 0))
               AS settlement_amount
      FROM packages p
      JOIN brands b ON b.id = p.brand_id
      LEFT JOIN hospitals h ON h.id = :hospital_id
      LEFT JOIN package_items pi ON pi.package_id = p.id
      LEFT JOIN items i ON i.id = pi.item_id
     WHERE p.id = :package_id
     GROUP BY p.id, b.id, h.id
    """
)

# The place and the 待支付 order in one statement: no place, no row (the one place capacity is taken:
# a conditional UPDATE, so concurrent bookings never overbook).
_TAKE_PLACE_AND_INSERT = text(
    """
    WITH place AS (
        UPDATE schedules SET booked = booked + 1, updated_at = now()
         WHERE hospital_id = :hospital_id AND day = :day AND booked < capacity AND NOT closed
        RETURNING id
    )
    INSERT INTO orders (status, member_id, member_name, member_phone, examinee_name, examinee_phone, gender,
                        card_id, card_no, package_id, package_name, hospital_id, hospital_name, brand_id,
                        brand_name, day, sale_amount, settlement_amount, use_red_packet, client_key)
    SELECT 'pending_payment', :member_id, :member_name, :member_phone, :examinee_name, :examinee_phone, :gender,
           :card_id, :card_no, :package_id, :package_name, :hospital_id, :hospital_name, :brand_id,
           :brand_name, :day, :sale_amount, :settlement_amount, :use_red_packet, :client_key
      FROM place
    RETURNING *
    """
)

_CONFIRM_PAID = text(
    """
    UPDATE orders
       SET status = 'booked', paid_at = now(), updated_at = now(), version = version + 1,
           card_id = :card_id, card_no = :card_no, payment_entry_id = :entry_id,
           red_packet_part = :red_packet_part, balance_part = :balance_part
     WHERE id = :id AND status = 'pending_payment'
    RETURNING *
    """
)


def order_ref(order_no: str) -> str:
    """The reference the card ledger knows an order by (idempotency key of its debit and credit)."""
    return f"health:{order_no}"


async def _replay(session: AsyncSession, member_id: int, key: str, body: BookIn) -> tuple[int, dict[str, Any]] | None:
    order = await session.scalar(select(Order).where(Order.member_id == member_id, Order.client_key == key))
    if order is None:
        return None
    same = (order.package_id, order.hospital_id, order.day, order.gender) == (
        body.package_id, body.hospital_id, body.day, body.gender
    )
    if not same:
        raise Problem(422, "idempotency_key_reused", "同一个 Idempotency-Key 不能用于不同的预约")
    if order.status == OrderStatus.PENDING_PAYMENT:
        raise Problem(409, "payment_in_progress", "该预约正在支付中，请稍后查看订单", order_no=order.order_no)
    return 200, order_out(order)


async def _priced_booking(session: AsyncSession, member: Identity, body: BookIn, key: str | None) -> dict[str, Any]:
    """Checks what is booked (bookable package, one of its stores, a day in range) and prices it."""
    today = business_today()
    if body.day < today:
        raise field_error("day", "不能预约已过去的日期", "invalid_day")
    if body.day > today + timedelta(days=BOOKING_HORIZON_DAYS):
        raise field_error("day", f"最多预约 {BOOKING_HORIZON_DAYS} 天内的日期", "invalid_day")
    row = (
        await session.execute(
            _BOOKABLE, {"package_id": body.package_id, "hospital_id": body.hospital_id, "gender": body.gender}
        )
    ).first()
    if row is None or row.package_status != "online" or row.brand_status != "online":
        raise Problem(404, "package_not_found", "套餐不存在或已下架")
    if row.hospital_id is None or row.hospital_status != "active" or not row.offered:
        raise field_error("hospital_id", "该套餐不能在这家门店预约", "hospital_not_offered")
    return {
        "member_id": member.id, "member_name": member.name, "member_phone": member.username,
        "examinee_name": body.examinee_name, "examinee_phone": body.examinee_phone, "gender": body.gender,
        "card_id": body.card_id, "card_no": body.card_no or "", "package_id": row.package_id,
        "package_name": row.package_name, "hospital_id": row.hospital_id, "hospital_name": row.hospital_name,
        "brand_id": row.brand_id, "brand_name": row.brand_name, "day": body.day,
        "sale_amount": row.sale_amount, "settlement_amount": row.settlement_amount,
        "use_red_packet": body.use_red_packet, "client_key": key,
    }


async def book(
    session: AsyncSession, ledger: CardsLedger, member: Identity, body: BookIn, key: str | None
) -> tuple[int, dict[str, Any]]:
    """Returns (status code, order). Raises a Problem when nothing was booked."""
    if key is not None and (replay := await _replay(session, member.id, key, body)) is not None:
        return replay
    values = await _priced_booking(session, member, body, key)
    # Step 1: the place and the 待支付 order, together.
    try:
        order = (await session.execute(_TAKE_PLACE_AND_INSERT, values)).first()
        if order is None:
            await session.rollback()
            raise Problem(
                409, "fully_booked", "该日期已约满或不可预约", errors=[{"field": "day", "message": "没有剩余名额"}]
            )
        await session.commit()
    except IntegrityError:
        # The same Idempotency-Key raced us; our place went back with the rollback.
        await session.rollback()
        if key is not None and (replay := await _replay(session, member.id, key, body)) is not None:
            return replay
        raise
    # Step 2: the card.
    try:
        entry = await ledger.debit(
            order_ref=order_ref(order.order_no),
            amount=order.sale_amount,
            card_no=body.card_no,
            card_id=body.card_id,
            member_id=member.id,
            use_red_packet=body.use_red_packet,
            memo=f"体检预约 {order.package_name}",
        )
    except PaymentRefused as refused:
        await drop_unpaid(session, order)
        await session.commit()
        raise refused.problem() from refused
    except PaymentNotSent as not_sent:
        await drop_unpaid(session, order)
        await session.commit()
        raise Problem(503, "cards_unavailable", "卡片服务暂不可用，未扣款，预约未成立，请稍后重试") from not_sent
    except PaymentUnknown as unknown:
        log.warning("payment_unconfirmed", order_no=order.order_no, error=str(unknown))
        raise Problem(
            503, "payment_unconfirmed", "支付结果暂未确认，系统会自动核对：未扣款则取消预约，已扣款则退回卡内",
            order_no=order.order_no,
        ) from unknown
    # Step 3: paid.
    paid = (
        await session.execute(_CONFIRM_PAID, {
            "id": order.id, "card_id": entry.card_id, "card_no": entry.card_no or order.card_no,
            "entry_id": entry.entry_id, "red_packet_part": entry.red_packet_part, "balance_part": entry.balance_part,
        })
    ).first()
    await session.commit()
    if paid is None:  # reconciliation got there first (only after PAYMENT_STALE_AFTER): report what it did
        current = await session.get(Order, order.id, populate_existing=True)
        raise refuse_move(current.status if current else OrderStatus.REFUNDED.value, OrderStatus.BOOKED)
    return 201, order_out(paid)


async def drop_unpaid(session: AsyncSession, order: Any) -> bool:
    """A 待支付 order whose debit was refused or never happened: no booking remains, the place goes back."""
    gone = await session.execute(
        delete(Order)
        .where(Order.id == order.id, Order.status == OrderStatus.PENDING_PAYMENT.value)
        .returning(Order.id)
        .execution_options(synchronize_session=False)
    )
    if gone.first() is None:
        return False
    await release_place(session, order.hospital_id, order.day)
    return True


# ---------------------------------------------------------------- cancellation and refund


async def admin_cancel(session: AsyncSession, ledger: CardsLedger, order_id: int, *, by: str, reason: str
                       ) -> dict[str, Any]:
    """后台取消: any day, any order that is still 已预约 (or finishing its refund). A 待支付 order is
    reconciliation's to settle: it does not exist here."""
    order = await get_order(session, order_id)
    if order.status == OrderStatus.PENDING_PAYMENT:
        raise Problem(404, "not_found", "订单不存在")
    return await cancel(session, ledger, order, by=by, reason=reason or "后台取消")


async def member_cancel(session: AsyncSession, ledger: CardsLedger, member_id: int, order_id: int, reason: str
                        ) -> dict[str, Any]:
    """A member cancels up to the day before the booked day; the card is credited."""
    order = await member_order(session, member_id, order_id)
    if order.status == OrderStatus.BOOKED and order.day <= business_today():
        raise Problem(409, "too_late_to_cancel", "预约当天及之后不能取消")
    return await cancel(session, ledger, order, by=f"member:{member_id}", reason=reason or "会员取消")



async def cancel(
    session: AsyncSession, ledger: CardsLedger, order: Order, *, by: str, reason: str
) -> dict[str, Any]:
    """已预约 -> 已取消 (place freed) -> 已退款 (card credited). Safe to repeat: a second call refunds nothing
    more (the credit is idempotent by order_ref) and answers the order as it is."""
    if order.status == OrderStatus.BOOKED:
        moved = (
            await session.execute(
                update(Order)
                .where(Order.id == order.id, Order.status == OrderStatus.BOOKED.value)
                .values(
                    status=OrderStatus.CANCELLED.value,
                    cancelled_at=utcnow(),
                    cancel_reason=reason,
                    cancelled_by=by,
                    version=Order.version + 1,
                )
                .returning(Order.id)
            )
        ).first()
        if moved is not None:
            await release_place(session, order.hospital_id, order.day)
        await session.commit()
        await session.refresh(order)
    if order.status == OrderStatus.CANCELLED:
        await refund(session, ledger, order)
        await session.refresh(order)
        return order_out(order)
    if order.status == OrderStatus.REFUNDED:
        return order_out(order)
    raise refuse_move(order.status, OrderStatus.CANCELLED)


async def refund(session: AsyncSession, ledger: CardsLedger, order: Order) -> bool:
    """Credits a 已取消 order's card and marks it 已退款; a ledger failure leaves it for reconciliation."""
    try:
        entry = await ledger.credit(
            order_ref=order_ref(order.order_no), amount=order.sale_amount, reason="体检预约取消退款"
        )
    except (PaymentRefused, PaymentUnknown, PaymentNotSent) as exc:
        log.warning("refund_pending", order_no=order.order_no, error=str(exc))
        return False
    await session.execute(
        update(Order)
        .where(Order.id == order.id, Order.status == OrderStatus.CANCELLED.value)
        .values(status=OrderStatus.REFUNDED.value, refunded_at=utcnow(), refund_entry_id=entry.entry_id,
                version=Order.version + 1)
    )
    await session.commit()
    return True


# ---------------------------------------------------------------- partner: check-in and completion


async def partner_order(session: AsyncSession, hospital_id: int, order_id: int) -> Order:
    """Another hospital's order (or a 待支付 one) does not exist for this partner: 404, never 403."""
    order = await session.scalar(
        select(Order).where(
            Order.id == order_id,
            Order.hospital_id == hospital_id,
            Order.status != OrderStatus.PENDING_PAYMENT.value,
        )
    )
    if order is None:
        raise Problem(404, "not_found", "订单不存在")
    return order


async def partner_order_detail(session: AsyncSession, hospital_id: int, order_id: int) -> dict[str, Any]:
    return order_out(await partner_order(session, hospital_id, order_id))


async def check_in(session: AsyncSession, hospital_id: int, order_id: int) -> dict[str, Any]:
    order = await partner_order(session, hospital_id, order_id)
    if order.status == OrderStatus.CHECKED_IN:
        return order_out(order)
    if not can_move(order.status, OrderStatus.CHECKED_IN):
        raise refuse_move(order.status, OrderStatus.CHECKED_IN)
    if order.day > business_today():
        raise Problem(409, "not_checkin_day", f"预约日期为 {order.day.isoformat()}，当天才能到检")
    moved = (
        await session.execute(
            update(Order)
            .where(Order.id == order.id, Order.status.in_(sources_of(OrderStatus.CHECKED_IN)))
            .values(status=OrderStatus.CHECKED_IN.value, checked_in_at=utcnow(), version=Order.version + 1)
            .returning(Order)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
    ).scalar_one_or_none()
    await session.commit()
    if moved is None:  # a concurrent cancel or check-in won
        await session.refresh(order)
        if order.status == OrderStatus.CHECKED_IN:
            return order_out(order)
        raise refuse_move(order.status, OrderStatus.CHECKED_IN)
    return order_out(moved)


async def complete(session: AsyncSession, hospital_id: int, order_id: int) -> dict[str, Any]:
    """已到检 -> 已完成, and `health.OrderSettled` in the same transaction: exactly once per order,
    because only the request whose conditional update moved the row emits."""
    order = await partner_order(session, hospital_id, order_id)
    if order.status == OrderStatus.COMPLETED:
        return order_out(order)
    if not can_move(order.status, OrderStatus.COMPLETED):
        raise refuse_move(order.status, OrderStatus.COMPLETED)
    now = utcnow()
    moved = (
        await session.execute(
            update(Order)
            .where(Order.id == order.id, Order.status.in_(sources_of(OrderStatus.COMPLETED)))
            .values(status=OrderStatus.COMPLETED.value, completed_at=now, version=Order.version + 1)
            .returning(Order)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
    ).scalar_one_or_none()
    if moved is None:
        await session.rollback()
        await session.refresh(order)
        if order.status == OrderStatus.COMPLETED:
            return order_out(order)
        raise refuse_move(order.status, OrderStatus.COMPLETED)
    await emit(session, "health", settled_event(moved, now))
    await session.commit()
    return order_out(moved)


def settled_event(order: Order, settled_at: datetime) -> OrderSettled:
    line = HealthLine(
        hospital_id=order.hospital_id,
        hospital_name=order.hospital_name,
        brand_id=order.brand_id,
        brand_name=order.brand_name,
        package_id=order.package_id,
        package_name=order.package_name,
        sale_amount=order.sale_amount,
        settlement_amount=order.settlement_amount,
    )
    return OrderSettled(
        context="health",
        order_id=order.id,
        order_no=order.order_no,
        member_id=order.member_id,
        member_name=order.member_name,
        card_id=order.card_id,
        card_no=order.card_no,
        sale_amount=order.sale_amount,
        settlement_amount=order.settlement_amount,
        settled_at=settled_at,
        lines=[line],
    )


# ---------------------------------------------------------------- reconciliation (scheduled)


async def reconcile(db: Database, ledger: CardsLedger, now: datetime, *, limit: int = 200) -> dict[str, Any]:
    """Settles what a crash or a ledger outage left behind; acts on state, so a rerun changes nothing.

    - 待支付 older than PAYMENT_STALE_AFTER: credit by order_ref. debit_not_found -> nothing was taken:
      delete the order and free the place. A credit -> a debit had happened: the order becomes 已退款
      (the member was told the payment was not confirmed) and the place is freed.
    - 已取消 (refund not yet made): credit again -> 已退款.
    """
    result = {"unpaid_dropped": 0, "unpaid_refunded": 0, "refunds_made": 0, "left_for_later": 0}
    async with db.sessions() as session:
        stale = list(
            (
                await session.execute(
                    select(Order)
                    .where(
                        Order.status == OrderStatus.PENDING_PAYMENT.value,
                        Order.created_at < now - PAYMENT_STALE_AFTER,
                    )
                    .order_by(Order.id)
                    .limit(limit)
                )
            ).scalars()
        )
        for order in stale:
            try:
                entry = await ledger.credit(order_ref=order_ref(order.order_no), amount=order.sale_amount,
                                            reason="支付结果未确认，自动退款")
            except PaymentRefused as refused:
                if refused.code != "debit_not_found":
                    result["left_for_later"] += 1
                    continue
                if await drop_unpaid(session, order):
                    result["unpaid_dropped"] += 1
                await session.commit()
                continue
            except (PaymentUnknown, PaymentNotSent):
                result["left_for_later"] += 1
                continue
            moved = await session.execute(
                update(Order)
                .where(Order.id == order.id, Order.status == OrderStatus.PENDING_PAYMENT.value)
                .values(status=OrderStatus.REFUNDED.value, refunded_at=now, cancelled_at=now,
                        refund_entry_id=entry.entry_id, cancel_reason="支付结果未确认，已自动退款",
                        cancelled_by="system", version=Order.version + 1)
                .returning(Order.id)
            )
            if moved.first() is not None:
                await release_place(session, order.hospital_id, order.day)
                result["unpaid_refunded"] += 1
            await session.commit()
        cancelled = list(
            (
                await session.execute(
                    select(Order).where(Order.status == OrderStatus.CANCELLED.value).order_by(Order.id).limit(limit)
                )
            ).scalars()
        )
        for order in cancelled:
            if await refund(session, ledger, order):
                result["refunds_made"] += 1
            else:
                result["left_for_later"] += 1
    return result

