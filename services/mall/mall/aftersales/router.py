"""After-sales over two doors: members ask (/app/mall/...), the back office handles (/api/mall/after-sales)."""

from __future__ import annotations

from datetime import date
from functools import partial

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

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
from shared.admin_pages import AdminPage, add_admin_page
from shared.app import db_session
from shared.identity import Identity, Principal, Require, require_member
from shared.ledger import CardsLedger
from shared.listing import PageParams, check_range, page_params
from shared.types import Id

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


# The list and the export as on the plain pages; an after-sale's detail and its moves follow by hand.
add_admin_page(router, AdminPage(
    path="", id_name="after_sale_id", singular="after_sale", plural="after_sales", label="售后申请",
    code="mall:order", page=AfterSalePage, out=AfterSaleOut, filters=after_sale_filters,
    list_rows=partial(service.list_after_sales, admin=True), export_rows=service.export_rows,
    export_name="商城售后.xlsx", export_columns=service.EXPORT_COLUMNS, export_action="export",
    export_description=None,
))


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
