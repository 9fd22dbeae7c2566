"""部门管理 (`/api/system/departments`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.departments import service
from gateway.departments.schemas import DepartmentIn, DepartmentOut, DepartmentPage, DepartmentTree, DepartmentUpdate
from gateway.departments.service import DepartmentFilters
from gateway.pages import add_list_route
from gateway.runtime import Gateway, runtime
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import Principal, Require
from shared.types import Id, Text

router = APIRouter(prefix="/api/system/departments", tags=["system 部门管理"])


async def department_filters(
    keyword: Text | None = Query(None, max_length=64, description="部门名称或负责人"),
    parent_id: Id | None = Query(None),
    active: bool | None = Query(None, description="true 启用 / false 停用"),
) -> DepartmentFilters:
    return DepartmentFilters(keyword, parent_id, active)


add_list_route(router, "", name="list_departments", summary="部门列表", page=DepartmentPage,
               filters=department_filters, permission="system:dept:list", list_rows=service.list_departments)


@router.get("/tree", response_model=DepartmentTree, summary="部门树")
async def department_tree(
    active: bool | None = Query(None),
    principal: Principal = Depends(Require("system:dept:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.department_tree(session, active)


@router.get("/{dept_id}", response_model=DepartmentOut, summary="部门详情")
async def get_department(dept_id: Id, principal: Principal = Depends(Require("system:dept:list")),
                         session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.department_detail(session, dept_id)


@router.post("", status_code=201, response_model=DepartmentOut, summary="新增部门")
async def create_department(body: DepartmentIn, principal: Principal = Depends(Require("system:dept:create")),
                            session: AsyncSession = Depends(db_session),
                            gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await service.create_department(session, gateway, body, principal.actor)


@router.put("/{dept_id}", response_model=DepartmentOut, summary="修改部门（改名会同步到各服务的员工目录）")
async def update_department(dept_id: Id, body: DepartmentUpdate,
                            if_match: int | None = Depends(expected_version),
                            principal: Principal = Depends(Require("system:dept:update")),
                            session: AsyncSession = Depends(db_session),
                            gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    version = resolve_version(body.version, if_match)
    return await service.update_department(session, gateway, dept_id, body, version)


@router.delete("/{dept_id}", status_code=204, response_class=Response, summary="删除部门")
async def delete_department(dept_id: Id, principal: Principal = Depends(Require("system:dept:delete")),
                            session: AsyncSession = Depends(db_session),
                            gateway: Gateway = Depends(runtime)) -> Response:
    await service.delete_department(session, gateway, dept_id)
    return Response(status_code=204)
