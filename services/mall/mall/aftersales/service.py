"""After-sales (售后): within N days of completion a member asks to return some lines and quantities (all that
is left when none are named), with a reason from a list; the back office accepts it with a refund amount
(never above what was paid for those units), then completes it (card credited, those units optionally back
in stock, `mall.OrderRefunded`; the order becomes 已退款 once every unit is back) or rejects it with a reason.

  待处理 -> 退货中 -> 已完成
  待处理 | 退货中 -> 已拒绝
One request is open per order at a time (a unique index), and several may follow one another. Completion
locks the order row first, so two completions on one order take turns; the units go back by conditional
UPDATEs capped by check constraints (a line's returned_quantity <= quantity, the order's refund_amount <=
sale_amount) before the card is credited, so the returns of an order never exceed it. The request's row
stays held (uncommitted) while the card is credited, so a concurrent rejection waits and then finds nothing
to reject; the credit is idempotent by its reference, so a retry after a failure refunds once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Select, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from mall.aftersales.models import AfterSale, AfterSaleLine
from mall.aftersales.schemas import (
    REASONS,
    STATUS_LABELS,
    AfterSaleIn,
    AfterSaleOut,
    MemberAfterSaleOut,
    ReturnLineOut,
)
from mall.common import utcnow
from mall.orders.models import Order, OrderLine
from mall.orders.service import RESTOCK, mall_line, member_order, order_ref, record_move
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


def _view(a: AfterSale, o: Order, lines: list[ReturnLineOut]) -> dict[str, Any]:
    return dict(
        id=a.id, order_id=a.order_id, order_no=o.order_no, status=a.status, status_label=STATUS_LABELS[a.status],
        reason=a.reason, reason_label=REASONS.get(a.reason, a.reason), description=a.description,
        paid_amount=o.sale_amount if a.paid_amount is None else a.paid_amount, refund_amount=a.refund_amount,
        reject_reason=a.reject_reason, lines=lines,
        created_at=a.created_at, accepted_at=a.accepted_at, completed_at=a.completed_at, rejected_at=a.rejected_at,
        member_id=a.member_id, member_name=o.member_name, member_phone=o.member_phone, restore_stock=a.restore_stock,
        handled_by_id=a.handled_by_id, handled_by_name=a.handled_by_name, version=a.version,
    )


def admin_view(a: AfterSale, o: Order, lines: list[ReturnLineOut]) -> AfterSaleOut:
    return AfterSaleOut(**_view(a, o, lines))


def member_view(a: AfterSale, o: Order, lines: list[ReturnLineOut]) -> MemberAfterSaleOut:
    return MemberAfterSaleOut(**{k: v for k, v in _view(a, o, lines).items() if k in MemberAfterSaleOut.model_fields})


async def _return_lines(session: AsyncSession, after_sale_ids: list[int]) -> dict[int, list[ReturnLineOut]]:
    found: dict[int, list[ReturnLineOut]] = {}
    if after_sale_ids:
        rows = await session.execute(
            select(AfterSaleLine, OrderLine).join(OrderLine, OrderLine.id == AfterSaleLine.order_line_id)
            .where(AfterSaleLine.after_sale_id.in_(after_sale_ids)).order_by(AfterSaleLine.id))
        for r, line in rows.all():
            found.setdefault(r.after_sale_id, []).append(ReturnLineOut(
                order_line_id=line.id, goods_id=line.goods_id, goods_name=line.goods_name, specs=line.specs,
                quantity=r.quantity, paid_amount=r.paid_amount))
    return found


async def viewed(session: AsyncSession, a: AfterSale, o: Order, *, admin: bool) -> Any:
    lines = (await _return_lines(session, [a.id])).get(a.id, [])
    return admin_view(a, o, lines) if admin else member_view(a, o, lines)


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
    lines = await _return_lines(session, [a.id for a, _ in rows])
    body: dict[str, Any] = {"data_list": [view(a, o, lines.get(a.id, [])) for a, o in rows], "page": params.page,
                            "page_size": params.page_size, "total": total}
    if params.with_options:
        body["status_list"] = enum_options(STATUS_LABELS)
        if admin:
            body["reason_list"] = enum_options(REASONS)
    return body


async def export_rows(session: AsyncSession, f: AfterSaleFilters) -> list[dict[str, Any]]:
    rows = (await session.execute(_filtered(f).order_by(AfterSale.id.desc()).limit(50_000))).all()
    return [admin_view(a, o, []).model_dump(exclude={"lines"}) for a, o in rows]


async def get_after_sale(session: AsyncSession, after_sale_id: int, member_id: int | None = None) -> tuple[Any, Any]:
    stmt = _filtered(AfterSaleFilters(member_id=member_id)).where(AfterSale.id == after_sale_id)
    row = (await session.execute(stmt.execution_options(populate_existing=True))).first()
    if row is None:
        raise not_found("售后单")
    return row[0], row[1]


async def detail(session: AsyncSession, after_sale_id: int, *, member_id: int | None = None, admin: bool) -> Any:
    request, order = await get_after_sale(session, after_sale_id, member_id)
    return await viewed(session, request, order, admin=admin)


def paid_for(line: OrderLine, already: int, quantity: int) -> Decimal:
    """What was paid for `quantity` more units of a line after `already` came back: the line's amount
    prorated by units, so the shares of all its units sum to exactly what the line cost."""
    def upto(units: int) -> Decimal:
        return (Decimal(line.sale_amount) * units / line.quantity).quantize(CENT, ROUND_HALF_UP)

    return upto(already + quantity) - upto(already)


async def ask(session: AsyncSession, member_id: int, order_id: int, body: AfterSaleIn, window_days: int,
              now: datetime) -> MemberAfterSaleOut:
    order = await member_order(session, member_id, order_id)
    if order.status != OrderStatus.COMPLETED:
        raise Problem(409, "not_returnable", "只有已完成的订单可以申请售后", current_status=order.status)
    if order.completed_at is None or now > order.completed_at + timedelta(days=window_days):
        raise Problem(409, "return_window_passed", f"已超过售后期限（完成后 {window_days} 天内）")
    lines = {x.id: x for x in (await session.execute(
        select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.id))).scalars()}
    if body.lines is None:
        wanted = [(x.id, x.quantity - x.returned_quantity) for x in lines.values() if x.returned_quantity < x.quantity]
        if not wanted:
            raise Problem(409, "nothing_to_return", "该订单的商品已全部退回")
    else:
        wanted = [(x.order_line_id, x.quantity) for x in body.lines]
    for line_id, quantity in wanted:
        line = lines.get(line_id)
        if line is None:
            raise field_error("lines", f"订单中没有订单行 {line_id}", "unknown_reference")
        if quantity > line.quantity - line.returned_quantity:
            raise field_error("lines", f"{line.goods_name} 最多还能退 {line.quantity - line.returned_quantity} 件",
                              "exceeds_bought")
    shares = [(line_id, quantity, paid_for(lines[line_id], lines[line_id].returned_quantity, quantity))
              for line_id, quantity in wanted]
    request = AfterSale(order_id=order.id, member_id=member_id, status="pending", reason=body.reason,
                        description=body.description, paid_amount=sum((p for _, _, p in shares), Decimal("0")))
    session.add(request)
    try:
        await session.flush()
    except IntegrityError as exc:
        await session.rollback()
        raise Problem(409, "after_sale_open", "该订单已有处理中的售后申请") from exc
    session.add_all(AfterSaleLine(after_sale_id=request.id, order_line_id=line_id, quantity=quantity, paid_amount=paid)
                    for line_id, quantity, paid in shares)
    await session.commit()
    return await viewed(session, request, order, admin=False)


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
    request, order = await get_after_sale(session, after_sale_id)
    ceiling = min(order.sale_amount if request.paid_amount is None else request.paid_amount,
                  order.sale_amount - (order.refund_amount or 0))
    if refund_amount <= 0 or refund_amount > ceiling:
        raise field_error("refund_amount", f"退款金额应大于 0 且不超过所退商品的实付 {ceiling}")
    moved = await _handled(session, after_sale_id, ("pending",), "returning",
                           {"refund_amount": refund_amount, "accepted_at": utcnow()}, actor)
    if moved is None:
        await session.rollback()
        current, _ = await get_after_sale(session, after_sale_id)
        raise _refuse(current.status, "returning")
    await session.commit()
    return await viewed(session, moved, order, admin=True)


async def reject(session: AsyncSession, after_sale_id: int, reason: str, actor: dict[str, Any]) -> AfterSaleOut:
    _, order = await get_after_sale(session, after_sale_id)
    moved = await _handled(session, after_sale_id, ("pending", "returning"), "rejected",
                           {"reject_reason": reason, "rejected_at": utcnow()}, actor)
    if moved is None:
        await session.rollback()
        current, _ = await get_after_sale(session, after_sale_id)
        raise _refuse(current.status, "rejected")
    await session.commit()
    return await viewed(session, moved, order, admin=True)


def _shares(total: Decimal, parts: list[Decimal], ratio_num: Decimal, ratio_den: Decimal) -> list[Decimal]:
    """`parts` scaled by ratio_num/ratio_den to the cent, the remainder on the last so they sum to `total`."""
    shares = [(p * ratio_num / ratio_den).quantize(CENT, ROUND_HALF_UP) for p in parts[:-1]]
    return [*shares, total - sum(shares, Decimal("0"))]


def refunded_event(order: Order, request: AfterSale, returned: list[tuple[OrderLine, int, Decimal]],
                   lines: list[OrderLine], at: datetime) -> OrderRefunded:
    """`returned`: (line, units back, paid for them); `lines`: every line of the order, as counted after this
    refund. The refund and the settlement taken back are prorated over the returned units by what was paid."""
    refund = Decimal(request.refund_amount)
    paid = sum((p for _, _, p in returned), Decimal("0"))
    settled_units = [(Decimal(x.settlement_amount) * q / x.quantity).quantize(CENT, ROUND_HALF_UP)
                     for x, q, _ in returned]
    settlement = (sum(settled_units, Decimal("0")) * refund / paid).quantize(CENT, ROUND_HALF_UP)
    sales = _shares(refund, [p for _, _, p in returned], refund, paid)
    settled = _shares(settlement, settled_units, refund, paid)
    kept = [x for x in lines if x.returned_quantity < x.quantity]
    return OrderRefunded(
        order_id=order.id, order_no=order.order_no, after_sale_id=request.id, member_id=order.member_id,
        card_id=order.card_id, card_no=order.card_no, refund_amount=refund, settlement_amount=settlement,
        settled_at=order.completed_at, refunded_at=at,
        lines=[mall_line(x, q, s, t) for (x, q, _), s, t in zip(returned, sales, settled, strict=True)],
        kept_goods_ids=sorted({x.goods_id for x in kept}), kept_brand_ids=sorted({x.brand_id for x in kept}),
    )


async def _returned(session: AsyncSession, request: AfterSale, lines: list[OrderLine]
                    ) -> list[tuple[OrderLine, int, Decimal]]:
    """The request's lines; a request from before partial returns (none stored) takes back every unit left."""
    rows = (await session.execute(select(AfterSaleLine).where(AfterSaleLine.after_sale_id == request.id)
                                  .order_by(AfterSaleLine.order_line_id))).scalars().all()
    by_id = {x.id: x for x in lines}
    if rows:
        return [(by_id[r.order_line_id], r.quantity, r.paid_amount) for r in rows]
    return [(x, x.quantity - x.returned_quantity, paid_for(x, x.returned_quantity, x.quantity - x.returned_quantity))
            for x in lines if x.returned_quantity < x.quantity]


