"""Orders over three doors: admin (/api/escort/orders), members (/app/escort/orders) and escorts
(/partner/escort/orders, scoped to the escort the key is bound to)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from escort.orders import queries, service
from escort.orders.queries import OrderFilter
from escort.orders.schemas import (
    AdminOrderDetail,
    AdminOrderOut,
    AdminOrderPage,
    AssignIn,
    BookIn,
    CancelIn,
    MemberOrderOut,
    MemberOrderPage,
    PartnerOrderOut,
    PartnerOrderPage,
    ReviewIn,
    StartIn,
)
from shared.app import autocommit_session, db_session
from shared.idempotency import idempotency_key
from shared.identity import Identity, Principal, Require, RequirePartner, require_member
from shared.ledger import CardsLedger
from shared.listing import PageParams, page_params
from shared.types import Day, Id, Text
from shared.xlsx import XLSX_MEDIA, xlsx_response

router = APIRouter(prefix="/api/escort", tags=["陪诊管理: 订单"])
app_router = APIRouter(prefix="/app/escort", tags=["会员: 陪诊订单"])
partner_router = APIRouter(prefix="/partner/escort", tags=["陪诊师接口: 订单"])
Status = Literal["pending_payment", "waiting", "accepted", "in_service", "completed", "cancelled", "refunded"]
VisibleStatus = Literal["waiting", "accepted", "in_service", "completed", "cancelled", "refunded"]
EXPORT = {"200": {"content": {XLSX_MEDIA: {}}, "description": "xlsx 文件"}}
REPLAYED = {200: {"model": MemberOrderOut, "description": "同一 Idempotency-Key 的重复请求"}}


async def cards_ledger(request: Request) -> CardsLedger:
    return request.app.state.cards_ledger


async def order_filter(
    keyword: Text | None = Query(None, max_length=100, description="订单号/就诊人/会员/陪诊师"),
    status: Status | None = Query(None, description="不传时不含内部状态 待支付"),
    hospital_id: Id | None = Query(None), product_id: Id | None = Query(None), escort_id: Id | None = Query(None),
    member_id: Id | None = Query(None),
    date_from: Day | None = Query(None, description="下单日期起（含）"), date_to: Day | None = Query(None),
    day_from: Day | None = Query(None, description="预约陪诊日期起（含）"), day_to: Day | None = Query(None),
) -> OrderFilter:
    return OrderFilter(keyword=keyword, status=status, hospital_id=hospital_id, product_id=product_id,
                       escort_id=escort_id, member_id=member_id, date_from=date_from, date_to=date_to,
                       day_from=day_from, day_to=day_to)


# ---------------------------------------------------------------- admin


@router.get("/orders", response_model=AdminOrderPage, response_model_exclude_unset=True, summary="陪诊订单列表")
async def list_orders(
    filters: OrderFilter = Depends(order_filter), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), principal: Principal = Depends(Require("escort:order:list")),
) -> dict:
    return await queries.list_orders(session, filters, params, principal)


ORDER_COLUMNS = [
    ("order_no", "订单号"), ("status_label", "状态"), ("member_name", "会员"), ("member_phone", "会员手机号"),
    ("card_no", "卡号"), ("product_name", "产品"), ("hospital_name", "医院"), ("department", "科室"),
    ("appointment_at", "预约时间"), ("patient_name", "就诊人"), ("patient_phone", "就诊人手机号"),
    ("patient_id_number", "就诊人身份证号"), ("escort_name", "陪诊师"), ("sale_amount", "售价"),
    ("escort_share", "陪诊师分成"), ("platform_share", "平台收入"), ("rating", "评分"), ("created_at", "下单时间"),
    ("finished_at", "完成时间"), ("cancelled_at", "取消时间"), ("cancel_reason", "取消原因"),
]


@router.get("/orders/export", response_class=Response, responses=EXPORT, summary="导出陪诊订单（身份证号按权限脱敏）")
async def export_orders(
    filters: OrderFilter = Depends(order_filter), session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("escort:order:list")),
) -> Response:
    return xlsx_response("陪诊订单.xlsx", ORDER_COLUMNS, await queries.export_orders(session, filters, principal))


@router.get("/orders/{order_id}", response_model=AdminOrderDetail, summary="陪诊订单详情（含状态记录）")
async def get_order(order_id: Id, session: AsyncSession = Depends(db_session),
                    principal: Principal = Depends(Require("escort:order:list"))) -> AdminOrderDetail:
    return await queries.order_detail(session, order_id, principal)


@router.post("/orders/{order_id}/assign", response_model=AdminOrderOut, summary="指派陪诊师（待接单时）")
async def assign_order(order_id: Id, body: AssignIn, session: AsyncSession = Depends(db_session),
                       principal: Principal = Depends(Require("escort:order:update"))) -> AdminOrderOut:
    return await service.assign(session, principal, order_id, body.escort_id)


@router.post("/orders/{order_id}/cancel", response_model=AdminOrderOut, summary="取消订单并退款（服务开始前）")
async def cancel_order(
    order_id: Id, body: CancelIn, session: AsyncSession = Depends(db_session),
    cards: CardsLedger = Depends(cards_ledger), principal: Principal = Depends(Require("escort:order:update")),
) -> AdminOrderOut:
    return await service.admin_cancel(session, cards, principal, order_id, body.reason)


# ---------------------------------------------------------------- member


@app_router.post("/orders", status_code=201, response_model=MemberOrderOut, responses=REPLAYED,
                 summary="预约陪诊并用卡支付（Idempotency-Key 防重复）")
async def book_order(
    body: BookIn, key: str | None = Depends(idempotency_key),
    session: AsyncSession = Depends(autocommit_session),  # every step of booking is one statement
    cards: CardsLedger = Depends(cards_ledger), member: Identity = Depends(require_member),
) -> Response:
    status_code, order = await service.book(session, cards, member, body, key)
    return Response(order.model_dump_json(), status_code=status_code, media_type="application/json")


@app_router.get("/orders", response_model=MemberOrderPage, response_model_exclude_unset=True, summary="我的陪诊订单")
async def my_member_orders(
    status: VisibleStatus | None = Query(None), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member),
) -> dict:
    return await queries.member_orders(session, member, status, params)


@app_router.get("/orders/{order_id}", response_model=MemberOrderOut, summary="订单详情（含核销码）")
async def my_member_order(order_id: Id, session: AsyncSession = Depends(db_session),
                          member: Identity = Depends(require_member)) -> MemberOrderOut:
    return await queries.member_order_detail(session, member, order_id)


@app_router.post("/orders/{order_id}/cancel", response_model=MemberOrderOut, summary="取消订单（服务开始前，退回卡内）")
async def member_cancel(
    order_id: Id, body: CancelIn, session: AsyncSession = Depends(db_session),
    cards: CardsLedger = Depends(cards_ledger), member: Identity = Depends(require_member),
) -> MemberOrderOut:
    return await service.member_cancel(session, cards, member, order_id, body.reason)


@app_router.post("/orders/{order_id}/review", response_model=MemberOrderOut, summary="评价已完成的订单（一次）")
async def review_order(order_id: Id, body: ReviewIn, session: AsyncSession = Depends(db_session),
                       member: Identity = Depends(require_member)) -> MemberOrderOut:
    return await service.review(session, member, order_id, body)


# ---------------------------------------------------------------- escort (partner)

AS_ESCORT = Depends(RequirePartner("escort"))


@partner_router.get("/orders/available", response_model=PartnerOrderPage, response_model_exclude_unset=True,
                    summary="可抢的订单（我服务的医院，待接单）")
async def available_orders(params: PageParams = Depends(page_params), session: AsyncSession = Depends(db_session),
                           partner: Identity = AS_ESCORT) -> dict:
    return await queries.open_orders(session, partner, params)


@partner_router.get("/orders", response_model=PartnerOrderPage, response_model_exclude_unset=True,
                    summary="我的订单")
async def my_orders(
    status: VisibleStatus | None = Query(None), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), partner: Identity = AS_ESCORT,
) -> dict:
    return await queries.my_orders(session, partner, status, params)


@partner_router.get("/orders/{order_id}", response_model=PartnerOrderOut, summary="我的订单详情")
async def my_order(order_id: Id, session: AsyncSession = Depends(db_session),
                   partner: Identity = AS_ESCORT) -> PartnerOrderOut:
    return await queries.my_order(session, partner, order_id)


@partner_router.post("/orders/{order_id}/grab", response_model=PartnerOrderOut, summary="抢单（只有一人能抢到）")
async def grab_order(order_id: Id, session: AsyncSession = Depends(db_session),
                     partner: Identity = AS_ESCORT) -> PartnerOrderOut:
    return await service.grab(session, partner, order_id)


@partner_router.post("/orders/{order_id}/give-back", response_model=PartnerOrderOut,
                     summary="退单（服务开始前，订单回到订单池）")
async def give_back(order_id: Id, body: CancelIn, session: AsyncSession = Depends(db_session),
                    partner: Identity = AS_ESCORT) -> PartnerOrderOut:
    return await service.give_back(session, partner, order_id, body.reason)


@partner_router.post("/orders/{order_id}/start", response_model=PartnerOrderOut, summary="输入会员核销码，开始服务")
async def start_service(order_id: Id, body: StartIn, session: AsyncSession = Depends(db_session),
                        partner: Identity = AS_ESCORT) -> PartnerOrderOut:
    return await service.start(session, partner, order_id, body.code)


@partner_router.post("/orders/{order_id}/finish", response_model=PartnerOrderOut, summary="完成服务（收入入账）")
async def finish_service(order_id: Id, session: AsyncSession = Depends(db_session),
                         partner: Identity = AS_ESCORT) -> PartnerOrderOut:
    return await service.finish(session, partner, order_id)
