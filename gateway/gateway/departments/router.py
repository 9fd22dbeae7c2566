"""部门管理 (`/api/system/departments`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.departments import service
from gateway.departments.models import Department
from gateway.departments.schemas import DepartmentIn, DepartmentOut, DepartmentUpdate
from gateway.runtime import Gateway, runtime
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import Principal, Require
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

router = APIRouter(prefix="/api/system/departments", tags=["system 部门管理"])
SORTABLE = {"id": Department.id, "name": Department.name, "sort": Department.sort,
            "created_at": Department.created_at}


@router.get("", summary="部门列表")
async def list_departments(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=64, description="部门名称或负责人"),
    parent_id: int | None = Query(None, ge=1),
    active: bool | None = Query(None, description="true 启用 / false 停用"),
    principal: Principal = Depends(Require("system:dept:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    stmt = select(Department)
    clause = keyword_clause(keyword, Department.name, Department.leader)
    if clause is not None:
        stmt = stmt.where(clause)
    if parent_id is not None:
        stmt = stmt.where(Department.parent_id == parent_id)
    if active is not None:
        stmt = stmt.where(Department.active == active)
    stmt = apply_sort(stmt, params.sort, SORTABLE, (Department.sort, Department.id))
    rows, total = await paginate(session, stmt, params)
    names, counts = await service.names_and_counts(session)
    return list_response(
        [service.department_row(d, names, counts) for d in rows], total, params,
        {"status_list": lambda: enum_options({"true": "启用", "false": "停用"}),
         "dept_list": lambda: options(sorted(names.items()))},
    )


@router.get("/tree", summary="部门树")
async def department_tree(
    active: bool | None = Query(None),
    principal: Principal = Depends(Require("system:dept:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    stmt = select(Department)
    if active is not None:
        stmt = stmt.where(Department.active == active)
    depts = (await session.scalars(stmt)).all()
    names, counts = await service.names_and_counts(session)
    return {"data_list": service.tree([service.department_row(d, names, counts) for d in depts])}


@router.get("/{dept_id}", response_model=DepartmentOut, summary="部门详情")
async def get_department(dept_id: int, principal: Principal = Depends(Require("system:dept:list")),
                         session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    dept = await session.get(Department, dept_id)
    if dept is None:
        raise not_found("部门")
    names, counts = await service.names_and_counts(session)
    return service.department_row(dept, names, counts)


@router.post("", status_code=201, response_model=DepartmentOut, summary="新增部门")
async def create_department(body: DepartmentIn, principal: Principal = Depends(Require("system:dept:create")),
                            session: AsyncSession = Depends(db_session),
                            gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    dept = await service.create_department(session, body, principal.actor)
    await session.commit()
    await gateway.authz_changed()
    await session.refresh(dept)
    names, counts = await service.names_and_counts(session)
    return service.department_row(dept, names, counts)


@router.put("/{dept_id}", response_model=DepartmentOut, summary="修改部门（改名会同步到各服务的员工目录）")
async def update_department(dept_id: int, body: DepartmentUpdate,
                            if_match: int | None = Depends(expected_version),
                            principal: Principal = Depends(Require("system:dept:update")),
                            session: AsyncSession = Depends(db_session),
                            gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    version = resolve_version(body.version, if_match)
    dept = await service.update_department(session, dept_id, body, version)
    await session.commit()
    await gateway.authz_changed()
    await session.refresh(dept)
    names, counts = await service.names_and_counts(session)
    return service.department_row(dept, names, counts)


@router.delete("/{dept_id}", status_code=204, summary="删除部门")
async def delete_department(dept_id: int, principal: Principal = Depends(Require("system:dept:delete")),
                            session: AsyncSession = Depends(db_session),
                            gateway: Gateway = Depends(runtime)) -> Response:
    await service.delete_department(session, dept_id)
    await session.commit()
    await gateway.authz_changed()
    return Response(status_code=204)
