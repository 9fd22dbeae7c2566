"""Placing an order: stock reserved, then the card debited, in three short steps so that no crash can
oversell, lose money or leave stock held:

  1. ONE statement reads the address and the prices, locks the SKUs (in id order: no deadlock between
     orders), reserves every line with `reserved + qty <= stock`, and inserts the 待支付 order with its lines
     only if the address is the member's, every SKU is buyable and every line got its stock. Nothing placed:
     a second look says why (422 unknown address or SKU, 409 off shelf or out of stock).
  2. debit the card through cards with order_ref "mall:<order no>" (idempotent there);
  3. ONE statement: paid, the order becomes 待发货, its quantities leave both stock and reserved, the move is
     recorded and the cart rows go; or, on a refusal, ONE statement deletes the order and gives the stock back.
Each step is a single statement, atomic on its own, so the order route runs them on an autocommit connection
(orders/router.py): no BEGIN and COMMIT round trips (bench/mall: the order path's CPU went mostly to round
trips). A crash after 1 or 2 leaves a 待支付 row: `reconcile` later credits by the same order_ref (cards
answers debit_not_found when nothing was taken), then gives the stock back.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from mall.cart.models import CartItem
from mall.orders.models import Order, OrderLine
from mall.orders.schemas import MemberOrderOut, PlaceOrderIn
from mall.orders.service import (
    load_order,
    member_order_view,
    member_view,
    order_ref,
    record_move,
    refund_cancelled,
)
from mall.orders.states import OrderStatus
from shared.db import Database
from shared.identity import Identity
from shared.ledger import CardsLedger, PaymentNotSent, PaymentRefused, PaymentUnknown
from shared.problems import Problem, field_error

log = structlog.get_logger("mall.orders")
# A 待支付 order older than this is settled by reconciliation (far beyond the ledger call's timeout).
PAYMENT_STALE_AFTER = timedelta(minutes=2)

_PRICED = text(
    """
    SELECT s.id AS sku_id, s.specs, s.price, s.settlement_price, g.id AS goods_id, g.name AS goods_name,
           g.on_shelf AND b.shown AND c.shown AS buyable, b.id AS brand_id, b.name AS brand_name,
           c.id AS category_id, c.name AS category_name
      FROM skus s JOIN goods g ON g.id = s.goods_id JOIN brands b ON b.id = g.brand_id
      JOIN categories c ON c.id = g.category_id
     WHERE s.id = ANY(CAST(:ids AS bigint[]))
    """
)

# Address, prices, lock, reserve, insert: all lines or none. One row per line comes back (none: nothing placed).
_PLACE = text(
    """
    WITH wanted AS (
        SELECT * FROM unnest(CAST(:sku_ids AS bigint[]), CAST(:quantities AS integer[])) AS w (sku_id, qty)
    ), address AS (
        SELECT a.name, a.phone, left(concat(a.province, a.city, a.district, a.detail), 400) AS full_address
          FROM addresses a WHERE a.id = :address_id AND a.member_id = :member_id
    ), priced AS (
        SELECT w.sku_id, w.qty, s.specs, s.price, s.settlement_price, g.id AS goods_id, g.name AS goods_name,
               b.id AS brand_id, b.name AS brand_name, c.id AS category_id, c.name AS category_name
          FROM wanted w JOIN skus s ON s.id = w.sku_id JOIN goods g ON g.id = s.goods_id
          JOIN brands b ON b.id = g.brand_id JOIN categories c ON c.id = g.category_id
         WHERE g.on_shelf AND b.shown AND c.shown
    ), locked AS (
        SELECT s.id FROM skus s
         WHERE s.id = ANY(CAST(:sku_ids AS bigint[])) AND EXISTS (SELECT 1 FROM address)
           AND (SELECT count(*) FROM priced) = cardinality(CAST(:sku_ids AS bigint[]))
         ORDER BY s.id FOR UPDATE
    ), reserved AS (
        UPDATE skus s SET reserved = s.reserved + w.qty, updated_at = now()
          FROM wanted w, locked l
         WHERE s.id = w.sku_id AND l.id = s.id AND s.reserved + w.qty <= s.stock
        RETURNING s.id
    ), placed AS (
        INSERT INTO orders (status, member_id, member_name, member_phone, consignee_name, consignee_phone, address,
                            remark, quantity, sale_amount, settlement_amount, use_red_packet, card_id, card_no,
                            cart_item_ids, client_key)
        SELECT 'pending_payment', :member_id, :member_name, :member_phone, a.name, a.phone, a.full_address,
               :remark, (SELECT sum(qty) FROM priced), (SELECT sum(price * qty) FROM priced),
               (SELECT sum(settlement_price * qty) FROM priced), :use_red_packet, :card_id, :card_no,
               CAST(:cart_item_ids AS jsonb), :client_key
          FROM address a
         WHERE (SELECT count(*) FROM reserved) = cardinality(CAST(:sku_ids AS bigint[]))
        RETURNING id, order_no, sale_amount
    ), lines AS (
        INSERT INTO order_lines (order_id, goods_id, sku_id, goods_name, specs, brand_id, brand_name, category_id,
                                 category_name, quantity, unit_price, sale_amount, settlement_amount)
        SELECT p.id, pr.goods_id, pr.sku_id, pr.goods_name, pr.specs, pr.brand_id, pr.brand_name, pr.category_id,
               pr.category_name, pr.qty, pr.price, pr.price * pr.qty, pr.settlement_price * pr.qty
          FROM placed p, priced pr
        RETURNING id, goods_id, sku_id, goods_name, specs, brand_id, brand_name, category_id, category_name, quantity,
                  unit_price, sale_amount
    )
    SELECT p.id AS order_id, p.order_no, p.sale_amount AS order_amount, l.*, true AS address_found, true AS all_priced
      FROM placed p, lines l
    UNION ALL  -- nothing placed: one row saying whether the address and every SKU were found and buyable
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           EXISTS (SELECT 1 FROM address), (SELECT count(*) FROM priced) = cardinality(CAST(:sku_ids AS bigint[]))
     WHERE NOT EXISTS (SELECT 1 FROM placed)
    ORDER BY sku_id
    """
)

# Paid, in one statement: the order becomes 待发货, each line leaves the reservation and the stock together
# (SKUs locked in id order, as when they were reserved), and the move is recorded.
_CONFIRM_PAID = text(
    """
    WITH paid AS (
        UPDATE orders
           SET status = 'to_ship', paid_at = now(), updated_at = now(), version = version + 1,
               card_id = :card_id, card_no = :card_no, payment_entry_id = :entry_id,
               red_packet_part = :red_packet_part, balance_part = :balance_part
         WHERE id = :id AND status = 'pending_payment'
        RETURNING *
    ), locked AS (
        SELECT s.id FROM skus s WHERE s.id = ANY(CAST(:sku_ids AS bigint[])) AND EXISTS (SELECT 1 FROM paid)
         ORDER BY s.id FOR UPDATE
    ), taken AS (
        UPDATE skus s SET stock = s.stock - w.qty, reserved = s.reserved - w.qty, updated_at = now()
          FROM unnest(CAST(:sku_ids AS bigint[]), CAST(:quantities AS integer[])) AS w (sku_id, qty), locked l
         WHERE s.id = w.sku_id AND l.id = s.id AND s.reserved >= w.qty
        RETURNING s.id
    ), moved AS (
        INSERT INTO order_transitions (order_id, from_status, to_status, actor_kind, actor_id, actor_name, note)
        SELECT id, 'pending_payment', 'to_ship', 'member', member_id, member_name, '卡内支付成功' FROM paid
    ), from_cart AS (
        DELETE FROM cart_items c USING paid p
         WHERE c.member_id = p.member_id AND c.id = ANY(CAST(:cart_ids AS bigint[]))
    )
    SELECT * FROM paid
    """
)
_RELEASE = text("UPDATE skus SET reserved = reserved - :qty, updated_at = now() "
                "WHERE id = :sku_id AND reserved >= :qty")
# A 待支付 order that will never be paid: gone with its lines (cascade), its reservation given back, at once.
_DROP_UNPAID = text(
    """
    WITH gone AS (
        DELETE FROM orders WHERE id = :id AND status = 'pending_payment' RETURNING id
    ), held AS (
        SELECT sku_id, quantity FROM order_lines WHERE order_id = :id AND EXISTS (SELECT 1 FROM gone)
    ), locked AS (
        SELECT s.id FROM skus s JOIN held h ON h.sku_id = s.id ORDER BY s.id FOR UPDATE OF s
    ), released AS (
        UPDATE skus s SET reserved = s.reserved - h.quantity, updated_at = now()
          FROM held h, locked l WHERE s.id = h.sku_id AND l.id = s.id AND s.reserved >= h.quantity
        RETURNING s.id
    )
    SELECT (SELECT count(*) FROM gone) AS dropped, (SELECT count(*) FROM released) AS released
    """
)


async def _wanted(session: AsyncSession, member_id: int, body: PlaceOrderIn) -> tuple[list[tuple[int, int]], list[int]]:
    """[(sku id, quantity)] sorted by SKU, and the cart rows they come from (empty for 立即购买)."""
    if body.items is not None:
        return sorted((i.sku_id, i.quantity) for i in body.items), []
    rows = (await session.execute(select(CartItem.id, CartItem.sku_id, CartItem.quantity).where(
        CartItem.member_id == member_id, CartItem.id.in_(body.cart_item_ids or [])))).all()
    if len(rows) != len(set(body.cart_item_ids or [])):
        raise field_error("cart_item_ids", "购物车中没有这些商品", "unknown_reference")
    return sorted((r.sku_id, r.quantity) for r in rows), [r.id for r in rows]


async def _priced_lines(session: AsyncSession, wanted: list[tuple[int, int]]) -> list[dict[str, Any]]:
    found = {r.sku_id: r for r in (await session.execute(_PRICED, {"ids": [s for s, _ in wanted]})).all()}
    lines = []
    for sku_id, quantity in wanted:
        row = found.get(sku_id)
        if row is None:
            raise field_error("items", f"商品规格 {sku_id} 不存在", "unknown_reference")
        if not row.buyable:
            raise Problem(409, "off_shelf", f"{row.goods_name} 已下架", sku_id=sku_id)
        lines.append({
            "goods_id": row.goods_id, "sku_id": sku_id, "goods_name": row.goods_name, "specs": row.specs,
            "brand_id": row.brand_id, "brand_name": row.brand_name, "category_id": row.category_id,
            "category_name": row.category_name, "quantity": quantity, "unit_price": str(row.price),
            "sale_amount": str(row.price * quantity), "settlement_amount": str(row.settlement_price * quantity),
        })
    return lines


async def _replay(session: AsyncSession, member_id: int, key: str) -> int | None:
    return await session.scalar(select(Order.id).where(Order.member_id == member_id, Order.client_key == key,
                                                       Order.status != OrderStatus.PENDING_PAYMENT.value))


async def _why_not_placed(session: AsyncSession, found: Any, wanted: list[tuple[int, int]]) -> Problem:
    """The order statement placed nothing; its one row says whether the address and every SKU were fine.
    Out of stock (a hot SKU's many refusals) costs no further query; an unknown or unbuyable SKU is named."""
    if not found.address_found:
        return field_error("address_id", "收货地址不存在", "unknown_reference")
    if not found.all_priced:
        await _priced_lines(session, wanted)  # raises for the unknown SKU or the one off shelf
    return Problem(409, "out_of_stock", "库存不足", errors=[{"field": "items", "message": "库存不足"}])


async def place_order(
    session: AsyncSession, ledger: CardsLedger, member: Identity, body: PlaceOrderIn, key: str | None
) -> tuple[int, MemberOrderOut]:
    """Returns (201 or 200 for a replayed Idempotency-Key, the order). Raises a Problem when nothing was placed.

    `session` is on an autocommit connection: every statement below is one step and commits by itself."""
    if key is not None and (existing := await _replay(session, member.id, key)) is not None:
        return 200, await member_order_view(session, await load_order(session, existing))
    wanted, cart_ids = await _wanted(session, member.id, body)
    sku_ids, quantities = [s for s, _ in wanted], [q for _, q in wanted]
    # Step 1: the stock and the 待支付 order, together.
    try:
        lines = (await session.execute(_PLACE, {
            "sku_ids": sku_ids, "quantities": quantities, "address_id": body.address_id, "member_id": member.id,
            "member_name": member.name[:50], "member_phone": member.username[:20], "remark": body.remark,
            "use_red_packet": body.use_red_packet, "card_id": body.card_id, "card_no": body.card_no or "",
            "cart_item_ids": json.dumps(cart_ids), "client_key": key,
        })).all()
    except IntegrityError:
        await session.rollback()  # the same Idempotency-Key raced us: the statement, reservation included, undone
        if key is not None and (existing := await _replay(session, member.id, key)) is not None:
            return 200, await member_order_view(session, await load_order(session, existing))
        raise Problem(409, "order_in_progress", "相同的下单请求正在处理中，请稍后查看订单") from None
    if lines[0].order_id is None:
        raise await _why_not_placed(session, lines[0], wanted)
    placed = lines[0]
    # Step 2: the card.
    try:
        entry = await ledger.debit(
            order_ref=order_ref(placed.order_no), amount=placed.order_amount, card_no=body.card_no,
            card_id=body.card_id, member_id=member.id, use_red_packet=body.use_red_packet,
            memo=f"商城订单 {placed.order_no}",
        )
    except PaymentRefused as refused:
        await drop_unpaid(session, placed.order_id)
        await session.commit()
        raise refused.problem() from refused
    except PaymentNotSent as not_sent:
        await drop_unpaid(session, placed.order_id)
        await session.commit()
        raise Problem(503, "cards_unavailable", "卡片服务暂不可用，未扣款，订单未成立，请稍后重试") from not_sent
    except PaymentUnknown as unknown:
        log.warning("payment_unconfirmed", order_no=placed.order_no, error=str(unknown))
        raise Problem(503, "payment_unconfirmed",
                      "支付结果暂未确认，系统会自动核对：未扣款则取消订单，已扣款则退回卡内",
                      order_no=placed.order_no) from unknown
    # Step 3: paid.
    paid = (await session.execute(_CONFIRM_PAID, {
        "id": placed.order_id, "card_id": entry.card_id, "card_no": entry.card_no or body.card_no or "",
        "entry_id": entry.entry_id, "red_packet_part": entry.red_packet_part, "balance_part": entry.balance_part,
        "sku_ids": sku_ids, "quantities": quantities, "cart_ids": cart_ids,
    })).first()
    if paid is None:  # reconciliation got there first (only after PAYMENT_STALE_AFTER)
        await session.rollback()
        raise Problem(409, "payment_reconciled", "支付确认超时，订单已由系统取消并退款", order_no=placed.order_no)
    await session.commit()
    # The answer from what the two statements returned: no read-back of the order and its lines.
    return 201, member_view(paid, lines)  # type: ignore[arg-type]  (rows carry the OrderLine fields)


async def _lines_of(session: AsyncSession, order_id: int) -> list[tuple[int, int]]:
    rows = await session.execute(select(OrderLine.sku_id, OrderLine.quantity).where(OrderLine.order_id == order_id)
                                 .order_by(OrderLine.sku_id))
    return [(r.sku_id, r.quantity) for r in rows.all()]


async def release_reservation(session: AsyncSession, order_id: int) -> None:
    for sku_id, quantity in await _lines_of(session, order_id):
        await session.execute(_RELEASE, {"sku_id": sku_id, "qty": quantity})


async def drop_unpaid(session: AsyncSession, order_id: int) -> bool:
    """A 待支付 order whose debit was refused or never happened: no order remains, the stock goes back."""
    return bool((await session.execute(_DROP_UNPAID, {"id": order_id})).one().dropped)


async def reconcile(db: Database, ledger: CardsLedger, now: datetime, *, limit: int = 200) -> dict[str, Any]:
    """Settles what a crash or a ledger outage left behind; acts on state, so a rerun changes nothing.

    - 待支付 older than PAYMENT_STALE_AFTER: credit by order_ref. debit_not_found -> nothing was taken: delete
      the order, release its reservation. A credit -> a debit had happened: the order becomes 已取消 (refunded)
      and the reservation is released.
    - 已取消 whose refund has not been made yet: credit again.
    """
    result = {"unpaid_dropped": 0, "unpaid_refunded": 0, "refunds_made": 0, "left_for_later": 0}
    async with db.sessions() as session:
        stale = list((await session.execute(
            select(Order).where(Order.status == OrderStatus.PENDING_PAYMENT.value,
                                Order.created_at < now - PAYMENT_STALE_AFTER).order_by(Order.id).limit(limit)
        )).scalars())
        for order in stale:
            try:
                entry = await ledger.credit(order_ref=order_ref(order.order_no), amount=order.sale_amount,
                                            reason="支付结果未确认，自动退款")
            except PaymentRefused as refused:
                if refused.code != "debit_not_found":
                    result["left_for_later"] += 1
                    continue
                if await drop_unpaid(session, order.id):
                    result["unpaid_dropped"] += 1
                await session.commit()
                continue
            except (PaymentUnknown, PaymentNotSent):
                result["left_for_later"] += 1
                continue
            moved = await session.execute(
                update(Order).where(Order.id == order.id, Order.status == OrderStatus.PENDING_PAYMENT.value)
                .values(status=OrderStatus.CANCELLED.value, cancelled_at=now, refunded_at=now,
                        refund_amount=order.sale_amount, refund_entry_id=entry.entry_id,
                        cancel_reason="支付结果未确认，已自动退款", version=Order.version + 1)
                .returning(Order.id)
            )
            if moved.first() is not None:
                await release_reservation(session, order.id)
                await record_move(session, order.id, OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED,
                                  {"kind": "system", "id": None, "name": "系统"}, "支付结果未确认，已自动退款")
                result["unpaid_refunded"] += 1
            await session.commit()
        unrefunded = list((await session.execute(
            select(Order).where(Order.status == OrderStatus.CANCELLED.value, Order.refunded_at.is_(None))
            .order_by(Order.id).limit(limit)
        )).scalars())
        for order in unrefunded:
            if await refund_cancelled(session, ledger, order):
                result["refunds_made"] += 1
            else:
                result["left_for_later"] += 1
    return result
