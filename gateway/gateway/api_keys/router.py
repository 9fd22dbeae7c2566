"""接口密钥 (`/api/system/api-keys`): create (the key is shown once), list, revoke."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.api_keys import service
from gateway.api_keys.schemas import ApiKeyCreated, ApiKeyIn, ApiKeyOut, ApiKeyPage, PartnerType
from gateway.api_keys.service import ApiKeyFilters
from gateway.runtime import Gateway, runtime
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id, Text

router = APIRouter(prefix="/api/system/api-keys", tags=["system 接口密钥"])


async def api_key_filters(
    keyword: Text | None = Query(None, max_length=64, description="名称或前缀"),
    partner_type: PartnerType | None = Query(None),
    partner_id: Id | None = Query(None),
    active: bool | None = Query(None),
) -> ApiKeyFilters:
    return ApiKeyFilters(keyword, partner_type, partner_id, active)


@router.get("", response_model=ApiKeyPage, response_model_exclude_unset=True, summary="接口密钥列表（只显示前缀）")
async def list_keys(
    params: PageParams = Depends(page_params),
    filters: ApiKeyFilters = Depends(api_key_filters),
    principal: Principal = Depends(Require("system:api_key:list")),
    session: AsyncSession = Depends(db_session),
    gateway: Gateway = Depends(runtime),
) -> dict[str, Any]:
    return await service.list_keys(session, filters, params, gateway.settings.partner_rate_limit)


@router.post("", status_code=201, response_model=ApiKeyCreated, summary="新建接口密钥（明文密钥仅此一次返回）")
async def create_key(body: ApiKeyIn, principal: Principal = Depends(Require("system:api_key:create")),
                     session: AsyncSession = Depends(db_session),
                     gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await service.create_key(session, gateway, body, principal)


@router.post("/{key_id}/revoke", response_model=ApiKeyOut, summary="吊销接口密钥（立即失效）")
async def revoke_key(key_id: Id, principal: Principal = Depends(Require("system:api_key:revoke")),
                     session: AsyncSession = Depends(db_session),
                     gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await service.revoke_key(session, gateway, key_id, principal)
