"""Campaigns over three doors: admin (/api/health/campaigns, /aier-campaigns, /campaign-sign-ups), members
(/app/health/campaigns: the live ones and sign-ups), partner hospitals (the check of a sign-up at their store)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from health.campaigns import service
from health.campaigns.eligibility import CardHoldings
from health.campaigns.schemas import (
    AIER_BRAND_KEYWORD,
    CampaignFilters,
    CampaignIn,
    CampaignOut,
    CampaignPage,
    CampaignPatch,
    CampaignStatus,
    MemberCampaignPage,
    SignUpFilters,
    SignUpIn,
    SignUpOut,
    SignUpPage,
    SignUpStatus,
)
from health.common import Keyword
from health.orders.router import partner_hospital
from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Identity, Principal, Require, RequirePartner, require_member
from shared.listing import PageParams, check_range, page_params
from shared.types import Id
from shared.xlsx import XLSX_MEDIA, xlsx_response

router = APIRouter(prefix="/api/health", tags=["运营管理: 活动"])
app_router = APIRouter(prefix="/app/health", tags=["会员: 活动报名"])
partner_router = APIRouter(prefix="/partner/health", tags=["合作医院: 活动核销"])

XLSX_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": {XLSX_MEDIA: {}}, "description": "xlsx"}}


async def campaign_filters(
    keyword: Keyword | None = Query(None, description="活动名称"),
    brand_id: Id | None = None,
    hospital_id: Id | None = None,
    status: CampaignStatus | None = None,
    date_from: date | None = Query(None, description="活动期间与此日（含）及之后有交集"),
    date_to: date | None = Query(None, description="活动期间与此日（含）及之前有交集"),
) -> CampaignFilters:
    check_range("date", date_from, date_to)
    return CampaignFilters(keyword=keyword, brand_id=brand_id, hospital_id=hospital_id, status=status,
                           date_from=date_from, date_to=date_to)


async def aier_campaign_filters(filters: CampaignFilters = Depends(campaign_filters)) -> CampaignFilters:
    return CampaignFilters(**{**filters.__dict__, "brand_keyword": AIER_BRAND_KEYWORD})


async def sign_up_filters(
    campaign_id: Id | None = None,
    brand_id: Id | None = None,
    hospital_id: Id | None = None,
    member_id: Id | None = None,
    status: SignUpStatus | None = None,
    keyword: Keyword | None = Query(None, description="会员姓名/手机号/活动名称"),
    date_from: date | None = Query(None, description="报名日期起（含）"),
    date_to: date | None = Query(None, description="报名日期止（含）"),
) -> SignUpFilters:
    check_range("date", date_from, date_to)
    return SignUpFilters(campaign_id=campaign_id, brand_id=brand_id, hospital_id=hospital_id, member_id=member_id,
                         status=status, keyword=keyword, date_from=date_from, date_to=date_to)


# ---------------------------------------------------------------- admin: 活动管理


@router.get("/campaigns", summary="活动列表", response_model=CampaignPage, response_model_exclude_unset=True)
async def list_campaigns(
    params: PageParams = Depends(page_params),
    filters: CampaignFilters = Depends(campaign_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:campaign:list")),
) -> dict[str, Any]:
    return await service.list_campaigns(session, filters, params)


@router.get("/campaigns/export", summary="导出活动", response_class=Response, responses=XLSX_RESPONSES)
async def export_campaigns(
    filters: CampaignFilters = Depends(campaign_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:campaign:export")),
) -> Response:
    return xlsx_response("活动.xlsx", service.CAMPAIGN_EXPORT_COLUMNS, await service.export_campaigns(session, filters))


@router.get("/campaigns/{campaign_id}", summary="活动详情", response_model=CampaignOut)
async def get_campaign(
    campaign_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:campaign:list")),
) -> dict[str, Any]:
    return await service.campaign_detail(session, campaign_id)


@router.post("/campaigns", status_code=201, summary="新增活动", response_model=CampaignOut)
async def create_campaign(
    body: CampaignIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:campaign:create")),
) -> dict[str, Any]:
    return await service.create_campaign(session, body, principal.actor)


@router.patch("/campaigns/{campaign_id}", summary="修改活动（含上线/下线）", response_model=CampaignOut)
async def update_campaign(
    campaign_id: Id,
    body: CampaignPatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:campaign:update")),
) -> dict[str, Any]:
    return await service.update_campaign(session, campaign_id, body, if_match)


@router.delete("/campaigns/{campaign_id}", status_code=204, summary="删除活动（无人报名时）",
               response_class=Response)
async def delete_campaign(
    campaign_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:campaign:delete")),
) -> Response:
    await service.delete_campaign(session, campaign_id)
    return Response(status_code=204)


# ---------------------------------------------------------------- admin: 爱尔活动管理 (the same list, 爱尔 brands)


@router.get("/aier-campaigns", summary="爱尔活动列表", response_model=CampaignPage,
            response_model_exclude_unset=True)
async def list_aier_campaigns(
    params: PageParams = Depends(page_params),
    filters: CampaignFilters = Depends(aier_campaign_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:aier_campaign:list")),
) -> dict[str, Any]:
    return await service.list_campaigns(session, filters, params)


@router.get("/aier-campaigns/export", summary="导出爱尔活动", response_class=Response, responses=XLSX_RESPONSES)
async def export_aier_campaigns(
    filters: CampaignFilters = Depends(aier_campaign_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:aier_campaign:export")),
) -> Response:
    rows = await service.export_campaigns(session, filters)
    return xlsx_response("爱尔活动.xlsx", service.CAMPAIGN_EXPORT_COLUMNS, rows)


# ---------------------------------------------------------------- admin: sign-ups


@router.get("/campaign-sign-ups", summary="活动报名列表", response_model=SignUpPage,
            response_model_exclude_unset=True)
async def list_sign_ups(
    params: PageParams = Depends(page_params),
    filters: SignUpFilters = Depends(sign_up_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:campaign:list")),
) -> dict[str, Any]:
    return await service.list_sign_ups(session, filters, params)


@router.get("/campaign-sign-ups/export", summary="导出活动报名", response_class=Response, responses=XLSX_RESPONSES)
async def export_sign_ups(
    filters: SignUpFilters = Depends(sign_up_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:campaign:export")),
) -> Response:
    rows = await service.export_sign_ups(session, filters)
    return xlsx_response("活动报名.xlsx", service.SIGN_UP_EXPORT_COLUMNS, rows)


# ---------------------------------------------------------------- members


@app_router.get("/campaigns", summary="进行中的活动", response_model=MemberCampaignPage,
                response_model_exclude_unset=True)
async def live_campaigns(
    params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session),
    _: Identity = Depends(require_member),
) -> dict[str, Any]:
    return await service.live_campaigns(session, params)


@app_router.post("/campaigns/{campaign_id}/sign-ups", status_code=201, summary="报名活动（每人一次，名额有限）",
                 response_model=SignUpOut)
async def sign_up(
    campaign_id: Id,
    body: SignUpIn,
    request: Request,
    session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member),
) -> dict[str, Any]:
    # The cards client the app already keeps for payments (an internal, service-authenticated client).
    holdings = CardHoldings(request.app.state.cards_ledger.client)
    return await service.sign_up(session, member, campaign_id, body, holdings)


# ---------------------------------------------------------------- partner hospitals


@partner_router.post("/campaign-sign-ups/{sign_up_id}/check", summary="核销本院的活动报名",
                     response_model=SignUpOut)
async def check_sign_up(
    sign_up_id: Id,
    session: AsyncSession = Depends(db_session),
    partner: Identity = Depends(RequirePartner("hospital")),
) -> dict[str, Any]:
    return await service.check_sign_up(session, partner_hospital(partner), sign_up_id)
