"""Orders over three doors: admin (/api/health/orders), members (/app/health/orders),
partner hospitals (/partner/health/orders, scoped to the key's hospital)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse, Response

from health.catalogue.service import brand_options
from health.common import business_today
from health.hospitals.service import hospital_options
from health.orders import service
from health.orders.models import Order
from health.orders.payment import CardsLedger
from health.orders.schemas import BookIn, CancelIn
from health.orders.states import STATUS_LABELS, OrderStatus
from health.packages.models import Package
from shared.app import db_session
from shared.db import Database
from shared.idempotency import idempotency_key
from shared.identity import Identity, Principal, Require, RequirePartner, require_member
from shared.listing import (
    PageParams,
    apply_sort,
    check_range,
    enum_options,
    keyword_clause,
    list_response,
    options,
    page_params,
    paginate,
)
from shared.problems import Problem
from shared.xlsx import xlsx_response

router = APIRouter(prefix="/api/health", tags=["体检管理: 订单"])
app_router = APIRouter(prefix="/app/health", tags=["会员: 体检订单"])
partner_router = APIRouter(prefix="/partner/health", tags=["合作医院: 预约订单"])

# 待支付 is internal bookkeeping: listed for admins only when asked for by status.
VISIBLE_STATUSES = {k: v for k, v in STATUS_LABELS.items() if k != OrderStatus.PENDING_PAYMENT}


async def ledger(request: Request) -> CardsLedger:
    return request.app.state.cards_ledger


async def pinned_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session that keeps one connection for the whole request.

    Booking commits twice (the 待支付 row, then the confirmation); a plain session would check a connection
    out of the pool for each, and every checkout pays the pool's pre-ping (BEGIN; ping; ROLLBACK: three
    round trips). One checkout per booking saves them.
    """
    db: Database = request.app.state.db
    async with db.engine.connect() as connection, AsyncSession(bind=connection, expire_on_commit=False) as session:
        yield session


def order_filters(
    keyword: str | None = Query(None, max_length=100, description="订单号/体检人/会员姓名"),
    order_no: str | None = Query(None, max_length=32),
    hospital_id: int | None = Query(None, ge=1),
    brand_id: int | None = Query(None, ge=1),
    package_id: int | None = Query(None, ge=1),
    member_id: int | None = Query(None, ge=1),
    status: str | None = Query(None, pattern="^(pending_payment|booked|checked_in|completed|cancelled|refunded)$"),
    day_from: date | None = Query(None, description="预约日期起"),
    day_to: date | None = Query(None),
    created_from: datetime | None = Query(None, description="下单时间起"),
    created_to: datetime | None = Query(None),
    completed_from: datetime | None = Query(None, description="完成(结算)时间起"),
    completed_to: datetime | None = Query(None),
    card_no: str | None = Query(None, max_length=32),
    phone: str | None = Query(None, max_length=20, description="会员或体检人手机号"),
) -> list[Any]:
    check_range("day", day_from, day_to)
    check_range("created", created_from, created_to)
    check_range("completed", completed_from, completed_to)
    where: list[Any] = []
    if (clause := keyword_clause(keyword, Order.order_no, Order.examinee_name, Order.member_name)) is not None:
        where.append(clause)
    for column, value in (
        (Order.order_no, order_no), (Order.hospital_id, hospital_id), (Order.brand_id, brand_id),
        (Order.package_id, package_id), (Order.member_id, member_id), (Order.card_no, card_no),
    ):
        if value is not None and value != "":
            where.append(column == value)
    if status is not None:
        where.append(Order.status == status)
    else:
        where.append(Order.status != OrderStatus.PENDING_PAYMENT.value)
    if phone:
        where.append(or_(Order.member_phone == phone.strip(), Order.examinee_phone == phone.strip()))
    for column, low, high in (
        (Order.day, day_from, day_to), (Order.created_at, created_from, created_to),
        (Order.completed_at, completed_from, completed_to),
    ):
        if low is not None:
            where.append(column >= low)
        if high is not None:
            where.append(column <= high)
    return where


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


@router.get("/orders", summary="体检订单列表")
async def list_orders(
    params: PageParams = Depends(page_params),
    where: list[Any] = Depends(order_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:order:list")),
) -> dict[str, Any]:
    stmt = apply_sort(select(Order).where(*where), params.sort, SORTABLE, [Order.id.desc()])
    rows, total = await paginate(session, stmt, params, row=service.order_out)
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


@router.get("/orders/export", summary="导出体检订单")
async def export_orders(
    where: list[Any] = Depends(order_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:order:export")),
) -> Response:
    rows = (await session.execute(select(Order).where(*where).order_by(Order.id.desc()).limit(50_000))).scalars()
    return xlsx_response("体检订单.xlsx", EXPORT_COLUMNS, [service.order_out(o) for o in rows])


@router.get("/orders/{order_id}", summary="体检订单详情")
async def get_order(
    order_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:order:list")),
) -> dict[str, Any]:
    order = await session.get(Order, order_id)
    if order is None:
        raise Problem(404, "not_found", "订单不存在")
    return service.order_out(order)


@router.post("/orders/{order_id}/cancel", summary="后台取消订单并退款（任意日期）")
async def admin_cancel(
    order_id: int,
    body: CancelIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:order:update")),
    cards: CardsLedger = Depends(ledger),
) -> dict[str, Any]:
    order = await session.get(Order, order_id)
    if order is None or order.status == OrderStatus.PENDING_PAYMENT:
        raise Problem(404, "not_found", "订单不存在")
    return await service.cancel(session, cards, order, by=f"staff:{principal.name}", reason=body.reason or "后台取消")


# ---------------------------------------------------------------- members


@app_router.post("/orders", status_code=201, summary="预约体检（卡内余额支付）")
async def book_order(
    body: BookIn,
    key: str | None = Depends(idempotency_key),
    session: AsyncSession = Depends(pinned_session),
    member: Identity = Depends(require_member),
    cards: CardsLedger = Depends(ledger),
) -> Any:
    status, order = await service.book(session, cards, member, body, key)
    if status == 201:
        return member_view_dict(order)
    # 200: the same Idempotency-Key again, answered with the order it made.
    return JSONResponse(jsonable_encoder(member_view_dict(order)), status_code=status)


@app_router.get("/orders", summary="我的体检订单")
async def my_orders(
    params: PageParams = Depends(page_params),
    status: str | None = Query(None, pattern="^(pending_payment|booked|checked_in|completed|cancelled|refunded)$"),
    session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member),
) -> dict[str, Any]:
    stmt = select(Order).where(Order.member_id == member.id)
    if status:
        stmt = stmt.where(Order.status == status)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Order.id.desc()])
    rows, total = await paginate(session, stmt, params, row=member_view)
    return list_response(rows, total, params, {"status_list": enum_options(STATUS_LABELS)})


