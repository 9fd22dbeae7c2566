"""Orders after they are placed: views and lists, cancellation with its refund, shipping, completion (with
mall.OrderSettled) and the auto-complete job. Every status move is one conditional UPDATE checked against
the transition table; only the request whose UPDATE moved the row records the move and emits, so a race
(two confirms, a confirm against the auto-complete job) settles an order once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import Select, exists, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from mall.common import utcnow
from mall.goods.models import Goods
from mall.orders.models import Order, OrderLine, OrderTransition
from mall.orders.schemas import CARRIERS, AdminLineOut, LineOut, MemberOrderOut, OrderOut, TransitionOut
from mall.orders.states import STATUS_LABELS, VISIBLE_LABELS, OrderStatus, can_move, refuse_move, sources_of
from shared.bus import emit
from shared.dates import day_end, day_start
from shared.db import Database
from shared.events.orders import MallLine, OrderSettled
from shared.ledger import CardsLedger, PaymentNotSent, PaymentRefused, PaymentUnknown
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, options
from shared.problems import Problem, not_found

log = structlog.get_logger("mall.orders")
SORTABLE = {"id": Order.id, "created_at": Order.created_at, "sale_amount": Order.sale_amount,
            "shipped_at": Order.shipped_at, "completed_at": Order.completed_at}
EXPORT_COLUMNS = [
    ("order_no", "订单号"), ("status_label", "订单状态"), ("member_name", "会员"), ("member_phone", "会员手机号"),
    ("card_no", "卡号"), ("goods", "商品"), ("quantity", "数量"), ("sale_amount", "订单金额"),
    ("settlement_amount", "结算金额"), ("consignee_name", "收货人"), ("consignee_phone", "收货电话"),
    ("address", "收货地址"), ("carrier_label", "物流公司"), ("tracking_no", "物流单号"), ("created_at", "下单时间"),
    ("paid_at", "支付时间"), ("shipped_at", "发货时间"), ("completed_at", "完成时间"), ("refund_amount", "退款金额"),
]


def order_ref(order_no: str) -> str:
    return f"mall:{order_no}"


@dataclass(frozen=True)
class OrderFilters:
    keyword: str | None = None
    order_no: str | None = None
    phone: str | None = None
    card_no: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    goods_id: int | None = None
    member_id: int | None = None


# ---------------------------------------------------------------- reading


async def load_order(session: AsyncSession, order_id: int) -> Order:
    order = await session.get(Order, order_id, populate_existing=True)
    if order is None:
        raise not_found("订单")
    return order


async def member_order(session: AsyncSession, member_id: int, order_id: int) -> Order:
    """Another member's order (or a 待支付 one) does not exist for this member: 404, never 403."""
    order = await session.scalar(select(Order).where(Order.id == order_id, Order.member_id == member_id,
                                                     Order.status != OrderStatus.PENDING_PAYMENT.value))
    if order is None:
        raise not_found("订单")
    return order


async def _lines(session: AsyncSession, order_ids: list[int]) -> dict[int, list[OrderLine]]:
    found: dict[int, list[OrderLine]] = {}
    if order_ids:
        rows = await session.execute(select(OrderLine).where(OrderLine.order_id.in_(order_ids)).order_by(OrderLine.id))
        for line in rows.scalars():
            found.setdefault(line.order_id, []).append(line)
    return found


def _base(order: Order, lines: list[OrderLine]) -> dict[str, Any]:
    return dict(
        id=order.id, order_no=order.order_no, status=order.status,
        status_label=STATUS_LABELS.get(order.status, order.status), card_no=order.card_no,
        consignee_name=order.consignee_name, consignee_phone=order.consignee_phone, address=order.address,
        remark=order.remark, quantity=order.quantity, sale_amount=order.sale_amount,
        red_packet_part=order.red_packet_part, balance_part=order.balance_part, carrier=order.carrier,
        carrier_label=CARRIERS.get(order.carrier, order.carrier), tracking_no=order.tracking_no,
        refund_amount=order.refund_amount, paid_at=order.paid_at, shipped_at=order.shipped_at,
        completed_at=order.completed_at, cancelled_at=order.cancelled_at, refunded_at=order.refunded_at,
        cancel_reason=order.cancel_reason, created_at=order.created_at,
    )


