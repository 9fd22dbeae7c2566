"""Escorts: the admin page (/api/escort/escorts) and the escort's own profile and earnings (/partner/escort)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from escort.escorts import service
from escort.escorts.schemas import (
    EarningsOut,
    EscortIn,
    EscortOut,
    EscortPage,
    EscortPatch,
    EscortReviewIn,
    LedgerPage,
    PartnerRef,
    ProfileOut,
)
from escort.escorts.service import EscortFilter, LedgerFilter
from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Identity, Principal, Require, RequirePartner, require_service
from shared.listing import PageParams, page_params
from shared.types import Id, Text
from shared.xlsx import XLSX_MEDIA, xlsx_response

router = APIRouter(prefix="/api/escort", tags=["陪诊管理: 陪诊师"])
partner_router = APIRouter(prefix="/partner/escort", tags=["陪诊师接口: 我的资料与收入"])
internal_router = APIRouter(prefix="/internal/escort", tags=["内部: 陪诊师"])
EXPORT = {"200": {"content": {XLSX_MEDIA: {}}, "description": "xlsx 文件"}}
LedgerKind = Literal["earning", "withdrawal_hold", "withdrawal_paid", "withdrawal_return"]


async def escort_filter(
    keyword: Text | None = Query(None, max_length=100, description="姓名/手机号（身份证号须完整）"),
    status: Literal["pending", "certified", "rejected", "disabled"] | None = Query(None),
    hospital_id: Id | None = Query(None, description="服务的医院"),
    city: Text | None = Query(None, max_length=50),
) -> EscortFilter:
    return EscortFilter(keyword=keyword, status=status, hospital_id=hospital_id, city=city)


async def ledger_filter(kind: LedgerKind | None = Query(None)) -> LedgerFilter:
    return LedgerFilter(kind=kind)


@router.get("/escorts", response_model=EscortPage, response_model_exclude_unset=True, summary="陪诊师列表")
async def list_escorts(
    filters: EscortFilter = Depends(escort_filter), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), principal: Principal = Depends(Require("escort:escort:list")),
) -> dict:
    return await service.list_escorts(session, filters, params, principal)


ESCORT_COLUMNS = [("id", "ID"), ("name", "姓名"), ("phone", "手机号"), ("id_number", "身份证号"), ("city", "城市"),
                  ("status_label", "状态"), ("reject_reason", "驳回原因"), ("certified", "可接单"),
                  ("certificates", "证书"), ("hospitals", "服务医院"), ("rating", "评分"),
                  ("order_count", "完成订单数"), ("balance", "可提现余额"), ("held", "提现中"),
                  ("total_earned", "累计收入"), ("created_at", "创建时间")]


@router.get("/escorts/export", response_class=Response, responses=EXPORT, summary="导出陪诊师（身份证号按权限脱敏）")
async def export_escorts(
    filters: EscortFilter = Depends(escort_filter), session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("escort:escort:list")),
) -> Response:
    return xlsx_response("陪诊师.xlsx", ESCORT_COLUMNS, await service.export_escorts(session, filters, principal))


@router.get("/escorts/{escort_id}", response_model=EscortOut, summary="陪诊师详情")
async def get_escort(escort_id: Id, session: AsyncSession = Depends(db_session),
                     principal: Principal = Depends(Require("escort:escort:list"))) -> EscortOut:
    return await service.get_escort(session, escort_id, principal)


@router.get("/escorts/{escort_id}/ledger", response_model=LedgerPage, response_model_exclude_unset=True,
            summary="陪诊师收入流水")
async def escort_ledger(
    escort_id: Id, filters: LedgerFilter = Depends(ledger_filter), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("escort:escort:list")),
) -> dict:
    return await service.escort_ledger(session, escort_id, filters, params)


@router.post("/escorts", status_code=201, response_model=EscortOut, summary="新增陪诊师（待审核）")
async def create_escort(body: EscortIn, session: AsyncSession = Depends(db_session),
                        principal: Principal = Depends(Require("escort:escort:create"))) -> EscortOut:
    return await service.create_escort(session, body, principal)


@router.patch("/escorts/{escort_id}", response_model=EscortOut, summary="修改陪诊师（资料、证书、服务医院）")
async def update_escort(escort_id: Id, body: EscortPatch, if_match: int | None = Depends(expected_version),
                        session: AsyncSession = Depends(db_session),
                        principal: Principal = Depends(Require("escort:escort:update"))) -> EscortOut:
    return await service.update_escort(session, escort_id, body, if_match, principal)


@router.post("/escorts/{escort_id}/review", response_model=EscortOut, summary="审核陪诊师：认证/驳回/停用/启用")
async def review_escort(escort_id: Id, body: EscortReviewIn, session: AsyncSession = Depends(db_session),
                        principal: Principal = Depends(Require("escort:escort:update"))) -> EscortOut:
    return await service.review_escort(session, escort_id, body, principal)


@router.delete("/escorts/{escort_id}", status_code=204, response_class=Response, summary="删除陪诊师（无订单时）")
async def delete_escort(escort_id: Id, session: AsyncSession = Depends(db_session),
                        _: Principal = Depends(Require("escort:escort:delete"))) -> Response:
    await service.delete_escort(session, escort_id)
    return Response(status_code=204)


# ---------------------------------------------------------------- partner


@partner_router.get("/me", response_model=ProfileOut, summary="我的资料")
async def my_profile(session: AsyncSession = Depends(db_session),
                     partner: Identity = Depends(RequirePartner("escort"))) -> ProfileOut:
    return await service.profile(session, partner)


@partner_router.get("/earnings", response_model=EarningsOut, summary="我的收入：余额与流水")
async def my_earnings(
    filters: LedgerFilter = Depends(ledger_filter), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), partner: Identity = Depends(RequirePartner("escort")),
) -> EarningsOut:
    return await service.earnings(session, partner, filters, params)


# ---------------------------------------------------------------- internal


@internal_router.get("/escorts/{escort_id}", response_model=PartnerRef,
                     summary="陪诊师是否存在（网关签发接口密钥前核对）")
async def internal_escort(escort_id: Id, session: AsyncSession = Depends(db_session),
                          _: Identity = Depends(require_service)) -> PartnerRef:
    return await service.partner_ref(session, escort_id)
