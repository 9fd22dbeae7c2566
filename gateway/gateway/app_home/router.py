"""模块管理 (`/api/ops/modules`), 服务管理 (`/api/ops/services`) and the member app's home (`GET /app/home`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.app_home import service
from gateway.app_home.models import HomeModule, HomeService
from gateway.app_home.schemas import (
    AppHome,
    LinkKind,
    ModuleIn,
    ModuleOut,
    ModulePage,
    ModuleUpdate,
    Position,
    ServiceIn,
    ServiceOut,
    ServicePage,
    ServiceUpdate,
)
from gateway.app_home.service import EntryFilters
from gateway.deps import current_member
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import Identity, Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id, Text

modules_router = APIRouter(prefix="/api/ops/modules", tags=["ops 模块管理"])
services_router = APIRouter(prefix="/api/ops/services", tags=["ops 服务管理"])
app_router = APIRouter(prefix="/app/home", tags=["app 首页"])


def utcnow() -> datetime:
    return datetime.now(UTC)


async def module_filters(
    keyword: Text | None = Query(None, max_length=64, description="标题"),
    position: Position | None = Query(None),
    link_kind: LinkKind | None = Query(None),
    shown: bool | None = Query(None),
    live: bool | None = Query(None, description="true: 此刻在首页展示的（显示且在时间窗内）"),
) -> EntryFilters:
    return EntryFilters(keyword, position, link_kind, shown, live)


async def service_filters(
    keyword: Text | None = Query(None, max_length=64, description="标题"),
    link_kind: LinkKind | None = Query(None),
    shown: bool | None = Query(None),
) -> EntryFilters:
    return EntryFilters(keyword, None, link_kind, shown)


@modules_router.get("", response_model=ModulePage, response_model_exclude_unset=True, summary="模块列表")
async def list_modules(params: PageParams = Depends(page_params), filters: EntryFilters = Depends(module_filters),
                       principal: Principal = Depends(Require("ops:module:list")),
                       session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.list_entries(session, HomeModule, filters, params, utcnow())


@modules_router.get("/{module_id}", response_model=ModuleOut, summary="模块详情")
async def get_module(module_id: Id, principal: Principal = Depends(Require("ops:module:list")),
                     session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.get_entry(session, HomeModule, module_id, utcnow())


@modules_router.post("", status_code=201, response_model=ModuleOut, summary="新增模块（轮播图或入口宫格）")
async def create_module(body: ModuleIn, principal: Principal = Depends(Require("ops:module:create")),
                        session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.create_entry(session, principal, HomeModule, body, utcnow())


@modules_router.put("/{module_id}", response_model=ModuleOut, summary="修改模块")
async def update_module(module_id: Id, body: ModuleUpdate, if_match: int | None = Depends(expected_version),
                        principal: Principal = Depends(Require("ops:module:update")),
                        session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.update_entry(session, principal, HomeModule, module_id, body,
                                      resolve_version(body.version, if_match), utcnow())


@modules_router.delete("/{module_id}", status_code=204, response_class=Response, summary="删除模块")
async def delete_module(module_id: Id, principal: Principal = Depends(Require("ops:module:delete")),
                        session: AsyncSession = Depends(db_session)) -> Response:
    await service.delete_entry(session, HomeModule, module_id)
    return Response(status_code=204)


@services_router.get("", response_model=ServicePage, response_model_exclude_unset=True, summary="服务列表")
async def list_services(params: PageParams = Depends(page_params), filters: EntryFilters = Depends(service_filters),
                        principal: Principal = Depends(Require("ops:service:list")),
                        session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.list_entries(session, HomeService, filters, params, utcnow())


@services_router.get("/{service_id}", response_model=ServiceOut, summary="服务详情")
async def get_service(service_id: Id, principal: Principal = Depends(Require("ops:service:list")),
                      session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.get_entry(session, HomeService, service_id, utcnow())


@services_router.post("", status_code=201, response_model=ServiceOut, summary="新增服务入口")
async def create_service(body: ServiceIn, principal: Principal = Depends(Require("ops:service:create")),
                         session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.create_entry(session, principal, HomeService, body, utcnow())


@services_router.put("/{service_id}", response_model=ServiceOut, summary="修改服务入口（标题、图标、跳转、排序、显示）")
async def update_service(service_id: Id, body: ServiceUpdate, if_match: int | None = Depends(expected_version),
                         principal: Principal = Depends(Require("ops:service:update")),
                         session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.update_entry(session, principal, HomeService, service_id, body,
                                      resolve_version(body.version, if_match), utcnow())


@services_router.delete("/{service_id}", status_code=204, response_class=Response, summary="删除服务入口")
async def delete_service(service_id: Id, principal: Principal = Depends(Require("ops:service:delete")),
                         session: AsyncSession = Depends(db_session)) -> Response:
    await service.delete_entry(session, HomeService, service_id)
    return Response(status_code=204)


@app_router.get("", response_model=AppHome, summary="会员首页：此刻展示的轮播图、入口宫格与服务")
async def app_home(identity: Identity = Depends(current_member),
                   session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.app_home(session, utcnow())