_TAKE_BACK = text("UPDATE order_lines SET returned_quantity = returned_quantity + :qty "
                  "WHERE id = :id AND returned_quantity + :qty <= quantity RETURNING returned_quantity")


async def complete(session: AsyncSession, ledger: CardsLedger, after_sale_id: int, restore_stock: bool,
                   actor: dict[str, Any]) -> AfterSaleOut:
    request, order = await get_after_sale(session, after_sale_id)
    if request.status == "completed":
        return await viewed(session, request, order, admin=True)
    # Refunds of one order take turns on its row: what the earlier ones took back is seen by the later ones.
    order = (await session.execute(select(Order).where(Order.id == order.id).with_for_update()
                                   .execution_options(populate_existing=True))).scalar_one()
    now = utcnow()
    moved = await _handled(session, after_sale_id, ("returning",), "completed",
                           {"restore_stock": restore_stock, "completed_at": now}, actor)
    if moved is None:
        await session.rollback()
        current, order = await get_after_sale(session, after_sale_id)
        if current.status == "completed":
            return await viewed(session, current, order, admin=True)
        raise _refuse(current.status, "completed")
    if order.status != OrderStatus.COMPLETED:
        await session.rollback()
        raise refuse_move(order.status, OrderStatus.REFUNDED)
    lines = list((await session.execute(select(OrderLine).where(OrderLine.order_id == order.id)
                                        .order_by(OrderLine.id).execution_options(populate_existing=True))).scalars())
    returned = await _returned(session, moved, lines)
    # The units go back first, each line capped by its check (returned_quantity <= quantity).
    for line, quantity, _ in returned:
        back = (await session.execute(_TAKE_BACK, {"id": line.id, "qty": quantity})).scalar_one_or_none()
        if back is None:
            await session.rollback()
            raise Problem(409, "already_returned", f"{line.goods_name} 已退回的件数不足以再退 {quantity} 件")
        line.returned_quantity = back
    everything_back = all(x.returned_quantity == x.quantity for x in lines)
    target = OrderStatus.REFUNDED if everything_back else OrderStatus.COMPLETED
    before = order.refund_amount or Decimal("0")
    try:  # the order's running total, capped by its check (refund_amount <= sale_amount)
        await session.execute(
            update(Order).where(Order.id == order.id)
            .values(status=target.value, refunded_at=now, refund_amount=before + moved.refund_amount,
                    version=Order.version + 1, updated_at=func.now()))
    except IntegrityError:
        await session.rollback()
        raise Problem(409, "refund_exceeds_paid", "退款总额不能超过订单实付金额") from None
    # The first refund of an order keeps the order's own reference (as before partial returns); later ones
    # have their own and name the debit they return part of.
    debit_ref = order_ref(order.order_no)
    credit_ref, named_debit = (debit_ref, None) if before == 0 else (f"{debit_ref}#{after_sale_id}", debit_ref)
    try:  # the request's and the order's rows stay locked (uncommitted) while the card is credited
        entry = await ledger.credit(order_ref=credit_ref, amount=moved.refund_amount, debit_ref=named_debit,
                                    reason=f"售后退款 {REASONS.get(moved.reason, '')}")
    except PaymentRefused as refused:
        await session.rollback()
        raise refused.problem() from refused
    except (PaymentUnknown, PaymentNotSent) as exc:
        await session.rollback()
        raise Problem(503, "cards_unavailable", "卡片服务暂不可用，退款未完成，请稍后重试") from exc
    await session.execute(update(Order).where(Order.id == order.id).values(refund_entry_id=entry.entry_id))
    if restore_stock:
        for line, quantity, _ in sorted(returned, key=lambda r: r[0].sku_id):  # SKUs in id order, as elsewhere
            await session.execute(RESTOCK, {"sku_id": line.sku_id, "qty": quantity})
    await record_move(session, order.id, OrderStatus.COMPLETED, target, actor,
                      f"售后 {after_sale_id} 退款 {moved.refund_amount}")
    await emit(session, "mall", refunded_event(order, moved, returned, lines, now))
    await session.commit()
    request, order = await get_after_sale(session, after_sale_id)
    return await viewed(session, request, order, admin=True)
