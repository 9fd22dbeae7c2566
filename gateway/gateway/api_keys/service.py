"""Partner API keys: issue (only for a partner its owning service knows), list, revoke.

Hospitals live in the health service and escorts in the escort service; the gateway reads neither database
and asks the owner instead (`GET /internal/<service>/<partners>/{id}` with a service token)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.api_keys.keys import PartnerKey, key_hash, new_key
from gateway.api_keys.models import ApiKey
from gateway.api_keys.schemas import ApiKeyIn, PartnerType
from gateway.runtime import Gateway
from shared.identity import Principal, sign_service_token
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, paginate
from shared.observability import REQUEST_ID_HEADER, current_request_id
from shared.problems import Problem, field_error, not_found

PARTNER_TYPES = {"hospital": "医院", "escort": "陪诊师"}
STATUS_LABELS = {"true": "有效", "false": "已吊销"}
# Which service owns each kind of partner, and its internal lookup route.
PARTNER_LOOKUP: dict[str, tuple[str, str]] = {
    "hospital": ("health", "/internal/health/hospitals/{id}"),
    "escort": ("escort", "/internal/escort/escorts/{id}"),
}
SORTABLE = {"id": ApiKey.id, "created_at": ApiKey.created_at}


@dataclass(frozen=True)
class ApiKeyFilters:
    keyword: str | None = None  # name or prefix
    partner_type: PartnerType | None = None
    partner_id: int | None = None
    active: bool | None = None


def key_row(key: ApiKey, default_limit: int) -> dict[str, Any]:
    return {
        "id": key.id, "name": key.name, "prefix": key.prefix, "partner_type": key.partner_type,
        "partner_type_label": PARTNER_TYPES.get(key.partner_type, key.partner_type), "partner_id": key.partner_id,
        "rate_limit": key.rate_limit or default_limit, "active": key.active,
        "status": STATUS_LABELS["true" if key.active else "false"], "revoked_at": key.revoked_at,
        "revoked_by_name": key.revoked_by_name, "created_by_id": key.created_by_id,
        "created_by_name": key.created_by_name, "created_at": key.created_at,
    }


async def list_keys(session: AsyncSession, filters: ApiKeyFilters, params: PageParams,
                    default_limit: int) -> dict[str, Any]:
    stmt = select(ApiKey)
    clause = keyword_clause(filters.keyword, ApiKey.name, ApiKey.prefix)
    if clause is not None:
        stmt = stmt.where(clause)
    if filters.partner_type is not None:
        stmt = stmt.where(ApiKey.partner_type == filters.partner_type)
    if filters.partner_id is not None:
        stmt = stmt.where(ApiKey.partner_id == filters.partner_id)
    if filters.active is not None:
        stmt = stmt.where(ApiKey.active == filters.active)
    stmt = apply_sort(stmt, params.sort, SORTABLE, (ApiKey.id.desc(),))
    rows, total = await paginate(session, stmt, params)
    return list_response([key_row(k, default_limit) for k in rows], total, params,
                         {"partner_type_list": enum_options(PARTNER_TYPES), "status_list": enum_options(STATUS_LABELS)})


async def check_partner_exists(gateway: Gateway, partner_type: str, partner_id: int) -> None:
    """422 when the owning service says there is no such partner; 503 when it cannot be asked (a key is never
    issued unchecked)."""
    service, route = PARTNER_LOOKUP[partner_type]
    label = PARTNER_TYPES[partner_type]
    token = sign_service_token("gateway", service, gateway.settings.suite.service_secret)
    headers = {"authorization": f"Bearer {token}"}
    request_id = current_request_id()
    if request_id:
        headers[REQUEST_ID_HEADER] = request_id
    try:
        answer = await gateway.upstream(service).get(route.format(id=partner_id), headers=headers)
    except httpx.HTTPError as exc:
        raise Problem(503, "partner_check_unavailable", f"{service} 服务暂不可用，无法核对{label}",
                      service=service) from exc
    if answer.status_code == 404:
        raise field_error("partner_id", f"{label} {partner_id} 不存在", code="partner_not_found")
    if answer.status_code != 200:
        raise Problem(503, "partner_check_unavailable",
                      f"{service} 服务暂时无法核对{label}（{answer.status_code}）", service=service)


async def create_key(session: AsyncSession, gateway: Gateway, body: ApiKeyIn, principal: Principal) -> dict[str, Any]:
    """Commits the key, then caches it; the plain key is in this answer only (the database keeps its hash)."""
    assert gateway.partner_keys is not None
    await check_partner_exists(gateway, body.partner_type, body.partner_id)
    prefix, plain = new_key()
    hashed = key_hash(plain)
    key = ApiKey(**body.model_dump(), prefix=prefix, key_hash=hashed, created_by_id=principal.id,
                 created_by_name=principal.name)
    session.add(key)
    await session.commit()
    await session.refresh(key)
    await gateway.partner_keys.remember(hashed, PartnerKey.of(key))
    return {**key_row(key, gateway.settings.partner_rate_limit), "key": plain}


async def revoke_key(session: AsyncSession, gateway: Gateway, key_id: int, principal: Principal) -> dict[str, Any]:
    """Commits the revocation, then marks the key revoked in the cache so it stops working at once."""
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
