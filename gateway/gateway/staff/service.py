"""Staff accounts: list, create, update, enable/disable, delete, reset password. Every change tells the other
services (gateway.StaffChanged, in the same transaction); each public function here commits its change,
then revokes sessions and bumps the authorisation version as the change requires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.authz import department_parents, descendants
from gateway.departments.models import Department
from gateway.roles.models import Role
from gateway.runtime import Gateway
from gateway.staff.events import emit_staff_changed
from gateway.staff.models import Staff, staff_roles
from gateway.staff.schemas import StaffCreate, StaffUpdate
from shared.dates import within_days
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, options, paginate
from shared.privacy import mask_phone
from shared.problems import Problem, field_error, not_found

STATUS_LABELS = {"true": "启用", "false": "停用"}
SORTABLE = {"id": Staff.id, "username": Staff.username, "name": Staff.name, "created_at": Staff.created_at,
            "last_login_at": Staff.last_login_at}


@dataclass(frozen=True)
class StaffFilters:
    keyword: str | None = None  # name, username or phone
    dept_id: int | None = None  # with its sub-departments
    role_id: int | None = None
    active: bool | None = None
    date_from: date | None = None  # created on or after
    date_to: date | None = None


def staff_row(staff: Staff, dept_names: dict[int, str], *, show_phone: bool) -> dict[str, Any]:
    return {
        "id": staff.id, "username": staff.username, "name": staff.name,
        "phone": staff.phone if show_phone else mask_phone(staff.phone),
        "email": staff.email, "position": staff.position, "dept_id": staff.dept_id,
        "dept_name": dept_names.get(staff.dept_id, "") if staff.dept_id else "",
        "roles": [{"id": r.id, "name": r.name} for r in staff.roles],
        "role_ids": [r.id for r in staff.roles],
        "active": staff.active, "status": STATUS_LABELS["true" if staff.active else "false"],
        "superuser": staff.superuser, "remark": staff.remark, "last_login_at": staff.last_login_at,
        "last_login_ip": staff.last_login_ip, "created_by_id": staff.created_by_id,
        "created_by_name": staff.created_by_name, "created_at": staff.created_at, "updated_at": staff.updated_at,
        "version": staff.version,
    }


async def dept_names(session: AsyncSession) -> dict[int, str]:
    return {row.id: row.name for row in await session.execute(select(Department.id, Department.name))}


def _shows_phone(principal: Principal) -> bool:
    return principal.can("system:user:update")


async def _answer(session: AsyncSession, staff: Staff, principal: Principal) -> dict[str, Any]:
    await session.refresh(staff)
    return staff_row(staff, await dept_names(session), show_phone=_shows_phone(principal))


async def list_staff(session: AsyncSession, filters: StaffFilters, params: PageParams,
                     principal: Principal) -> dict[str, Any]:
    stmt = select(Staff)
    clause = keyword_clause(filters.keyword, Staff.name, Staff.username, Staff.phone)
    if clause is not None:
        stmt = stmt.where(clause)
    if filters.dept_id is not None:
        within = sorted(descendants(filters.dept_id, await department_parents(session)))
        stmt = stmt.where(Staff.dept_id.in_(within))
    if filters.role_id is not None:
        holders = select(staff_roles.c.staff_id).where(staff_roles.c.role_id == filters.role_id)
        stmt = stmt.where(Staff.id.in_(holders))
    if filters.active is not None:
        stmt = stmt.where(Staff.active == filters.active)
    stmt = stmt.where(*within_days(Staff.created_at, filters.date_from, filters.date_to))
    stmt = apply_sort(stmt, params.sort, SORTABLE, (Staff.id,))
    rows, total = await paginate(session, stmt, params)
    names = await dept_names(session)
    show_phone = _shows_phone(principal)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        roles = (await session.execute(select(Role.id, Role.name).order_by(Role.sort, Role.id))).all()
        option_lists = {"status_list": enum_options(STATUS_LABELS), "dept_list": options(sorted(names.items())),
                        "role_list": options(roles)}
    return list_response([staff_row(s, names, show_phone=show_phone) for s in rows], total, params, option_lists)


async def staff_detail(session: AsyncSession, staff_id: int, principal: Principal) -> dict[str, Any]:
    return await _answer(session, await get_staff(session, staff_id), principal)


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


async def _new_version(session: AsyncSession, staff: Staff) -> None:
    """A changed account: a new version, and its event for the other services' staff directories (same commit)."""
    staff.version += 1
    await session.flush()
    await emit_staff_changed(session, staff)


