"""After-sales over two doors: members ask (/app/mall/...), the back office handles (/api/mall/after-sales)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from mall.aftersales import service
from mall.aftersales.schemas import (
    AcceptIn,
    AfterSaleIn,
    AfterSaleOut,
    AfterSalePage,
    CompleteIn,
    MemberAfterSaleOut,
    MemberAfterSalePage,
    RejectIn,
)
from mall.common import staff_actor, utcnow
from mall.orders.router import FIRST_DAY, LAST_DAY, ledger
from shared.app import db_session
from shared.identity import Identity, Principal, Require, require_member
from shared.ledger import CardsLedger
from shared.listing import PageParams, check_range, page_params
from shared.types import Id
from shared.xlsx import XLSX_MEDIA, xlsx_response

router = APIRouter(prefix="/api/mall/after-sales", tags=["商城管理: 售后"])
app_router = APIRouter(prefix="/app/mall", tags=["会员: 商城订单"])
STATUS_PATTERN = "^(pending|returning|completed|rejected)$"


async def after_sale_filters(
    status: str | None = Query(None, pattern=STATUS_PATTERN),
    order_no: str | None = Query(None, max_length=32),
    date_from: date | None = Query(None, ge=FIRST_DAY, le=LAST_DAY, description="申请日期起（含，上海日期）"),
    date_to: date | None = Query(None, ge=FIRST_DAY, le=LAST_DAY, description="申请日期止（含）"),
) -> service.AfterSaleFilters:
    check_range("date", date_from, date_to)
    return service.AfterSaleFilters(status, order_no, date_from, date_to)


@router.get("", response_model=AfterSalePage, response_model_exclude_unset=True, summary="售后申请列表")
async def list_after_sales(
    filters: service.AfterSaleFilters = Depends(after_sale_filters), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("mall:order:list")),
) -> dict[str, object]:
    return await service.list_after_sales(session, filters, params, admin=True)


@router.get("/export", response_class=Response, responses={200: {"content": {XLSX_MEDIA: {}}}},
            summary="导出售后申请")
async def export_after_sales(
    filters: service.AfterSaleFilters = Depends(after_sale_filters), session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:order:export")),
) -> Response:
    return xlsx_response("商城售后.xlsx", service.EXPORT_COLUMNS, await service.export_rows(session, filters))


@router.get("/{after_sale_id}", summary="售后详情")
async def get_after_sale(
    after_sale_id: Id, session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("mall:order:list")),
) -> AfterSaleOut:
    return await service.detail(session, after_sale_id, admin=True)


@router.post("/{after_sale_id}/accept", summary="同意退货（设定退款金额，不超过实付）")
async def accept(
    after_sale_id: Id, body: AcceptIn, session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("mall:order:update")),
) -> AfterSaleOut:
    return await service.accept(session, after_sale_id, body.refund_amount, staff_actor(principal))


@router.post("/{after_sale_id}/reject", summary="拒绝售后（需填写原因）")
async def reject(
    after_sale_id: Id, body: RejectIn, session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("mall:order:update")),
) -> AfterSaleOut:
    return await service.reject(session, after_sale_id, body.reason, staff_actor(principal))


@router.post("/{after_sale_id}/complete", summary="收到退货，退款到卡（可选重新入库）")
async def complete(
    after_sale_id: Id, body: CompleteIn, session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("mall:order:update")), cards: CardsLedger = Depends(ledger),
) -> AfterSaleOut:
    return await service.complete(session, cards, after_sale_id, body.restore_stock, staff_actor(principal))


# ---------------------------------------------------------------- members


@app_router.post("/orders/{order_id}/after-sales", status_code=201, summary="申请退货/退款（完成后 N 天内）")
async def ask(
    order_id: Id, body: AfterSaleIn, request: Request, session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member),
) -> MemberAfterSaleOut:
    window = request.app.state.settings.return_window_days
    return await service.ask(session, member.id, order_id, body, window, utcnow())


@app_router.get("/after-sales", response_model=MemberAfterSalePage, response_model_exclude_unset=True,
                summary="我的售后")
async def my_after_sales(
    params: PageParams = Depends(page_params), session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member),
) -> dict[str, object]:
    filters = service.AfterSaleFilters(member_id=member.id)
    return await service.list_after_sales(session, filters, params, admin=False)


@app_router.get("/after-sales/{after_sale_id}", summary="我的售后详情")
async def my_after_sale(
    after_sale_id: Id, session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member)
) -> MemberAfterSaleOut:
    return await service.detail(session, after_sale_id, member_id=member.id, admin=False)
