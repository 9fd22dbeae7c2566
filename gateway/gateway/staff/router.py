"""员工管理 (`/api/system/users`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.runtime import Gateway, runtime
from gateway.staff import service
from gateway.staff.schemas import PasswordReset, StaffCreate, StaffOut, StaffPage, StaffUpdate
from gateway.staff.service import StaffFilters
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import Principal, Require
from shared.listing import PageParams, check_range, page_params
from shared.types import Id, Text

router = APIRouter(prefix="/api/system/users", tags=["system 员工管理"])


async def staff_filters(
    keyword: Text | None = Query(None, max_length=64, description="姓名、登录名或手机号"),
    dept_id: Id | None = Query(None, description="部门（含下级部门）"),
    role_id: Id | None = Query(None),
    active: bool | None = Query(None),
    date_from: date | None = Query(None, description="创建日期起（含），上海日期 YYYY-MM-DD"),
    date_to: date | None = Query(None, description="创建日期止（含），上海日期 YYYY-MM-DD"),
) -> StaffFilters:
    check_range("date", date_from, date_to)
    return StaffFilters(keyword, dept_id, role_id, active, date_from, date_to)


@router.get("", response_model=StaffPage, response_model_exclude_unset=True, summary="员工列表")
async def list_staff(
    params: PageParams = Depends(page_params),
    filters: StaffFilters = Depends(staff_filters),
    principal: Principal = Depends(Require("system:user:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.list_staff(session, filters, params, principal)


@router.get("/{staff_id}", response_model=StaffOut, summary="员工详情")
async def get_staff(staff_id: Id, principal: Principal = Depends(Require("system:user:list")),
                    session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.staff_detail(session, staff_id, principal)


@router.post("", status_code=201, response_model=StaffOut, summary="新增员工")
async def create_staff(body: StaffCreate, principal: Principal = Depends(Require("system:user:create")),
                       session: AsyncSession = Depends(db_session),
                       gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await service.create_staff(session, gateway, body, principal)


@router.put("/{staff_id}", response_model=StaffOut, summary="修改员工（停用即时注销其登录）")
async def update_staff(staff_id: Id, body: StaffUpdate, if_match: int | None = Depends(expected_version),
                       principal: Principal = Depends(Require("system:user:update")),
                       session: AsyncSession = Depends(db_session),
                       gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    version = resolve_version(body.version, if_match)
    return await service.update_staff(session, gateway, staff_id, body, version, principal)


@router.post("/{staff_id}/enable", response_model=StaffOut, summary="启用员工")
async def enable_staff(staff_id: Id, principal: Principal = Depends(Require("system:user:update")),
                       session: AsyncSession = Depends(db_session),
                       gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await service.set_active(session, gateway, staff_id, True, principal)


@router.post("/{staff_id}/disable", response_model=StaffOut, summary="停用员工（即时注销其登录）")
async def disable_staff(staff_id: Id, principal: Principal = Depends(Require("system:user:update")),
                        session: AsyncSession = Depends(db_session),
                        gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await service.set_active(session, gateway, staff_id, False, principal)


@router.delete("/{staff_id}", status_code=204, response_class=Response, summary="删除员工")
async def delete_staff(staff_id: Id, principal: Principal = Depends(Require("system:user:delete")),
                       session: AsyncSession = Depends(db_session), gateway: Gateway = Depends(runtime)) -> Response:
    await service.delete_staff(session, gateway, staff_id, principal)
    return Response(status_code=204)


@router.post("/{staff_id}/reset-password", status_code=204, response_class=Response,
             summary="重置密码（其现有登录随即失效）")
async def reset_password(staff_id: Id, body: PasswordReset,
                         principal: Principal = Depends(Require("system:user:reset_password")),
                         session: AsyncSession = Depends(db_session),
                         gateway: Gateway = Depends(runtime)) -> Response:
    await service.reset_password(session, gateway, staff_id, body.password)
    return Response(status_code=204)