async def _commit_change(session: AsyncSession, gateway: Gateway, staff: Staff,
                         principal: Principal) -> dict[str, Any]:
    """Commits a change to an account, then ends a disabled account's sessions and reloads every cached
    authorisation (its roles may have changed); the answer is the account as the caller sees it."""
    await session.commit()
    assert gateway.sessions is not None
    if not staff.active:
        await gateway.sessions.revoke_user("staff", staff.id)
    await gateway.authz_changed()
    return await _answer(session, staff, principal)


async def create_staff(session: AsyncSession, gateway: Gateway, body: StaffCreate,
                       principal: Principal) -> dict[str, Any]:
    password_hash = await gateway.passwords.hash(body.password)
    await _check_dept(session, body.dept_id)
    roles = await _roles(session, body.role_ids)
    if await session.scalar(select(Staff.id).where(Staff.username == body.username)) is not None:
        raise Problem(409, "username_taken", "登录名已被使用", errors=[{"field": "username", "message": "已存在"}])
    actor = principal.actor
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
    await session.commit()
    await gateway.authz_changed()
    return await _answer(session, staff, principal)


def _check_version(staff: Staff, version: int) -> None:
    if staff.version != version:
        raise Problem(409, "version_conflict", "该记录已被他人修改，请刷新后重试", current_version=staff.version)


async def update_staff(session: AsyncSession, gateway: Gateway, staff_id: int, body: StaffUpdate, version: int,
                       principal: Principal) -> dict[str, Any]:
    staff = await get_staff(session, staff_id, lock=True)
    _check_version(staff, version)
    await _check_dept(session, body.dept_id)
    roles = await _roles(session, body.role_ids)
    if not body.active:
        _may_disable(staff, principal.id)
    for key, value in body.model_dump(exclude={"role_ids", "version"}).items():
        setattr(staff, key, value)
    staff.roles = roles
    await _new_version(session, staff)
    return await _commit_change(session, gateway, staff, principal)


def _may_disable(staff: Staff, actor_id: int) -> None:
    if staff.superuser:
        raise Problem(409, "superuser_protected", "超级管理员账号不能停用或删除")
    if staff.id == actor_id:
        raise Problem(409, "cannot_disable_self", "不能停用或删除自己的账号")


async def set_active(session: AsyncSession, gateway: Gateway, staff_id: int, active: bool,
                     principal: Principal) -> dict[str, Any]:
    """Enable or disable; disabling ends the account's sessions at once."""
    staff = await get_staff(session, staff_id, lock=True)
    if not active:
        _may_disable(staff, principal.id)
    if staff.active != active:
        staff.active = active
        await _new_version(session, staff)
    return await _commit_change(session, gateway, staff, principal)


async def delete_staff(session: AsyncSession, gateway: Gateway, staff_id: int, principal: Principal) -> None:
    staff = await get_staff(session, staff_id, lock=True)
    _may_disable(staff, principal.id)
    await emit_staff_changed(session, staff, active=False)
    await session.delete(staff)
    await session.commit()
    assert gateway.sessions is not None
    await gateway.sessions.revoke_user("staff", staff_id)
    await gateway.authz_changed()


async def reset_password(session: AsyncSession, gateway: Gateway, staff_id: int, password: str) -> None:
    """A new password ends the account's current sessions."""
    staff = await get_staff(session, staff_id)
    staff.password_hash = await gateway.passwords.hash(password)
    await session.commit()
    assert gateway.sessions is not None
    await gateway.sessions.revoke_user("staff", staff_id)
