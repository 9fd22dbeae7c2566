"""角色管理 (`/api/system/roles`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.departments.models import Department
from gateway.roles import service
from gateway.roles.models import Role
from gateway.roles.schemas import RoleIn, RoleOut, RoleUpdate
from gateway.runtime import Gateway, runtime
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import SCOPE_LABELS, Principal, Require, Scope
from shared.listing import (
    PageParams,
    apply_sort,
    enum_options,
    keyword_clause,
    list_response,
    options,
    page_params,
    paginate,
)
from shared.problems import not_found

router = APIRouter(prefix="/api/system/roles", tags=["system 角色管理"])
SORTABLE = {"id": Role.id, "name": Role.name, "sort": Role.sort, "created_at": Role.created_at}


@router.get("", summary="角色列表")
async def list_roles(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=64, description="角色名称或标识"),
    scope: Scope | None = Query(None),
    active: bool | None = Query(None),
    principal: Principal = Depends(Require("system:role:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    stmt = select(Role)
    clause = keyword_clause(keyword, Role.name, Role.code)
    if clause is not None:
        stmt = stmt.where(clause)
    if scope is not None:
        stmt = stmt.where(Role.scope == scope.value)
    if active is not None:
        stmt = stmt.where(Role.active == active)
    stmt = apply_sort(stmt, params.sort, SORTABLE, (Role.sort, Role.id))
    rows, total = await paginate(session, stmt, params)
    counts = await service.staff_counts(session)

    async def dept_list() -> list[dict[str, str]]:
        return options((await session.execute(select(Department.id, Department.name).order_by(Department.id))).all())

    option_lists: dict[str, Any] = {"scope_list": enum_options({s.value: label for s, label in SCOPE_LABELS.items()}),
                                    "status_list": enum_options({"true": "启用", "false": "停用"})}
    if params.with_options:
        option_lists["dept_list"] = await dept_list()
    return list_response([service.role_row(r, counts) for r in rows], total, params, option_lists)


@router.get("/{role_id}", response_model=RoleOut, summary="角色详情")
async def get_role(role_id: int, principal: Principal = Depends(Require("system:role:list")),
                   session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    role = await session.get(Role, role_id)
    if role is None:
        raise not_found("角色")
    return service.role_row(role, await service.staff_counts(session))


@router.post("", status_code=201, response_model=RoleOut, summary="新增角色")
async def create_role(body: RoleIn, principal: Principal = Depends(Require("system:role:create")),
                      session: AsyncSession = Depends(db_session),
                      gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    role = await service.create_role(session, body, principal.actor)
    await session.commit()
    await gateway.authz_changed()
    await session.refresh(role)
    return service.role_row(role, {})


@router.put("/{role_id}", response_model=RoleOut, summary="修改角色（权限与数据范围即时生效）")
async def update_role(role_id: int, body: RoleUpdate, if_match: int | None = Depends(expected_version),
                      principal: Principal = Depends(Require("system:role:update")),
                      session: AsyncSession = Depends(db_session),
                      gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    role = await service.update_role(session, role_id, body, resolve_version(body.version, if_match))
    await session.commit()
    await gateway.authz_changed()
    await session.refresh(role)
    return service.role_row(role, await service.staff_counts(session))


@router.delete("/{role_id}", status_code=204, summary="删除角色")
async def delete_role(role_id: int, principal: Principal = Depends(Require("system:role:delete")),
                      session: AsyncSession = Depends(db_session), gateway: Gateway = Depends(runtime)) -> Response:
    await service.delete_role(session, role_id)
    await session.commit()
    await gateway.authz_changed()
    return Response(status_code=204)