def _line(line: OrderLine, admin: bool) -> dict[str, Any]:
    body = dict(id=line.id, goods_id=line.goods_id, sku_id=line.sku_id, goods_name=line.goods_name,
                specs=line.specs, brand_id=line.brand_id, brand_name=line.brand_name, category_id=line.category_id,
                category_name=line.category_name, quantity=line.quantity, unit_price=line.unit_price,
                sale_amount=line.sale_amount)
    if admin:
        body["settlement_amount"] = line.settlement_amount
    return body


def member_view(order: Order, lines: list[OrderLine]) -> MemberOrderOut:
    return MemberOrderOut(**_base(order, lines), lines=[LineOut(**_line(x, False)) for x in lines])


def admin_view(order: Order, lines: list[OrderLine], transitions: list[OrderTransition] | None = None) -> OrderOut:
    return OrderOut(
        **_base(order, lines), member_id=order.member_id, member_name=order.member_name,
        member_phone=order.member_phone, card_id=order.card_id, settlement_amount=order.settlement_amount,
        version=order.version, lines=[AdminLineOut(**_line(x, True)) for x in lines],
        transitions=[TransitionOut(from_status=t.from_status, to_status=t.to_status,
                                   to_label=STATUS_LABELS.get(t.to_status, t.to_status), actor_kind=t.actor_kind,
                                   actor_id=t.actor_id, actor_name=t.actor_name, note=t.note, at=t.at)
                     for t in transitions or []],
    )


async def member_order_view(session: AsyncSession, order: Order) -> MemberOrderOut:
    return member_view(order, (await _lines(session, [order.id])).get(order.id, []))


async def admin_order_view(session: AsyncSession, order: Order) -> OrderOut:
    moves = (await session.execute(select(OrderTransition).where(OrderTransition.order_id == order.id)
                                   .order_by(OrderTransition.id))).scalars()
    return admin_view(order, (await _lines(session, [order.id])).get(order.id, []), list(moves))


def _filtered(f: OrderFilters) -> Select[Any]:
    stmt = select(Order)
    if (clause := keyword_clause(f.keyword, Order.order_no, Order.member_name, Order.consignee_name)) is not None:
        stmt = stmt.where(clause)
    for column, value in ((Order.order_no, f.order_no), (Order.card_no, f.card_no), (Order.member_id, f.member_id)):
        if value:
            stmt = stmt.where(column == value)
    if f.phone:
        stmt = stmt.where(or_(Order.member_phone == f.phone, Order.consignee_phone == f.phone))
    # 待支付 is bookkeeping: listed only when asked for by status.
    stmt = stmt.where(Order.status == f.status if f.status else Order.status != OrderStatus.PENDING_PAYMENT.value)
    if f.date_from is not None:
        stmt = stmt.where(Order.created_at >= day_start(f.date_from))
    if f.date_to is not None:
        stmt = stmt.where(Order.created_at < day_end(f.date_to))
    if f.goods_id is not None:
        stmt = stmt.where(exists().where(OrderLine.order_id == Order.id, OrderLine.goods_id == f.goods_id))
    return stmt


