"""部门管理 (`/api/system/departments`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.departments import service
from gateway.departments.schemas import DepartmentIn, DepartmentOut, DepartmentPage, DepartmentTree, DepartmentUpdate
from gateway.departments.service import DepartmentFilters
from gateway.pages import DirectoryPage, add_directory_routes, add_list_route
from shared.app import db_session
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


add_directory_routes(router, DirectoryPage(
    path="", id_name="dept_id", singular="department", label="部门", code="system:dept", out=DepartmentOut,
    create_in=DepartmentIn, update_in=DepartmentUpdate, get_row=service.department_detail,
    create_row=service.create_department, update_row=service.update_department,
    delete_row=service.delete_department, update_note="（改名会同步到各服务的员工目录）"))
