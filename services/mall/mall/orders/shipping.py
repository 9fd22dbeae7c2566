"""Shipping many orders at once: a list in the body or an .xlsx/.csv of 订单号, 物流公司, 物流单号. Each row is
shipped on its own (one bad row does not stop the others) and answered with its own error."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mall.orders.models import Order
from mall.orders.schemas import CARRIERS, RowResult, ShipOne, ShipReport, TrackingNo
from mall.orders.service import ship
from shared.problems import Problem

IMPORT_COLUMNS = [("order_no", "订单号"), ("carrier", "物流公司"), ("tracking_no", "物流单号")]
_BY_NAME = {name: code for code, name in CARRIERS.items()} | {code: code for code in CARRIERS}
_tracking = TypeAdapter(TrackingNo)


async def _ship_row(session: AsyncSession, row: int, order_id: int, order_no: str, carrier: str, tracking_no: str,
                    actor: dict[str, Any]) -> RowResult:
    try:
        await ship(session, order_id, carrier, tracking_no, actor)
    except Problem as problem:
        await session.rollback()
        return RowResult(row=row, order_no=order_no, ok=False, error=problem.detail)
    return RowResult(row=row, order_no=order_no, ok=True)


def _report(results: list[RowResult]) -> ShipReport:
    shipped = sum(r.ok for r in results)
    return ShipReport(shipped=shipped, failed=len(results) - shipped, results=results)


async def ship_many(session: AsyncSession, orders: list[ShipOne], actor: dict[str, Any]) -> ShipReport:
    numbers = dict((await session.execute(select(Order.id, Order.order_no).where(
        Order.id.in_([o.order_id for o in orders])))).all())
    results = []
    for index, item in enumerate(orders, start=1):
        if item.order_id not in numbers:
            results.append(RowResult(row=index, ok=False, error=f"订单 {item.order_id} 不存在"))
            continue
        results.append(await _ship_row(session, index, item.order_id, numbers[item.order_id], item.carrier,
                                       item.tracking_no, actor))
    return _report(results)


async def ship_rows(session: AsyncSession, rows: list[tuple[int, dict[str, str]]], actor: dict[str, Any]) -> ShipReport:
    """Rows of an import as (sheet row number, {order_no, carrier, tracking_no})."""
    wanted = [r.get("order_no", "") for _, r in rows]
    ids = dict((await session.execute(select(Order.order_no, Order.id).where(Order.order_no.in_(wanted)))).all())
    results = []
    seen: set[str] = set()
    for number, row in rows:
        order_no = row.get("order_no", "")
        carrier = _BY_NAME.get(row.get("carrier", ""))
        error = ""
        if not order_no:
            error = "订单号不能为空"
        elif order_no in seen:
            error = "订单号在文件中重复"
        elif order_no not in ids:
            error = "订单不存在"
        elif carrier is None:
            error = "物流公司不在列表中: " + "、".join(CARRIERS.values())
        else:
            try:
                tracking_no = _tracking.validate_python(row.get("tracking_no", ""))
            except ValidationError:
                error = "物流单号应为 6-40 位字母、数字或 -"
        seen.add(order_no)
        if error:
            results.append(RowResult(row=number, order_no=order_no, ok=False, error=error))
            continue
        results.append(await _ship_row(session, number, ids[order_no], order_no, carrier or "", tracking_no, actor))
    return _report(results)
