"""员工管理 (`/api/system/users`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.authz import department_parents, descendants
from gateway.roles.models import Role
from gateway.runtime import Gateway, runtime
from gateway.staff import service
from gateway.staff.models import Staff, staff_roles
from gateway.staff.schemas import PasswordReset, StaffCreate, StaffUpdate
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.dates import day_end, day_start
from shared.identity import Principal, Require
from shared.listing import (
    PageParams,
    apply_sort,
    check_range,
    enum_options,
    keyword_clause,
    list_response,
    options,
    page_params,
    paginate,
)

router = APIRouter(prefix="/api/system/users", tags=["system 员工管理"])
SORTABLE = {"id": Staff.id, "username": Staff.username, "name": Staff.name, "created_at": Staff.created_at,
            "last_login_at": Staff.last_login_at}


async def _row(session: AsyncSession, staff: Staff, principal: Principal) -> dict[str, Any]:
    await session.refresh(staff)
    return service.staff_row(staff, await service.dept_names(session),
                             show_phone=principal.can("system:user:update"))


@router.get("", summary="员工列表")
async def list_staff(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=64, description="姓名、登录名或手机号"),
    dept_id: int | None = Query(None, ge=1, description="部门（含下级部门）"),
    role_id: int | None = Query(None, ge=1),
    active: bool | None = Query(None),
    created_from: date | None = Query(None, description="创建日期起 YYYY-MM-DD"),
    created_to: date | None = Query(None, description="创建日期止 YYYY-MM-DD"),
    principal: Principal = Depends(Require("system:user:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    check_range("created", created_from, created_to)
    stmt = select(Staff)
    clause = keyword_clause(keyword, Staff.name, Staff.username, Staff.phone)
    if clause is not None:
        stmt = stmt.where(clause)
    if dept_id is not None:
        stmt = stmt.where(Staff.dept_id.in_(sorted(descendants(dept_id, await department_parents(session)))))
    if role_id is not None:
        stmt = stmt.where(Staff.id.in_(select(staff_roles.c.staff_id).where(staff_roles.c.role_id == role_id)))
    if active is not None:
        stmt = stmt.where(Staff.active == active)
    if created_from:
        stmt = stmt.where(Staff.created_at >= day_start(created_from))
    if created_to:
        stmt = stmt.where(Staff.created_at < day_end(created_to))
    stmt = apply_sort(stmt, params.sort, SORTABLE, (Staff.id,))
    rows, total = await paginate(session, stmt, params)
    names = await service.dept_names(session)
    show_phone = principal.can("system:user:update")
    option_lists: dict[str, Any] = {"status_list": enum_options({"true": "启用", "false": "停用"}),
                                    "dept_list": options(sorted(names.items()))}
    if params.with_options:
        roles = (await session.execute(select(Role.id, Role.name).order_by(Role.sort, Role.id))).all()
        option_lists["role_list"] = options(roles)
    return list_response([service.staff_row(s, names, show_phone=show_phone) for s in rows], total, params,
                         option_lists)


@router.get("/{staff_id}", summary="员工详情")
async def get_staff(staff_id: int, principal: Principal = Depends(Require("system:user:list")),
                    session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await _row(session, await service.get_staff(session, staff_id), principal)


@router.post("", status_code=201, summary="新增员工")
async def create_staff(body: StaffCreate, principal: Principal = Depends(Require("system:user:create")),
                       session: AsyncSession = Depends(db_session),
                       gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    password_hash = await gateway.passwords.hash(body.password)
    staff = await service.create_staff(session, body, password_hash, principal.actor)
    await session.commit()
    await gateway.authz_changed()
    return await _row(session, staff, principal)


@router.put("/{staff_id}", summary="修改员工（停用即时注销其登录）")
async def update_staff(staff_id: int, body: StaffUpdate, if_match: int | None = Depends(expected_version),
                       principal: Principal = Depends(Require("system:user:update")),
                       session: AsyncSession = Depends(db_session),
                       gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    staff = await service.update_staff(session, staff_id, body, resolve_version(body.version, if_match),
                                       principal.id)
    await session.commit()
    await _after_change(gateway, staff)
    return await _row(session, staff, principal)


@router.post("/{staff_id}/enable", summary="启用员工")
async def enable_staff(staff_id: int, principal: Principal = Depends(Require("system:user:update")),
                       session: AsyncSession = Depends(db_session),
                       gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    staff = await service.set_active(session, staff_id, True, principal.id)
    await session.commit()
    await _after_change(gateway, staff)
    return await _row(session, staff, principal)


@router.post("/{staff_id}/disable", summary="停用员工（即时注销其登录）")
async def disable_staff(staff_id: int, principal: Principal = Depends(Require("system:user:update")),
                        session: AsyncSession = Depends(db_session),
                        gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    staff = await service.set_active(session, staff_id, False, principal.id)
    await session.commit()
    await _after_change(gateway, staff)
    return await _row(session, staff, principal)


@router.delete("/{staff_id}", status_code=204, summary="删除员工")
async def delete_staff(staff_id: int, principal: Principal = Depends(Require("system:user:delete")),
                       session: AsyncSession = Depends(db_session), gateway: Gateway = Depends(runtime)) -> Response:
    await service.delete_staff(session, staff_id, principal.id)
    await session.commit()
    assert gateway.sessions is not None
    await gateway.sessions.revoke_user("staff", staff_id)
    await gateway.authz_changed()
    return Response(status_code=204)


@router.post("/{staff_id}/reset-password", status_code=204, summary="重置密码（其现有登录随即失效）")
async def reset_password(staff_id: int, body: PasswordReset,
                         principal: Principal = Depends(Require("system:user:reset_password")),
                         session: AsyncSession = Depends(db_session),
                         gateway: Gateway = Depends(runtime)) -> Response:
    await service.reset_password(session, staff_id, await gateway.passwords.hash(body.password))
    await session.commit()
    assert gateway.sessions is not None
    await gateway.sessions.revoke_user("staff", staff_id)
    return Response(status_code=204)


async def _after_change(gateway: Gateway, staff: Staff) -> None:
    assert gateway.sessions is not None
    if not staff.active:
        await gateway.sessions.revoke_user("staff", staff.id)
    await gateway.authz_changed()
