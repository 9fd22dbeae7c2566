"""Orders over three doors: admin (/api/health/orders), members (/app/health/orders),
partner hospitals (/partner/health/orders, scoped to the key's hospital)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from health.common import Keyword
from health.orders import queries, service
from health.orders.schemas import (
    BookIn,
    CancelIn,
    MemberOrder,
    MemberOrderPage,
    OrderFilters,
    OrderOut,
    OrderPage,
    PartnerOrder,
    PartnerOrderPage,
)
from health.orders.states import OrderStatus
from shared.admin_pages import AdminPage, add_admin_page
from shared.app import db_session
from shared.db import Database
from shared.idempotency import idempotency_key
from shared.identity import Identity, Principal, Require, RequirePartner, require_member
from shared.ledger import CardsLedger
from shared.listing import PageParams, check_range, page_params
from shared.problems import Problem
from shared.types import Id

router = APIRouter(prefix="/api/health", tags=["体检管理: 订单"])
app_router = APIRouter(prefix="/app/health", tags=["会员: 体检订单"])
partner_router = APIRouter(prefix="/partner/health", tags=["合作医院: 预约订单"])

# What a partner may filter by: every status but the internal 待支付.
PartnerStatus = Literal["booked", "checked_in", "completed", "cancelled", "refunded"]
CardNoQuery = Query(None, max_length=32, pattern=r"^[0-9A-Za-z]*$")


async def ledger(request: Request) -> CardsLedger:
    return request.app.state.cards_ledger  # type: ignore[no-any-return]


async def pinned_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session that keeps one connection for the whole request.

    Booking commits twice (the 待支付 row, then the confirmation); a plain session would check a connection
    out of the pool for each, and every checkout pays the pool's pre-ping (BEGIN; ping; ROLLBACK: three
    round trips). One checkout per booking saves them.
    """
    db: Database = request.app.state.db
    async with db.engine.connect() as connection, AsyncSession(bind=connection, expire_on_commit=False) as session:
        yield session


async def order_filters(
    keyword: Keyword | None = Query(None, description="订单号/体检人/会员姓名"),
    order_no: str | None = Query(None, max_length=32, pattern=r"^[0-9A-Za-z]*$"),
    hospital_id: Id | None = None,
    brand_id: Id | None = None,
    package_id: Id | None = None,
    member_id: Id | None = None,
    status: OrderStatus | None = Query(None, description="不填时不含待支付"),
    day_from: date | None = Query(None, description="预约日期起"),
    day_to: date | None = Query(None, description="预约日期止"),
    date_from: date | None = Query(None, description="下单日期起（含），上海日期 YYYY-MM-DD"),
    date_to: date | None = Query(None, description="下单日期止（含），上海日期 YYYY-MM-DD"),
    completed_from: datetime | None = Query(None, description="完成(结算)时间起"),
    completed_to: datetime | None = Query(None, description="完成(结算)时间止"),
    card_no: str | None = CardNoQuery,
    phone: str | None = Query(None, max_length=20, pattern=r"^[0-9+\- ]*$", description="会员或体检人手机号"),
) -> OrderFilters:
    check_range("day", day_from, day_to)
    check_range("date", date_from, date_to)
    check_range("completed", completed_from, completed_to)
    return OrderFilters(
        keyword=keyword, order_no=order_no, hospital_id=hospital_id, brand_id=brand_id, package_id=package_id,
        member_id=member_id, status=status, day_from=day_from, day_to=day_to, date_from=date_from,
        date_to=date_to, completed_from=completed_from, completed_to=completed_to, card_no=card_no,
        phone=phone,
    )


# Orders are made by members; the admin page lists, exports and shows them, and cancels one (below).
add_admin_page(router, AdminPage(
    path="/orders", id_name="order_id", singular="order", plural="orders", label="体检订单", code="health:order",
    page=OrderPage, out=OrderOut, filters=order_filters, page_params_first=True, export_name="体检订单.xlsx",
    export_columns=queries.EXPORT_COLUMNS, export_action="export", export_description="体检订单.xlsx",
    list_rows=queries.list_orders, export_rows=queries.export_rows, get_row=queries.order_detail,
))


