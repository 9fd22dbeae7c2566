"""Roles: permission codes must exist in the menu tree, custom scopes name existing departments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.departments.models import Department
from gateway.permissions.menu import permission_codes
from gateway.roles.models import Role
from gateway.roles.schemas import RoleIn, RoleUpdate
from gateway.runtime import Gateway
from gateway.staff.models import staff_roles
from shared.concurrency import update_versioned
from shared.identity import SCOPE_LABELS, Scope
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, options, paginate
from shared.problems import Problem, field_error, not_found

SORTABLE = {"id": Role.id, "name": Role.name, "sort": Role.sort, "created_at": Role.created_at}


@dataclass(frozen=True)
class RoleFilters:
    keyword: str | None = None  # name or code
    scope: Scope | None = None
    active: bool | None = None


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


async def list_roles(session: AsyncSession, filters: RoleFilters, params: PageParams) -> dict[str, Any]:
    stmt = select(Role)
    clause = keyword_clause(filters.keyword, Role.name, Role.code)
    if clause is not None:
        stmt = stmt.where(clause)
    if filters.scope is not None:
        stmt = stmt.where(Role.scope == filters.scope.value)
    if filters.active is not None:
        stmt = stmt.where(Role.active == filters.active)
    stmt = apply_sort(stmt, params.sort, SORTABLE, (Role.sort, Role.id))
    rows, total = await paginate(session, stmt, params)
    counts = await staff_counts(session)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        depts = (await session.execute(select(Department.id, Department.name).order_by(Department.id))).all()
        option_lists = {"scope_list": enum_options({s.value: label for s, label in SCOPE_LABELS.items()}),
                        "status_list": enum_options({"true": "启用", "false": "停用"}),
                        "dept_list": options(depts)}
    return list_response([role_row(r, counts) for r in rows], total, params, option_lists)


async def role_detail(session: AsyncSession, role_id: int) -> dict[str, Any]:
    role = await session.get(Role, role_id)
    if role is None:
        raise not_found("角色")
    return role_row(role, await staff_counts(session))


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


async def create_role(session: AsyncSession, gateway: Gateway, body: RoleIn, actor: dict[str, Any]) -> dict[str, Any]:
    values = await _validate(session, body)
    role = Role(**values, created_by_id=actor["id"], created_by_name=actor["name"])
    session.add(role)
    await session.commit()
    await gateway.authz_changed()
    await session.refresh(role)
    return role_row(role, {})


async def update_role(session: AsyncSession, gateway: Gateway, role_id: int, body: RoleUpdate,
                      version: int) -> dict[str, Any]:
    """Permissions and data scope take effect at once: every cached authorisation reloads after the commit."""
    if await session.get(Role, role_id) is None:
        raise not_found("角色")
    values = await _validate(session, body, role_id)
    role = await update_versioned(session, Role, role_id, version, values)
    await session.commit()
    await gateway.authz_changed()
    await session.refresh(role)
    return role_row(role, await staff_counts(session))


async def delete_role(session: AsyncSession, gateway: Gateway, role_id: int) -> None:
    role = await session.get(Role, role_id)
    if role is None:
        raise not_found("角色")
    if (await staff_counts(session)).get(role_id):
        raise Problem(409, "role_in_use", "该角色仍有员工使用，请先取消分配")
    await session.delete(role)
    await session.commit()
    await gateway.authz_changed()
