"""Staff accounts: create, update, enable/disable, delete, reset password; every change tells the other
services (gateway.StaffChanged) in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.departments.models import Department
from gateway.roles.models import Role
from gateway.staff.events import emit_staff_changed
from gateway.staff.models import Staff
from gateway.staff.schemas import StaffCreate, StaffUpdate
from shared.privacy import mask_phone
from shared.problems import Problem, field_error, not_found


def staff_row(staff: Staff, dept_names: dict[int, str], *, show_phone: bool) -> dict[str, Any]:
    return {
        "id": staff.id, "username": staff.username, "name": staff.name,
        "phone": staff.phone if show_phone else mask_phone(staff.phone),
        "email": staff.email, "position": staff.position, "dept_id": staff.dept_id,
        "dept_name": dept_names.get(staff.dept_id, "") if staff.dept_id else "",
        "roles": [{"id": r.id, "name": r.name} for r in staff.roles],
        "role_ids": [r.id for r in staff.roles],
        "active": staff.active, "status": "启用" if staff.active else "停用", "superuser": staff.superuser,
        "remark": staff.remark, "last_login_at": staff.last_login_at, "last_login_ip": staff.last_login_ip,
        "created_by_id": staff.created_by_id, "created_by_name": staff.created_by_name,
        "created_at": staff.created_at, "updated_at": staff.updated_at, "version": staff.version,
    }


async def dept_names(session: AsyncSession) -> dict[int, str]:
    return {row.id: row.name for row in await session.execute(select(Department.id, Department.name))}


async def _roles(session: AsyncSession, role_ids: list[int]) -> list[Role]:
    wanted = sorted(set(role_ids))
    roles = list((await session.scalars(select(Role).where(Role.id.in_(wanted)))).all()) if wanted else []
    missing = sorted(set(wanted) - {r.id for r in roles})
    if missing:
        raise field_error("role_ids", f"角色不存在: {missing}")
    return roles


async def _check_dept(session: AsyncSession, dept_id: int | None) -> None:
    if dept_id is not None and await session.get(Department, dept_id) is None:
        raise field_error("dept_id", "部门不存在")


async def get_staff(session: AsyncSession, staff_id: int, *, lock: bool = False) -> Staff:
    # Writers lock the row so the version check and the write cannot interleave with another writer.
    staff = await session.get(Staff, staff_id, with_for_update=lock or None, populate_existing=lock)
    if staff is None:
        raise not_found("员工")
    return staff


async def create_staff(session: AsyncSession, body: StaffCreate, password_hash: str, actor: dict[str, Any]) -> Staff:
    await _check_dept(session, body.dept_id)
    roles = await _roles(session, body.role_ids)
    if await session.scalar(select(Staff.id).where(Staff.username == body.username)) is not None:
        raise Problem(409, "username_taken", "登录名已被使用", errors=[{"field": "username", "message": "已存在"}])
    staff = Staff(
        **body.model_dump(exclude={"role_ids", "password"}), password_hash=password_hash, roles=roles,
        created_by_id=actor["id"], created_by_name=actor["name"],
    )
    session.add(staff)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent create with the same username
        raise Problem(409, "username_taken", "登录名已被使用") from exc
    await emit_staff_changed(session, staff)
    return staff


def _check_version(staff: Staff, version: int) -> None:
    if staff.version != version:
        raise Problem(409, "version_conflict", "该记录已被他人修改，请刷新后重试", current_version=staff.version)


async def update_staff(session: AsyncSession, staff_id: int, body: StaffUpdate, version: int,
                       actor_id: int) -> Staff:
    staff = await get_staff(session, staff_id, lock=True)
    _check_version(staff, version)
    await _check_dept(session, body.dept_id)
    roles = await _roles(session, body.role_ids)
    if not body.active:
        _may_disable(staff, actor_id)
    for key, value in body.model_dump(exclude={"role_ids", "version"}).items():
        setattr(staff, key, value)
    staff.roles = roles
    staff.version += 1
    await session.flush()
    await emit_staff_changed(session, staff)
    return staff


def _may_disable(staff: Staff, actor_id: int) -> None:
    if staff.superuser:
        raise Problem(409, "superuser_protected", "超级管理员账号不能停用或删除")
    if staff.id == actor_id:
        raise Problem(409, "cannot_disable_self", "不能停用或删除自己的账号")


async def set_active(session: AsyncSession, staff_id: int, active: bool, actor_id: int) -> Staff:
    staff = await get_staff(session, staff_id, lock=True)
    if not active:
        _may_disable(staff, actor_id)
    if staff.active != active:
        staff.active = active
        staff.version += 1
        await session.flush()
        await emit_staff_changed(session, staff)
    return staff


async def delete_staff(session: AsyncSession, staff_id: int, actor_id: int) -> None:
    staff = await get_staff(session, staff_id, lock=True)
    _may_disable(staff, actor_id)
    await emit_staff_changed(session, staff, active=False)
    await session.delete(staff)


async def reset_password(session: AsyncSession, staff_id: int, password_hash: str) -> Staff:
    staff = await get_staff(session, staff_id)
    staff.password_hash = password_hash
    return staff
