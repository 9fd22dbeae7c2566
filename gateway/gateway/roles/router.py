"""角色管理 (`/api/system/roles`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.pages import add_list_route
from gateway.roles import service
from gateway.roles.schemas import RoleIn, RoleOut, RolePage, RoleUpdate
from gateway.roles.service import RoleFilters
from gateway.runtime import Gateway, runtime
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import Principal, Require, Scope
from shared.types import Id, Text

router = APIRouter(prefix="/api/system/roles", tags=["system 角色管理"])


async def role_filters(
    keyword: Text | None = Query(None, max_length=64, description="角色名称或标识"),
    scope: Scope | None = Query(None),
    active: bool | None = Query(None),
) -> RoleFilters:
    return RoleFilters(keyword, scope, active)


add_list_route(router, "", name="list_roles", summary="角色列表", page=RolePage, filters=role_filters,
               permission="system:role:list", list_rows=service.list_roles)


@router.get("/{role_id}", response_model=RoleOut, summary="角色详情")
async def get_role(role_id: Id, principal: Principal = Depends(Require("system:role:list")),
                   session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.role_detail(session, role_id)


@router.post("", status_code=201, response_model=RoleOut, summary="新增角色")
async def create_role(body: RoleIn, principal: Principal = Depends(Require("system:role:create")),
                      session: AsyncSession = Depends(db_session),
                      gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await service.create_role(session, gateway, body, principal.actor)


@router.put("/{role_id}", response_model=RoleOut, summary="修改角色（权限与数据范围即时生效）")
async def update_role(role_id: Id, body: RoleUpdate, if_match: int | None = Depends(expected_version),
                      principal: Principal = Depends(Require("system:role:update")),
                      session: AsyncSession = Depends(db_session),
                      gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await service.update_role(session, gateway, role_id, body, resolve_version(body.version, if_match))


@router.delete("/{role_id}", status_code=204, response_class=Response, summary="删除角色")
async def delete_role(role_id: Id, principal: Principal = Depends(Require("system:role:delete")),
                      session: AsyncSession = Depends(db_session), gateway: Gateway = Depends(runtime)) -> Response:
    await service.delete_role(session, gateway, role_id)
    return Response(status_code=204)
