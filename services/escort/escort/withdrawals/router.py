"""Withdrawal methods (/api/escort/withdrawal-items), withdrawals (/api/escort/withdrawals: list, review, pay)
and the escort's own requests (/partner/escort/withdrawals)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse, Response

from escort.common import flag_filter
from escort.withdrawals import service
from escort.withdrawals.schemas import (
    PartnerItemsOut,
    WithdrawalIn,
    WithdrawalItemIn,
    WithdrawalItemOut,
    WithdrawalItemPage,
    WithdrawalItemPatch,
    WithdrawalOut,
    WithdrawalPage,
    WithdrawalPayIn,
    WithdrawalReviewIn,
)
from escort.withdrawals.service import ItemFilter, WithdrawalFilter
from shared.admin_pages import EXPORT, AdminPage, add_admin_page
from shared.app import db_session
from shared.idempotency import idempotency_key
from shared.identity import Identity, Principal, Require, RequirePartner
from shared.listing import PageParams, page_params
from shared.types import Day, Id, Text
from shared.xlsx import xlsx_response

router = APIRouter(prefix="/api/escort", tags=["陪诊管理: 提现"])
partner_router = APIRouter(prefix="/partner/escort", tags=["陪诊师接口: 提现"])
Method = Literal["bank", "alipay", "wechat"]
Status = Literal["pending", "approved", "paid", "rejected"]


# ---------------------------------------------------------------- withdrawal methods


async def item_filter(
    keyword: Text | None = Query(None, max_length=50), method: Method | None = Query(None),
    enabled: Literal["0", "1"] | None = Query(None, description="1 启用 0 停用"),
) -> ItemFilter:
    return ItemFilter(keyword=keyword, method=method, enabled=flag_filter(enabled))


ITEM_COLUMNS = [("id", "ID"), ("name", "名称"), ("method_label", "方式"), ("min_amount", "最低金额"),
                ("fee_rate", "手续费率"), ("fee_fixed", "固定手续费"), ("enabled", "状态"), ("sort", "排序")]


add_admin_page(router, AdminPage(
    path="/withdrawal-items", id_name="item_id", singular="item", plural="items", label="提现项",
    update_note="（含启用/停用）", code="escort:withdrawal_item", page=WithdrawalItemPage, out=WithdrawalItemOut,
    create_in=WithdrawalItemIn, patch_in=WithdrawalItemPatch, filters=item_filter, export_name="提现项.xlsx",
    export_columns=ITEM_COLUMNS, list_rows=service.list_items, export_rows=service.export_items,
    get_row=service.get_item, create_row=service.create_item, update_row=service.update_item,
    delete_row=service.delete_item,
))


# ---------------------------------------------------------------- withdrawals (admin)


async def withdrawal_filter(
    keyword: Text | None = Query(None, max_length=50, description="陪诊师/收款人姓名"),
    status: Status | None = Query(None), escort_id: Id | None = Query(None), method: Method | None = Query(None),
    date_from: Day | None = Query(None, description="申请日期起"), date_to: Day | None = Query(None),
) -> WithdrawalFilter:
    return WithdrawalFilter(keyword=keyword, status=status, escort_id=escort_id, method=method,
                            date_from=date_from, date_to=date_to)


@router.get("/withdrawals", response_model=WithdrawalPage, response_model_exclude_unset=True, summary="提现申请列表")
async def list_withdrawals(
    filters: WithdrawalFilter = Depends(withdrawal_filter), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("escort:withdrawal:list")),
) -> dict:
    return await service.list_withdrawals(session, filters, params)


WITHDRAWAL_COLUMNS = [("id", "ID"), ("escort_name", "陪诊师"), ("item_name", "提现方式"), ("account_name", "收款人"),
                      ("account_no", "收款账号"), ("amount", "提现金额"), ("fee", "手续费"), ("net_amount", "实付金额"),
                      ("status_label", "状态"), ("reject_reason", "驳回原因"), ("reviewed_by_name", "审核人"),
                      ("paid_reference", "打款流水号"), ("paid_at", "打款时间"), ("created_at", "申请时间")]


@router.get("/withdrawals/export", response_class=Response, responses=EXPORT, summary="导出提现申请")
async def export_withdrawals(
    filters: WithdrawalFilter = Depends(withdrawal_filter), session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("escort:withdrawal:list")),
) -> Response:
    return xlsx_response("提现申请.xlsx", WITHDRAWAL_COLUMNS, await service.export_withdrawals(session, filters))


@router.get("/withdrawals/{withdrawal_id}", response_model=WithdrawalOut, summary="提现申请详情")
async def get_withdrawal(withdrawal_id: Id, session: AsyncSession = Depends(db_session),
                         _: Principal = Depends(Require("escort:withdrawal:list"))) -> WithdrawalOut:
    return await service.get_withdrawal(session, withdrawal_id)


@router.post("/withdrawals/{withdrawal_id}/review", response_model=WithdrawalOut,
             summary="审核提现：通过，或驳回（冻结金额退回余额）")
async def review_withdrawal(withdrawal_id: Id, body: WithdrawalReviewIn, session: AsyncSession = Depends(db_session),
                            principal: Principal = Depends(Require("escort:withdrawal:review"))) -> WithdrawalOut:
    return await service.review_withdrawal(session, withdrawal_id, body, principal)


@router.post("/withdrawals/{withdrawal_id}/pay", response_model=WithdrawalOut, summary="标记已打款（填写打款流水号）")
async def pay_withdrawal(withdrawal_id: Id, body: WithdrawalPayIn, session: AsyncSession = Depends(db_session),
                         principal: Principal = Depends(Require("escort:withdrawal:pay"))) -> WithdrawalOut:
    return await service.pay_withdrawal(session, withdrawal_id, body, principal)


# ---------------------------------------------------------------- partner


@partner_router.get("/withdrawal-items", response_model=PartnerItemsOut, summary="可用的提现方式")
async def partner_items(session: AsyncSession = Depends(db_session),
                        _: Identity = Depends(RequirePartner("escort"))) -> PartnerItemsOut:
    return await service.enabled_items(session)


@partner_router.post("/withdrawals", status_code=201, response_model=WithdrawalOut,
                     responses={200: {"model": WithdrawalOut, "description": "同一 Idempotency-Key 的重复请求"}},
                     summary="申请提现（金额立即从余额冻结，不能超过余额）")
async def request_withdrawal(
    body: WithdrawalIn, key: str | None = Depends(idempotency_key), session: AsyncSession = Depends(db_session),
    partner: Identity = Depends(RequirePartner("escort")),
) -> JSONResponse:
    status_code, withdrawal = await service.request_withdrawal(session, partner, body, key)
    return JSONResponse(withdrawal.model_dump(mode="json"), status_code=status_code)


@partner_router.get("/withdrawals", response_model=WithdrawalPage, response_model_exclude_unset=True,
                    summary="我的提现申请")
async def my_withdrawals(
    status: Status | None = Query(None), date_from: Day | None = Query(None), date_to: Day | None = Query(None),
    params: PageParams = Depends(page_params), session: AsyncSession = Depends(db_session),
    partner: Identity = Depends(RequirePartner("escort")),
) -> dict:
    return await service.my_withdrawals(session, partner,
                                        WithdrawalFilter(status=status, date_from=date_from, date_to=date_to), params)