@app_router.get("/orders/{order_id}", summary="我的体检订单详情")
async def my_order(
    order_id: int,
    session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member),
) -> dict[str, Any]:
    return member_view(await member_order(session, member, order_id))


@app_router.post("/orders/{order_id}/cancel", summary="取消预约（预约日前一天及之前），退回卡内")
async def my_cancel(
    order_id: int,
    body: CancelIn | None = None,
    session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member),
    cards: CardsLedger = Depends(ledger),
) -> dict[str, Any]:
    order = await member_order(session, member, order_id)
    if order.status == OrderStatus.BOOKED and order.day <= business_today():
        raise Problem(409, "too_late_to_cancel", "预约当天及之后不能取消")
    result = await service.cancel(
        session, cards, order, by=f"member:{member.id}", reason=(body.reason if body else "") or "会员取消"
    )
    return member_view_dict(result)


async def member_order(session: AsyncSession, member: Identity, order_id: int) -> Order:
    order = await session.scalar(select(Order).where(Order.id == order_id, Order.member_id == member.id))
    if order is None:
        raise Problem(404, "not_found", "订单不存在")
    return order


def member_view(order: Order) -> dict[str, Any]:
    return member_view_dict(service.order_out(order))


def member_view_dict(body: dict[str, Any]) -> dict[str, Any]:
    """What the hospital is paid is not the member's business."""
    return {k: v for k, v in body.items() if k not in ("settlement_amount", "cancelled_by")}


# ---------------------------------------------------------------- partner hospitals


def partner_view(order: Order) -> dict[str, Any]:
    body = service.order_out(order)
    for key in ("member_id", "member_name", "member_phone", "card_id", "card_no", "red_packet_part",
                "balance_part", "cancelled_by"):
        body.pop(key, None)
    return body


@partner_router.get("/orders", summary="本院某天的预约（默认今天）")
async def partner_orders(
    params: PageParams = Depends(page_params),
    day: date | None = Query(None, description="预约日期，默认今天（北京时间）"),
    status: str | None = Query(None, pattern="^(booked|checked_in|completed|cancelled|refunded)$"),
    session: AsyncSession = Depends(db_session),
    partner: Identity = Depends(RequirePartner("hospital")),
) -> dict[str, Any]:
    stmt = select(Order).where(
        Order.hospital_id == partner_hospital(partner),
        Order.day == (day or business_today()),
        Order.status != OrderStatus.PENDING_PAYMENT.value,
    )
    if status:
        stmt = stmt.where(Order.status == status)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Order.id.asc()])
    rows, total = await paginate(session, stmt, params, row=partner_view)
    return list_response(rows, total, params, {"status_list": enum_options(VISIBLE_STATUSES)})


@partner_router.get("/orders/{order_id}", summary="本院预约详情")
async def partner_order(
    order_id: int,
    session: AsyncSession = Depends(db_session),
    partner: Identity = Depends(RequirePartner("hospital")),
) -> dict[str, Any]:
    return partner_view(await service.partner_order(session, partner_hospital(partner), order_id))


@partner_router.post("/orders/{order_id}/check-in", summary="到检登记")
async def partner_check_in(
    order_id: int,
    session: AsyncSession = Depends(db_session),
    partner: Identity = Depends(RequirePartner("hospital")),
) -> dict[str, Any]:
    body = await service.check_in(session, partner_hospital(partner), order_id)
    return {k: v for k, v in body.items() if k not in ("member_id", "member_name", "member_phone", "card_no")}


@partner_router.post("/orders/{order_id}/complete", summary="体检完成（结算）")
async def partner_complete(
    order_id: int,
    session: AsyncSession = Depends(db_session),
    partner: Identity = Depends(RequirePartner("hospital")),
) -> dict[str, Any]:
    body = await service.complete(session, partner_hospital(partner), order_id)
    return {k: v for k, v in body.items() if k not in ("member_id", "member_name", "member_phone", "card_no")}


def partner_hospital(partner: Identity) -> int:
    if partner.partner_id is None:
        raise Problem(403, "forbidden", "该密钥未绑定医院")
    return partner.partner_id
