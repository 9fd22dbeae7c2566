"""After-sales (售后): within N days of completion a member asks, with a reason from a list; the back office
accepts it with a refund amount (never above what was paid), then completes it (card credited, stock
optionally restored, the order 已退款, `mall.OrderRefunded`) or rejects it with a reason.

  待处理 -> 退货中 -> 已完成
  待处理 | 退货中 -> 已拒绝
Completion holds the request's row (conditional UPDATE, uncommitted) while the card is credited, so a
concurrent rejection waits and then finds nothing to reject; the credit is idempotent by order_ref, so a
retry after a failure refunds once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from mall.aftersales.models import AfterSale
from mall.aftersales.schemas import REASONS, STATUS_LABELS, AfterSaleOut, MemberAfterSaleOut
from mall.common import utcnow
from mall.orders.models import Order, OrderLine
from mall.orders.service import load_order, mall_line, member_order, order_ref, record_move, restock
from mall.orders.states import OrderStatus, refuse_move
from shared.bus import emit
from shared.dates import day_end, day_start
from shared.events.mall import OrderRefunded
from shared.ledger import CardsLedger, PaymentNotSent, PaymentRefused, PaymentUnknown
from shared.listing import PageParams, enum_options
from shared.problems import Problem, field_error, not_found

CENT = Decimal("0.01")
EXPORT_COLUMNS = [("id", "售后单号"), ("order_no", "订单号"), ("status_label", "状态"), ("member_name", "会员"),
                  ("member_phone", "会员手机号"), ("reason_label", "原因"), ("description", "说明"),
                  ("paid_amount", "实付金额"), ("refund_amount", "退款金额"), ("reject_reason", "拒绝原因"),
                  ("handled_by_name", "处理人"), ("created_at", "申请时间"), ("completed_at", "完成时间")]


@dataclass(frozen=True)
class AfterSaleFilters:
    status: str | None = None
    order_no: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    member_id: int | None = None


def _refuse(current: str, target: str) -> Problem:
    return Problem(409, "invalid_status_transition",
                   f"售后状态为{STATUS_LABELS.get(current, current)}，不能变为{STATUS_LABELS[target]}",
                   current_status=current)


def _view(a: AfterSale, o: Order) -> dict[str, Any]:
    return dict(
        id=a.id, order_id=a.order_id, order_no=o.order_no, status=a.status, status_label=STATUS_LABELS[a.status],
        reason=a.reason, reason_label=REASONS.get(a.reason, a.reason), description=a.description,
        paid_amount=o.sale_amount, refund_amount=a.refund_amount, reject_reason=a.reject_reason,
        created_at=a.created_at, accepted_at=a.accepted_at, completed_at=a.completed_at, rejected_at=a.rejected_at,
        member_id=a.member_id, member_name=o.member_name, member_phone=o.member_phone, restore_stock=a.restore_stock,
        handled_by_id=a.handled_by_id, handled_by_name=a.handled_by_name, version=a.version,
    )


def admin_view(a: AfterSale, o: Order) -> AfterSaleOut:
    return AfterSaleOut(**_view(a, o))


def member_view(a: AfterSale, o: Order) -> MemberAfterSaleOut:
    return MemberAfterSaleOut(**{k: v for k, v in _view(a, o).items() if k in MemberAfterSaleOut.model_fields})


def _filtered(f: AfterSaleFilters) -> Select[Any]:
    stmt = select(AfterSale, Order).join(Order, Order.id == AfterSale.order_id)
    if f.status:
        stmt = stmt.where(AfterSale.status == f.status)
    if f.order_no:
        stmt = stmt.where(Order.order_no == f.order_no)
    if f.member_id is not None:
        stmt = stmt.where(AfterSale.member_id == f.member_id)
    if f.date_from is not None:
        stmt = stmt.where(AfterSale.created_at >= day_start(f.date_from))
    if f.date_to is not None:
        stmt = stmt.where(AfterSale.created_at < day_end(f.date_to))
    return stmt


async def list_after_sales(session: AsyncSession, f: AfterSaleFilters, params: PageParams, *,
                           admin: bool) -> dict[str, Any]:
    stmt = _filtered(f).order_by(AfterSale.id.desc())
    total = int(await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
    rows = (await session.execute(stmt.limit(params.page_size).offset(params.offset))).all()
    view = admin_view if admin else member_view
    body: dict[str, Any] = {"data_list": [view(a, o) for a, o in rows], "page": params.page,
                            "page_size": params.page_size, "total": total}
    if params.with_options:
        body["status_list"] = enum_options(STATUS_LABELS)
        if admin:
            body["reason_list"] = enum_options(REASONS)
    return body


async def export_rows(session: AsyncSession, f: AfterSaleFilters) -> list[dict[str, Any]]:
    rows = (await session.execute(_filtered(f).order_by(AfterSale.id.desc()).limit(50_000))).all()
    return [admin_view(a, o).model_dump() for a, o in rows]


async def get_after_sale(session: AsyncSession, after_sale_id: int, member_id: int | None = None) -> tuple[Any, Any]:
    stmt = _filtered(AfterSaleFilters(member_id=member_id)).where(AfterSale.id == after_sale_id)
    row = (await session.execute(stmt.execution_options(populate_existing=True))).first()
    if row is None:
        raise not_found("售后单")
    return row[0], row[1]


async def ask(session: AsyncSession, member_id: int, order_id: int, reason: str, description: str,
              window_days: int, now: datetime) -> MemberAfterSaleOut:
    order = await member_order(session, member_id, order_id)
    if order.status != OrderStatus.COMPLETED:
        raise Problem(409, "not_returnable", "只有已完成的订单可以申请售后", current_status=order.status)
    if order.completed_at is None or now > order.completed_at + timedelta(days=window_days):
        raise Problem(409, "return_window_passed", f"已超过售后期限（完成后 {window_days} 天内）")
    request = AfterSale(order_id=order.id, member_id=member_id, status="pending", reason=reason,
                        description=description)
    session.add(request)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise Problem(409, "after_sale_open", "该订单已有处理中的售后申请") from exc
    return member_view(request, order)


async def _handled(session: AsyncSession, after_sale_id: int, sources: tuple[str, ...], target: str,
                   values: dict[str, Any], actor: dict[str, Any]) -> AfterSale | None:
    moved = await session.execute(
        update(AfterSale).where(AfterSale.id == after_sale_id, AfterSale.status.in_(sources))
        .values(status=target, handled_by_id=actor.get("id"), handled_by_name=(actor.get("name") or "")[:64],
                version=AfterSale.version + 1, updated_at=func.now(), **values)
        .returning(AfterSale).execution_options(synchronize_session=False, populate_existing=True)
    )
    return moved.scalar_one_or_none()


async def accept(session: AsyncSession, after_sale_id: int, refund_amount: Decimal,
                 actor: dict[str, Any]) -> AfterSaleOut:
    _, order = await get_after_sale(session, after_sale_id)
    if refund_amount <= 0 or refund_amount > order.sale_amount:
        raise field_error("refund_amount", f"退款金额应大于 0 且不超过实付 {order.sale_amount}")
    moved = await _handled(session, after_sale_id, ("pending",), "returning",
                           {"refund_amount": refund_amount, "accepted_at": utcnow()}, actor)
    if moved is None:
        await session.rollback()
        current, _ = await get_after_sale(session, after_sale_id)
        raise _refuse(current.status, "returning")
    await session.commit()
    return admin_view(moved, order)


async def reject(session: AsyncSession, after_sale_id: int, reason: str, actor: dict[str, Any]) -> AfterSaleOut:
    _, order = await get_after_sale(session, after_sale_id)
    moved = await _handled(session, after_sale_id, ("pending", "returning"), "rejected",
                           {"reject_reason": reason, "rejected_at": utcnow()}, actor)
    if moved is None:
        await session.rollback()
        current, _ = await get_after_sale(session, after_sale_id)
        raise _refuse(current.status, "rejected")
    await session.commit()
    return admin_view(moved, order)


def _shares(total: Decimal, parts: list[Decimal], ratio_num: Decimal, ratio_den: Decimal) -> list[Decimal]:
    """`parts` scaled by ratio_num/ratio_den to the cent, the remainder on the last so they sum to `total`."""
    shares = [(p * ratio_num / ratio_den).quantize(CENT, ROUND_HALF_UP) for p in parts[:-1]]
    return [*shares, total - sum(shares, Decimal("0"))]


def refunded_event(order: Order, request: AfterSale, lines: list[OrderLine], at: datetime) -> OrderRefunded:
    refund, paid = Decimal(request.refund_amount), Decimal(order.sale_amount)
    settlement = (Decimal(order.settlement_amount) * refund / paid).quantize(CENT, ROUND_HALF_UP)
    sales = _shares(refund, [x.sale_amount for x in lines], refund, paid)
    settled = _shares(settlement, [x.settlement_amount for x in lines], refund, paid)
    return OrderRefunded(
        order_id=order.id, order_no=order.order_no, after_sale_id=request.id, member_id=order.member_id,
        card_id=order.card_id, card_no=order.card_no, refund_amount=refund, settlement_amount=settlement,
        settled_at=order.completed_at, refunded_at=at,
        lines=[mall_line(x, x.quantity, s, t) for x, s, t in zip(lines, sales, settled, strict=True)],
    )


async def complete(session: AsyncSession, ledger: CardsLedger, after_sale_id: int, restore_stock: bool,
                   actor: dict[str, Any]) -> AfterSaleOut:
    request, order = await get_after_sale(session, after_sale_id)
    if request.status == "completed":
        return admin_view(request, order)
    now = utcnow()
    moved = await _handled(session, after_sale_id, ("returning",), "completed",
                           {"restore_stock": restore_stock, "completed_at": now}, actor)
    if moved is None:
        await session.rollback()
        current, order = await get_after_sale(session, after_sale_id)
        if current.status == "completed":
            return admin_view(current, order)
        raise _refuse(current.status, "completed")
    moved_order_id = order.id
    try:  # the request's row stays locked (uncommitted) while the card is credited
        entry = await ledger.credit(order_ref=order_ref(order.order_no), amount=moved.refund_amount,
                                    reason=f"售后退款 {REASONS.get(moved.reason, '')}")
    except PaymentRefused as refused:
        await session.rollback()
        raise refused.problem() from refused
    except (PaymentUnknown, PaymentNotSent) as exc:
        await session.rollback()
        raise Problem(503, "cards_unavailable", "卡片服务暂不可用，退款未完成，请稍后重试") from exc
    refunded = await session.execute(
        update(Order).where(Order.id == order.id, Order.status == OrderStatus.COMPLETED.value)
        .values(status=OrderStatus.REFUNDED.value, refunded_at=now, refund_amount=moved.refund_amount,
                refund_entry_id=entry.entry_id, version=Order.version + 1, updated_at=func.now())
        .returning(Order.id)
    )
    if refunded.first() is None:
        await session.rollback()
        raise refuse_move((await load_order(session, moved_order_id)).status, OrderStatus.REFUNDED)
    if restore_stock:
        await restock(session, order.id)
    await record_move(session, order.id, OrderStatus.COMPLETED, OrderStatus.REFUNDED, actor,
                      f"售后 {after_sale_id} 退款 {moved.refund_amount}")
    lines = list((await session.execute(select(OrderLine).where(OrderLine.order_id == order.id)
                                        .order_by(OrderLine.id))).scalars())
    await emit(session, "mall", refunded_event(order, moved, lines, now))
    await session.commit()
    request, order = await get_after_sale(session, after_sale_id)
    return admin_view(request, order)
