"""模块管理 (`/api/ops/modules`), 服务管理 (`/api/ops/services`) and the member app's home (`GET /app/home`)."""

# No `from __future__ import annotations`: the routes built by entry_routes() annotate their bodies with the
# function's arguments, which FastAPI can only see as evaluated annotations.
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel
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
from gateway.app_home.service import Entry, EntryFilters
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


def entry_routes(router: APIRouter, model: type[Entry], label: str, prefix: str, body_in: type[BaseModel],
                 body_update: type[BaseModel], row: type[BaseModel], page: type[BaseModel], filters: Any) -> None:
    """The five routes of one entry kind (list, detail, create, update, delete), each guarded by its own code
    (`ops:module:*` or `ops:service:*`); both kinds share one service."""

    @router.get("", response_model=page, response_model_exclude_unset=True, summary=f"{label}列表")
    async def list_entries(params: PageParams = Depends(page_params), filters: EntryFilters = Depends(filters),
                           principal: Principal = Depends(Require(f"{prefix}:list")),
                           session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
        return await service.list_entries(session, model, filters, params, utcnow())

    @router.get("/{entry_id}", response_model=row, summary=f"{label}详情")
    async def get_entry(entry_id: Id, principal: Principal = Depends(Require(f"{prefix}:list")),
                        session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
        return await service.get_entry(session, model, entry_id, utcnow())

    @router.post("", status_code=201, response_model=row, summary=f"新增{label}")
    async def create_entry(body: body_in,
                           principal: Principal = Depends(Require(f"{prefix}:create")),
                           session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
        return await service.create_entry(session, principal, model, body, utcnow())

    @router.put("/{entry_id}", response_model=row, summary=f"修改{label}（标题、图片、跳转、排序、显示）")
    async def update_entry(entry_id: Id, body: body_update,
                           if_match: int | None = Depends(expected_version),
                           principal: Principal = Depends(Require(f"{prefix}:update")),
                           session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
        return await service.update_entry(session, principal, model, entry_id, body,
                                          resolve_version(body.version, if_match), utcnow())

    @router.delete("/{entry_id}", status_code=204, response_class=Response, summary=f"删除{label}")
    async def delete_entry(entry_id: Id, principal: Principal = Depends(Require(f"{prefix}:delete")),
                           session: AsyncSession = Depends(db_session)) -> Response:
        await service.delete_entry(session, model, entry_id)
        return Response(status_code=204)


entry_routes(modules_router, HomeModule, "模块（轮播图、入口宫格）", "ops:module", ModuleIn, ModuleUpdate, ModuleOut,
             ModulePage, module_filters)
entry_routes(services_router, HomeService, "服务入口", "ops:service", ServiceIn, ServiceUpdate, ServiceOut,
             ServicePage, service_filters)


@app_router.get("", response_model=AppHome, summary="会员首页：此刻展示的轮播图、入口宫格与服务")
async def app_home(identity: Identity = Depends(current_member),
                   session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.app_home(session, utcnow())