@router.post("/orders/{order_id}/cancel", summary="后台取消订单并退款（任意日期）", response_model=OrderOut)
async def admin_cancel(
    order_id: Id,
    body: CancelIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:order:update")),
    cards: CardsLedger = Depends(ledger),
) -> dict[str, Any]:
    return await service.admin_cancel(session, cards, order_id, by=f"staff:{principal.name}", reason=body.reason)


# ---------------------------------------------------------------- members


@app_router.post("/orders", status_code=201, summary="预约体检（卡内余额支付）", response_model=MemberOrder,
                 responses={200: {"model": MemberOrder, "description": "同一 Idempotency-Key 再次提交：原订单"}})
async def book_order(
    body: BookIn,
    key: str | None = Depends(idempotency_key),
    session: AsyncSession = Depends(pinned_session),
    member: Identity = Depends(require_member),
    cards: CardsLedger = Depends(ledger),
) -> Any:
    status, order = await service.book(session, cards, member, body, key)
    if status == 201:
        return order
    # 200: the same Idempotency-Key again, answered with the order it made.
    return JSONResponse(MemberOrder.model_validate(order).model_dump(mode="json"), status_code=status)


@app_router.get("/orders", summary="我的体检订单", response_model=MemberOrderPage, response_model_exclude_unset=True)
async def my_orders(
    params: PageParams = Depends(page_params),
    status: OrderStatus | None = None,
    session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member),
) -> dict[str, Any]:
    return await queries.member_orders(session, member.id, status, params)


@app_router.get("/orders/{order_id}", summary="我的体检订单详情", response_model=MemberOrder)
async def my_order(
    order_id: Id,
    session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member),
) -> dict[str, Any]:
    return await queries.member_order_detail(session, member.id, order_id)


@app_router.post("/orders/{order_id}/cancel", summary="取消预约（预约日前一天及之前），退回卡内",
                 response_model=MemberOrder)
async def my_cancel(
    order_id: Id,
    body: CancelIn | None = None,
    session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member),
    cards: CardsLedger = Depends(ledger),
) -> dict[str, Any]:
    return await service.member_cancel(session, cards, member.id, order_id, body.reason if body else "")


# ---------------------------------------------------------------- partner hospitals


def partner_hospital(partner: Identity) -> int:
    if partner.partner_id is None:
        raise Problem(403, "forbidden", "该密钥未绑定医院")
    return partner.partner_id


async def key_hospital(partner: Identity = Depends(RequirePartner("hospital"))) -> int:
    """The hospital a partner route is scoped to: that of the calling key (403 for any other caller)."""
    return partner_hospital(partner)


@partner_router.get("/orders", summary="本院某天的预约（默认今天）", response_model=PartnerOrderPage,
                    response_model_exclude_unset=True)
async def partner_orders(
    params: PageParams = Depends(page_params),
    day: date | None = Query(None, description="预约日期，默认今天（北京时间）"),
    status: PartnerStatus | None = None,
    session: AsyncSession = Depends(db_session),
    hospital_id: int = Depends(key_hospital),
) -> dict[str, Any]:
    wanted = OrderStatus(status) if status else None
    return await queries.partner_orders(session, hospital_id, day, wanted, params)


@partner_router.get("/orders/{order_id}", summary="本院预约详情", response_model=PartnerOrder)
async def partner_order(
    order_id: Id, session: AsyncSession = Depends(db_session), hospital_id: int = Depends(key_hospital)
) -> dict[str, Any]:
    return await service.partner_order_detail(session, hospital_id, order_id)


@partner_router.post("/orders/{order_id}/check-in", summary="到检登记", response_model=PartnerOrder)
async def partner_check_in(
    order_id: Id, session: AsyncSession = Depends(db_session), hospital_id: int = Depends(key_hospital)
) -> dict[str, Any]:
    return await service.check_in(session, hospital_id, order_id)


@partner_router.post("/orders/{order_id}/complete", summary="体检完成（结算）", response_model=PartnerOrder)
async def partner_complete(
    order_id: Id, session: AsyncSession = Depends(db_session), hospital_id: int = Depends(key_hospital)
) -> dict[str, Any]:
    return await service.complete(session, hospital_id, order_id)
