"""配置项管理 (`/api/ops/configs`) and the snapshot the suite's processes poll (`/internal/system/settings`)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.configs import service
from gateway.configs.schemas import (
    SettingChangePage,
    SettingIn,
    SettingOut,
    SettingPage,
    SettingTypeName,
    SettingUpdate,
    SnapshotOut,
)
from gateway.configs.service import ChangeFilters, SettingFilters
from gateway.pages import add_list_route
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import Identity, Principal, Require, TokenVerifier, require_service
from shared.listing import check_range
from shared.problems import Problem
from shared.types import Id, Text

router = APIRouter(prefix="/api/ops/configs", tags=["ops 配置项管理"])


async def setting_filters(
    keyword: Text | None = Query(None, max_length=100, description="键或名称"),
    group: str | None = Query(None, max_length=32),
    type: SettingTypeName | None = Query(None),
    builtin: bool | None = Query(None, description="true 内置 / false 自定义"),
) -> SettingFilters:
    return SettingFilters(keyword, group, type, builtin)


async def change_filters(
    setting_id: Id | None = Query(None),
    key: str | None = Query(None, max_length=100),
    action: Literal["create", "update", "delete"] | None = Query(None),
    date_from: date | None = Query(None, description="修改日期起（含），上海日期 YYYY-MM-DD"),
    date_to: date | None = Query(None, description="修改日期止（含），上海日期 YYYY-MM-DD"),
) -> ChangeFilters:
    check_range("date", date_from, date_to)
    return ChangeFilters(setting_id, key, action, date_from, date_to)


add_list_route(router, "", name="list_settings", summary="配置项列表", page=SettingPage, filters=setting_filters,
               permission="ops:config:list", list_rows=service.list_settings)
add_list_route(router, "/history", name="list_changes", summary="配置项修改记录（谁、何时、修改前后）",
               page=SettingChangePage, filters=change_filters, permission="ops:config:list",
               list_rows=service.list_changes)


@router.get("/{setting_id}", response_model=SettingOut, summary="配置项详情")
async def get_setting(setting_id: Id, principal: Principal = Depends(Require("ops:config:list")),
                      session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.get_setting(session, setting_id)


@router.post("", status_code=201, response_model=SettingOut, summary="新增配置项")
async def create_setting(body: SettingIn, principal: Principal = Depends(Require("ops:config:create")),
                         session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.create_setting(session, principal, body)


@router.put("/{setting_id}", response_model=SettingOut, summary="修改配置项（数秒内在所有服务生效，无需重启）")
async def update_setting(setting_id: Id, body: SettingUpdate, if_match: int | None = Depends(expected_version),
                         principal: Principal = Depends(Require("ops:config:update")),
                         session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.update_setting(session, principal, setting_id, body,
                                        resolve_version(body.version, if_match))


@router.delete("/{setting_id}", status_code=204, response_class=Response, summary="删除配置项（内置项不能删除）")
async def delete_setting(setting_id: Id, principal: Principal = Depends(Require("ops:config:delete")),
                         session: AsyncSession = Depends(db_session)) -> Response:
    await service.delete_setting(session, principal, setting_id)
    return Response(status_code=204)


# ---------------------------------------------------------------- /internal: the services' caches


async def service_caller(request: Request) -> None:
    """The gateway's own verifier refuses every token (it authenticates people itself, in its middleware); an
    /internal route checks the service token (SUITE_SERVICE_SECRET, audience gateway) here instead."""
    verifier: TokenVerifier | None = getattr(request.app.state, "service_token_verifier", None)
    if verifier is None:
        verifier = TokenVerifier("gateway", request.app.state.settings.suite)
        request.app.state.service_token_verifier = verifier
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "unauthenticated", "缺少服务凭证", headers={"WWW-Authenticate": "Bearer"})
    request.state.identity = verifier.verify(token.strip())


internal_router = APIRouter(prefix="/internal/system", tags=["内部: 配置项"], dependencies=[Depends(service_caller)])


@internal_router.get("/settings", response_model=SnapshotOut, response_model_exclude_none=True,
                     summary="配置项快照（版本未变时只回答 changed=false）")
async def settings_snapshot(
    after_version: int | None = Query(None, ge=0, description="调用方已有的版本"),
    caller: Identity = Depends(require_service),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.snapshot(session, after_version)
