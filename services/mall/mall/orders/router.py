"""Orders over two doors: the back office (/api/mall/orders, 订单管理) and members (/app/mall/orders)."""

from __future__ import annotations

from datetime import date
from functools import partial

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from mall.common import member_actor, staff_actor
from mall.orders import placing, service, shipping
from mall.orders.schemas import (
    CancelIn,
    MemberOrderOut,
    MemberOrderPage,
    OrderOut,
    OrderPage,
    PlaceOrderIn,
    ShipIn,
    ShipManyIn,
    ShipReport,
)
from mall.orders.states import OrderStatus
from shared.admin_pages import AdminPage, add_admin_page
from shared.app import autocommit_session, db_session
from shared.idempotency import idempotency_key
from shared.identity import Identity, Principal, Require, require_member
from shared.ledger import CardsLedger
from shared.listing import PageParams, check_range, page_params
from shared.problems import Problem
from shared.types import Id
from shared.xlsx import read_upload

router = APIRouter(prefix="/api/mall/orders", tags=["商城管理: 订单"])
app_router = APIRouter(prefix="/app/mall/orders", tags=["会员: 商城订单"])
STATUS_PATTERN = "^(pending_payment|to_ship|shipped|completed|cancelled|refunded)$"
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


async def ledger(request: Request) -> CardsLedger:
    return request.app.state.cards_ledger


async def order_filters(
    keyword: str | None = Query(None, max_length=100, description="订单号/会员/收货人"),
    order_no: str | None = Query(None, max_length=32),
    phone: str | None = Query(None, max_length=20, description="会员或收货人手机号"),
    card_no: str | None = Query(None, max_length=32),
    status: str | None = Query(None, pattern=STATUS_PATTERN),
    date_from: date | None = Query(None, ge=FIRST_DAY, le=LAST_DAY, description="下单日期起（含，上海日期）"),
    date_to: date | None = Query(None, ge=FIRST_DAY, le=LAST_DAY, description="下单日期止（含）"),
    goods_id: Id | None = Query(None, description="含该商品的订单"),
) -> service.OrderFilters:
    check_range("date", date_from, date_to)
    return service.OrderFilters(keyword, order_no, phone, card_no, status, date_from, date_to, goods_id)


async def admin_order(session: AsyncSession, order_id: int):  # type: ignore[no-untyped-def]
    order = await service.load_order(session, order_id)
    if order.status == OrderStatus.PENDING_PAYMENT:
        raise Problem(404, "not_found", "订单不存在")
    return order


# The list and the export as on the plain pages; shipping, the detail and the moves follow by hand.
add_admin_page(router, AdminPage(
    path="", id_name="order_id", singular="order", plural="orders", label="商城订单", code="mall:order",
    page=OrderPage, out=OrderOut, filters=order_filters, list_rows=partial(service.list_orders, admin=True),
    export_rows=service.export_rows, export_name="商城订单.xlsx", export_columns=service.EXPORT_COLUMNS,
    export_action="export", export_description=None,
))


@router.post("/ship", summary="批量发货（每单一个结果）")
async def ship_many(
    body: ShipManyIn, session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("mall:order:update")),
) -> ShipReport:
    return await shipping.ship_many(session, body.orders, staff_actor(principal))


@router.post("/ship/import", summary="导入发货单（.xlsx/.csv：订单号、物流公司、物流单号；逐行报错）")
async def import_shipments(
    file: UploadFile = File(...), session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("mall:order:import")),
) -> ShipReport:
    rows = await read_upload(file, shipping.IMPORT_COLUMNS)
    return await shipping.ship_rows(session, rows, staff_actor(principal))


@router.get("/{order_id}", summary="商城订单详情（含状态流转记录）")
async def get_order(
    order_id: Id, session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("mall:order:list"))
) -> OrderOut:
    return await service.admin_order_view(session, await admin_order(session, order_id))


@router.post("/{order_id}/ship", summary="发货")
async def ship_order(
    order_id: Id, body: ShipIn, session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("mall:order:update")),
) -> OrderOut:
    await admin_order(session, order_id)
    order = await service.ship(session, order_id, body.carrier, body.tracking_no, staff_actor(principal))
    return await service.admin_order_view(session, order)


@router.post("/{order_id}/cancel", summary="后台取消（发货前），库存退回、卡内退款")
async def admin_cancel(
    order_id: Id, body: CancelIn, session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("mall:order:update")), cards: CardsLedger = Depends(ledger),
) -> OrderOut:
    order = await admin_order(session, order_id)
    order = await service.cancel(session, cards, order, staff_actor(principal), body.reason or "后台取消")
    return await service.admin_order_view(session, order)


# ---------------------------------------------------------------- members


@app_router.post("", status_code=201, summary="下单（立即购买或购物车结算，卡内余额支付）",
                 responses={200: {"model": MemberOrderOut, "description": "同一 Idempotency-Key 的重复请求"}})
async def place_order(
    body: PlaceOrderIn, key: str | None = Depends(idempotency_key),
    session: AsyncSession = Depends(autocommit_session),  # each step of placing is one statement (placing.py)
    member: Identity = Depends(require_member), cards: CardsLedger = Depends(ledger),
) -> MemberOrderOut:
    status, view = await placing.place_order(session, cards, member, body, key)
    if status == 201:
        return view
    return JSONResponse(jsonable_encoder(view), status_code=status)  # type: ignore[return-value]


@app_router.get("", response_model=MemberOrderPage, response_model_exclude_unset=True, summary="我的商城订单")
async def my_orders(
    params: PageParams = Depends(page_params),
    status: str | None = Query(None, pattern="^(to_ship|shipped|completed|cancelled|refunded)$"),
    session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member),
) -> dict[str, object]:
    filters = service.OrderFilters(status=status, member_id=member.id)
    return await service.list_orders(session, filters, params, admin=False)


@app_router.get("/{order_id}", summary="我的订单详情")
async def my_order(
    order_id: Id, session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member)
) -> MemberOrderOut:
    return await service.member_order_view(session, await service.member_order(session, member.id, order_id))


@app_router.post("/{order_id}/cancel", summary="取消订单（发货前），退回卡内")
async def my_cancel(
    order_id: Id, body: CancelIn | None = None, session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member), cards: CardsLedger = Depends(ledger),
) -> MemberOrderOut:
    order = await service.member_order(session, member.id, order_id)
    reason = (body.reason if body else "") or "会员取消"
    order = await service.cancel(session, cards, order, member_actor(member), reason)
    return await service.member_order_view(session, order)


@app_router.post("/{order_id}/confirm", summary="确认收货")
async def confirm_receipt(
    order_id: Id, session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member)
) -> MemberOrderOut:
    order = await service.confirm_receipt(session, member.id, order_id)
    return await service.member_order_view(session, order)
