"""接口密钥 (`/api/system/api-keys`): create (the key is shown once), list, revoke."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.api_keys.keys import PartnerKey, key_hash, new_key
from gateway.api_keys.models import ApiKey
from gateway.api_keys.schemas import ApiKeyIn
from gateway.runtime import Gateway, runtime
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, page_params, paginate
from shared.problems import Problem, not_found

router = APIRouter(prefix="/api/system/api-keys", tags=["system 接口密钥"])
PARTNER_TYPES = {"hospital": "医院", "escort": "陪诊师"}
SORTABLE = {"id": ApiKey.id, "created_at": ApiKey.created_at}


def key_row(key: ApiKey, default_limit: int) -> dict[str, Any]:
    return {
        "id": key.id, "name": key.name, "prefix": key.prefix, "partner_type": key.partner_type,
        "partner_type_label": PARTNER_TYPES.get(key.partner_type, key.partner_type), "partner_id": key.partner_id,
        "rate_limit": key.rate_limit or default_limit, "active": key.active,
        "status": "有效" if key.active else "已吊销", "revoked_at": key.revoked_at,
        "revoked_by_name": key.revoked_by_name, "created_by_id": key.created_by_id,
        "created_by_name": key.created_by_name, "created_at": key.created_at,
    }


@router.get("", summary="接口密钥列表（只显示前缀）")
async def list_keys(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=64, description="名称或前缀"),
    partner_type: Literal["hospital", "escort"] | None = Query(None),
    partner_id: int | None = Query(None, ge=1),
    active: bool | None = Query(None),
    principal: Principal = Depends(Require("system:api_key:list")),
    session: AsyncSession = Depends(db_session),
    gateway: Gateway = Depends(runtime),
) -> dict[str, Any]:
    stmt = select(ApiKey)
    clause = keyword_clause(keyword, ApiKey.name, ApiKey.prefix)
    if clause is not None:
        stmt = stmt.where(clause)
    if partner_type is not None:
        stmt = stmt.where(ApiKey.partner_type == partner_type)
    if partner_id is not None:
        stmt = stmt.where(ApiKey.partner_id == partner_id)
    if active is not None:
        stmt = stmt.where(ApiKey.active == active)
    stmt = apply_sort(stmt, params.sort, SORTABLE, (ApiKey.id.desc(),))
    rows, total = await paginate(session, stmt, params)
    default_limit = gateway.settings.partner_rate_limit
    return list_response([key_row(k, default_limit) for k in rows], total, params,
                         {"partner_type_list": enum_options(PARTNER_TYPES),
                          "status_list": enum_options({"true": "有效", "false": "已吊销"})})


@router.post("", status_code=201, summary="新建接口密钥（明文密钥仅此一次返回）")
async def create_key(body: ApiKeyIn, principal: Principal = Depends(Require("system:api_key:create")),
                     session: AsyncSession = Depends(db_session),
                     gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    assert gateway.partner_keys is not None
    prefix, plain = new_key()
    hashed = key_hash(plain)
    key = ApiKey(**body.model_dump(), prefix=prefix, key_hash=hashed, created_by_id=principal.id,
                 created_by_name=principal.name)
    session.add(key)
    await session.commit()
    await session.refresh(key)
    await gateway.partner_keys.remember(hashed, PartnerKey.of(key))
    return {**key_row(key, gateway.settings.partner_rate_limit), "key": plain}


@router.post("/{key_id}/revoke", summary="吊销接口密钥（立即失效）")
async def revoke_key(key_id: int, principal: Principal = Depends(Require("system:api_key:revoke")),
                     session: AsyncSession = Depends(db_session),
                     gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    assert gateway.partner_keys is not None
    key = await session.get(ApiKey, key_id, with_for_update=True)
    if key is None:
        raise not_found("接口密钥")
    if not key.active:
        raise Problem(409, "already_revoked", "该密钥已吊销")
    key.active = False
    key.revoked_at = datetime.now(UTC)
    key.revoked_by_name = principal.name
    await session.commit()
    await gateway.partner_keys.forget(key.key_hash)
    return key_row(key, gateway.settings.partner_rate_limit)