async def list_orders(session: AsyncSession, f: OrderFilters, params: PageParams, *, admin: bool) -> dict[str, Any]:
    stmt = apply_sort(_filtered(f), params.sort, SORTABLE, [Order.id.desc()])
    total = int(await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
    orders = list((await session.execute(stmt.limit(params.page_size).offset(params.offset))).scalars())
    lines = await _lines(session, [o.id for o in orders])
    view = admin_view if admin else member_view
    body: dict[str, Any] = {"data_list": [view(o, lines.get(o.id, [])) for o in orders], "page": params.page,
                            "page_size": params.page_size, "total": total}
    if params.with_options:
        body["status_list"] = enum_options(VISIBLE_LABELS)
        if admin:
            body["carrier_list"] = options(CARRIERS.items())
    return body


async def export_rows(session: AsyncSession, f: OrderFilters) -> list[dict[str, Any]]:
    orders = list((await session.execute(_filtered(f).order_by(Order.id.desc()).limit(50_000))).scalars())
    lines = await _lines(session, [o.id for o in orders])
    rows = []
    for order in orders:
        row = admin_view(order, lines.get(order.id, [])).model_dump()
        row["goods"] = "；".join(f"{x.goods_name}×{x.quantity}" for x in lines.get(order.id, []))
        rows.append(row)
    return rows


# ---------------------------------------------------------------- moves


async def record_move(session: AsyncSession, order_id: int, source: str, target: str, actor: dict[str, Any],
                      note: str = "") -> None:
    session.add(OrderTransition(order_id=order_id, from_status=str(source), to_status=str(target),
                                actor_kind=actor["kind"], actor_id=actor.get("id"),
                                actor_name=(actor.get("name") or "")[:64], note=note[:255]))
    await session.flush()


async def _move(session: AsyncSession, order_id: int, target: OrderStatus, values: dict[str, Any]) -> Order | None:
    """The conditional UPDATE of one move: the row comes back only if it was in a status `target` allows."""
    moved = await session.execute(
        update(Order).where(Order.id == order_id, Order.status.in_(sources_of(target)))
        .values(status=target.value, version=Order.version + 1, updated_at=func.now(), **values)
        .returning(Order).execution_options(synchronize_session=False, populate_existing=True)
    )
    return moved.scalar_one_or_none()


RESTOCK = text("UPDATE skus SET stock = stock + :qty, updated_at = now() WHERE id = :sku_id")


async def restock(session: AsyncSession, order_id: int) -> None:
    """Puts an order's quantities back on sale (a SKU deleted since is skipped), one SKU at a time in id order."""
    for line in sorted((await _lines(session, [order_id])).get(order_id, []), key=lambda x: x.sku_id):
        await session.execute(RESTOCK, {"sku_id": line.sku_id, "qty": line.quantity})


async def refund_cancelled(session: AsyncSession, ledger: CardsLedger, order: Order) -> bool:
    """Credits a cancelled order's whole payment back (idempotent by order_ref); a ledger failure leaves it for
    reconciliation."""
    try:
        entry = await ledger.credit(order_ref=order_ref(order.order_no), amount=order.sale_amount,
                                    reason="商城订单取消退款")
    except (PaymentRefused, PaymentUnknown, PaymentNotSent) as exc:
        log.warning("refund_pending", order_no=order.order_no, error=str(exc))
        return False
    await session.execute(
        update(Order).where(Order.id == order.id, Order.status == OrderStatus.CANCELLED.value,
                            Order.refunded_at.is_(None))
        .values(refunded_at=utcnow(), refund_amount=order.sale_amount, refund_entry_id=entry.entry_id,
                version=Order.version + 1)
    )
    await session.commit()
    return True


async def cancel(session: AsyncSession, ledger: CardsLedger, order: Order, actor: dict[str, Any],
                 reason: str) -> Order:
    """待发货 -> 已取消: the stock goes back and the card is credited. Safe to repeat: a second call refunds
    nothing more (the credit is idempotent by order_ref) and answers the order as it is."""
    if order.status == OrderStatus.TO_SHIP:
        moved = await _move(session, order.id, OrderStatus.CANCELLED,
                            {"cancelled_at": utcnow(), "cancel_reason": reason[:255]})
        if moved is not None:
            await restock(session, order.id)
            await record_move(session, order.id, OrderStatus.TO_SHIP, OrderStatus.CANCELLED, actor, reason)
        await session.commit()
        order = await load_order(session, order.id)
    if order.status == OrderStatus.CANCELLED:
        if order.refunded_at is None:
            await refund_cancelled(session, ledger, order)
        return await load_order(session, order.id)
    raise refuse_move(order.status, OrderStatus.CANCELLED)


async def ship(session: AsyncSession, order_id: int, carrier: str, tracking_no: str, actor: dict[str, Any]) -> Order:
    """待发货 -> 已发货 with the carrier and tracking number."""
    moved = await _move(session, order_id, OrderStatus.SHIPPED,
                        {"carrier": carrier, "tracking_no": tracking_no, "shipped_at": utcnow()})
    if moved is None:
        await session.rollback()
        current = await load_order(session, order_id)
        raise refuse_move(current.status, OrderStatus.SHIPPED)
    await record_move(session, order_id, OrderStatus.TO_SHIP, OrderStatus.SHIPPED, actor,
                      f"{CARRIERS.get(carrier, carrier)} {tracking_no}")
    await session.commit()
    return moved


async def complete(session: AsyncSession, order_id: int, actor: dict[str, Any], now: datetime,
                   note: str) -> tuple[Order, bool]:
    """已发货 -> 已完成, with the sales counts and `mall.OrderSettled` in the same transaction. Returns the order
    and whether this call moved it (a repeat, or a lost race against another confirm, moved nothing)."""
    moved = await _move(session, order_id, OrderStatus.COMPLETED, {"completed_at": now})
    if moved is None:
        await session.rollback()
        current = await load_order(session, order_id)
        if current.status == OrderStatus.COMPLETED:
            return current, False
        raise refuse_move(current.status, OrderStatus.COMPLETED)
    lines = (await _lines(session, [order_id])).get(order_id, [])
    for goods_id in sorted({x.goods_id for x in lines}):
        sold = sum(x.quantity for x in lines if x.goods_id == goods_id)
        await session.execute(update(Goods).where(Goods.id == goods_id)
                              .values(sales_count=Goods.sales_count + sold))
    await record_move(session, order_id, OrderStatus.SHIPPED, OrderStatus.COMPLETED, actor, note)
    await emit(session, "mall", settled_event(moved, lines, now))
    await session.commit()
    return moved, True


def mall_line(line: OrderLine, quantity: int, sale: Any, settlement: Any) -> MallLine:
    return MallLine(goods_id=line.goods_id, goods_name=line.goods_name, brand_id=line.brand_id,
                    brand_name=line.brand_name, category_id=line.category_id, category_name=line.category_name,
                    quantity=quantity, unit_price=line.unit_price, sale_amount=sale, settlement_amount=settlement)


def settled_event(order: Order, lines: list[OrderLine], settled_at: datetime) -> OrderSettled:
    return OrderSettled(
        context="mall", order_id=order.id, order_no=order.order_no, member_id=order.member_id,
        member_name=order.member_name, card_id=order.card_id, card_no=order.card_no, sale_amount=order.sale_amount,
        settlement_amount=order.settlement_amount, settled_at=settled_at,
        lines=[mall_line(x, x.quantity, x.sale_amount, x.settlement_amount) for x in lines],
    )


async def confirm_receipt(session: AsyncSession, member_id: int, order_id: int) -> Order:
    order = await member_order(session, member_id, order_id)
    if not can_move(order.status, OrderStatus.COMPLETED) and order.status != OrderStatus.COMPLETED:
        raise refuse_move(order.status, OrderStatus.COMPLETED)
    actor = {"kind": "member", "id": member_id, "name": order.member_name}
    completed, _ = await complete(session, order_id, actor, utcnow(), "确认收货")
    return completed


async def auto_complete(db: Database, now: datetime, after_days: int, *, limit: int = 500) -> dict[str, Any]:
    """Completes every order shipped more than `after_days` ago (系统自动确认收货). Acting on state, a rerun or a
    second replica completes nothing twice."""
    done = 0
    async with db.sessions() as session:
        due = list((await session.execute(
            select(Order.id).where(Order.status == OrderStatus.SHIPPED.value,
                                   Order.shipped_at <= now - timedelta(days=after_days))
            .order_by(Order.shipped_at, Order.id).limit(limit)
        )).scalars())
        for order_id in due:
            try:
                _, moved = await complete(session, order_id, {"kind": "system", "id": None, "name": "系统"}, now,
                                          f"发货 {after_days} 天后自动确认收货")
            except Problem:
                continue  # cancelled or refunded meanwhile
            done += int(moved)
    return {"due": len(due), "completed": done}
