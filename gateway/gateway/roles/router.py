"""角色管理 (`/api/system/roles`)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from gateway.pages import DirectoryPage, add_directory_routes, add_list_route
from gateway.roles import service
from gateway.roles.schemas import RoleIn, RoleOut, RolePage, RoleUpdate
from gateway.roles.service import RoleFilters
from shared.identity import Scope
from shared.types import Text

router = APIRouter(prefix="/api/system/roles", tags=["system 角色管理"])


async def role_filters(
    keyword: Text | None = Query(None, max_length=64, description="角色名称或标识"),
    scope: Scope | None = Query(None),
    active: bool | None = Query(None),
) -> RoleFilters:
    return RoleFilters(keyword, scope, active)


add_list_route(router, "", name="list_roles", summary="角色列表", page=RolePage, filters=role_filters,
               permission="system:role:list", list_rows=service.list_roles)
add_directory_routes(router, DirectoryPage(
    path="", id_name="role_id", singular="role", label="角色", code="system:role", out=RoleOut, create_in=RoleIn,
    update_in=RoleUpdate, get_row=service.role_detail, create_row=service.create_role,
    update_row=service.update_role, delete_row=service.delete_role, update_note="（权限与数据范围即时生效）"))
