"""Roles: permission codes must exist in the menu tree, custom scopes name existing departments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.departments.models import Department
from gateway.permissions.menu import permission_codes
from gateway.roles.models import Role
from gateway.roles.schemas import RoleIn, RoleUpdate
from gateway.staff.models import staff_roles
from shared.concurrency import update_versioned
from shared.identity import SCOPE_LABELS, Scope
from shared.problems import Problem, field_error, not_found


def role_row(role: Role, staff_counts: dict[int, int]) -> dict[str, Any]:
    scope = Scope(role.scope)
    return {
        "id": role.id, "name": role.name, "code": role.code, "scope": scope, "scope_label": SCOPE_LABELS[scope],
        "dept_ids": sorted(role.dept_ids or []), "permissions": sorted(role.permissions or []), "sort": role.sort,
        "active": role.active, "status": "启用" if role.active else "停用", "remark": role.remark,
        "staff_count": staff_counts.get(role.id, 0), "created_by_id": role.created_by_id,
        "created_by_name": role.created_by_name, "created_at": role.created_at, "updated_at": role.updated_at,
        "version": role.version,
    }


async def staff_counts(session: AsyncSession) -> dict[int, int]:
    rows = await session.execute(select(staff_roles.c.role_id, func.count().label("n")).group_by(staff_roles.c.role_id))
    return {row.role_id: row.n for row in rows}


async def _validate(session: AsyncSession, body: RoleIn, role_id: int | None = None) -> dict[str, Any]:
    unknown = sorted(set(body.permissions) - permission_codes())
    if unknown:
        raise field_error("permissions", f"未知的权限码: {', '.join(unknown[:10])}", code="unknown_permission")
    dept_ids = sorted(set(body.dept_ids)) if body.scope == Scope.CUSTOM else []
    if body.scope == Scope.CUSTOM:
        if not dept_ids:
            raise field_error("dept_ids", "自定义部门的数据范围需要至少选择一个部门")
        found = set((await session.scalars(select(Department.id).where(Department.id.in_(dept_ids)))).all())
        missing = [d for d in dept_ids if d not in found]
        if missing:
            raise field_error("dept_ids", f"部门不存在: {missing}")
    for column, value, label in ((Role.name, body.name, "名称"), (Role.code, body.code, "标识")):
        stmt = select(Role.id).where(column == value)
        if role_id is not None:
            stmt = stmt.where(Role.id != role_id)
        if await session.scalar(stmt) is not None:
            raise Problem(409, "role_exists", f"角色{label}已存在", errors=[{"field": column.key, "message": "已存在"}])
    values = body.model_dump(exclude={"version"})
    values.update(dept_ids=dept_ids, permissions=sorted(set(body.permissions)), scope=body.scope.value)
    return values


async def create_role(session: AsyncSession, body: RoleIn, actor: dict[str, Any]) -> Role:
    values = await _validate(session, body)
    role = Role(**values, created_by_id=actor["id"], created_by_name=actor["name"])
    session.add(role)
    await session.flush()
    return role


async def update_role(session: AsyncSession, role_id: int, body: RoleUpdate, version: int) -> Role:
    if await session.get(Role, role_id) is None:
        raise not_found("角色")
    values = await _validate(session, body, role_id)
    return await update_versioned(session, Role, role_id, version, values)


async def delete_role(session: AsyncSession, role_id: int) -> None:
    role = await session.get(Role, role_id)
    if role is None:
        raise not_found("角色")
    if (await staff_counts(session)).get(role_id):
        raise Problem(409, "role_in_use", "该角色仍有员工使用，请先取消分配")
    await session.delete(role)
