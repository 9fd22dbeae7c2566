"""Campaigns over three doors: admin (/api/health/campaigns, /aier-campaigns, /campaign-sign-ups), members
(/app/health/campaigns: the live ones and sign-ups), partner hospitals (the check of a sign-up at their store)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

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
from health.catalogue.router import with_actor
from health.common import Keyword
from health.orders.router import partner_hospital
from shared.admin_pages import AdminPage, add_admin_page
from shared.app import db_session
from shared.identity import Identity, RequirePartner, require_member
from shared.listing import PageParams, check_range, page_params
from shared.types import Id

router = APIRouter(prefix="/api/health", tags=["运营管理: 活动"])
app_router = APIRouter(prefix="/app/health", tags=["会员: 活动报名"])
partner_router = APIRouter(prefix="/partner/health", tags=["合作医院: 活动核销"])


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


# ---------------------------------------------------------------- admin: 活动管理, 爱尔活动管理, sign-ups

CAMPAIGNS = AdminPage(
    path="/campaigns", id_name="campaign_id", singular="campaign", plural="campaigns", label="活动",
    code="health:campaign", page=CampaignPage, out=CampaignOut, create_in=CampaignIn, patch_in=CampaignPatch,
    filters=campaign_filters, page_params_first=True, export_name="活动.xlsx",
    export_columns=service.CAMPAIGN_EXPORT_COLUMNS, export_action="export", export_description="xlsx",
    update_note="（含上线/下线）", delete_note="（无人报名时）", list_rows=service.list_campaigns,
    export_rows=service.export_campaigns, get_row=service.campaign_detail,
    create_row=with_actor(service.create_campaign), update_row=service.update_campaign,
    delete_row=service.delete_campaign,
)
add_admin_page(router, CAMPAIGNS)
# 爱尔活动管理 is the same list and export, kept to the 爱尔 brands' campaigns under a permission of its own;
# its campaigns are made and edited on 活动管理.
add_admin_page(router, replace(
    CAMPAIGNS, path="/aier-campaigns", plural="aier_campaigns", label="爱尔活动", code="health:aier_campaign",
    filters=aier_campaign_filters, export_name="爱尔活动.xlsx", get_row=None, create_row=None, update_row=None,
    delete_row=None,
))
# Sign-ups are listed and exported under the campaigns' permissions; they are made by members.
add_admin_page(router, AdminPage(
    path="/campaign-sign-ups", id_name="sign_up_id", singular="sign_up", plural="sign_ups", label="活动报名",
    code="health:campaign", page=SignUpPage, out=SignUpOut, filters=sign_up_filters, page_params_first=True,
    export_name="活动报名.xlsx", export_columns=service.SIGN_UP_EXPORT_COLUMNS, export_action="export",
    export_description="xlsx", list_rows=service.list_sign_ups, export_rows=service.export_sign_ups,
))


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
