"""Departments: a tree; a move may not create a cycle; a department in use is not deleted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.authz import department_parents, descendants
from gateway.departments.models import Department
from gateway.departments.schemas import DepartmentIn, DepartmentUpdate
from gateway.runtime import Gateway
from gateway.staff.events import emit_staff_changed
from gateway.staff.models import Staff
from shared.concurrency import update_versioned
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, options, paginate
from shared.problems import Problem, field_error, not_found

STATUS_LABELS = {True: "启用", False: "停用"}
SORTABLE = {"id": Department.id, "name": Department.name, "sort": Department.sort,
            "created_at": Department.created_at}


@dataclass(frozen=True)
class DepartmentFilters:
    keyword: str | None = None  # name or leader
    parent_id: int | None = None
    active: bool | None = None


def department_row(dept: Department, names: dict[int, str], staff_counts: dict[int, int]) -> dict[str, Any]:
    return {
        "id": dept.id, "name": dept.name, "parent_id": dept.parent_id,
        "parent_name": names.get(dept.parent_id, "") if dept.parent_id else "",
        "leader": dept.leader, "phone": dept.phone, "sort": dept.sort, "active": dept.active,
        "status": STATUS_LABELS[dept.active], "staff_count": staff_counts.get(dept.id, 0),
        "created_by_id": dept.created_by_id, "created_by_name": dept.created_by_name,
        "created_at": dept.created_at, "updated_at": dept.updated_at, "version": dept.version,
    }


async def names_and_counts(session: AsyncSession) -> tuple[dict[int, str], dict[int, int]]:
    names = {row.id: row.name for row in await session.execute(select(Department.id, Department.name))}
    counts = {row.dept_id: row.n for row in await session.execute(
        select(Staff.dept_id, func.count().label("n")).group_by(Staff.dept_id))}
    return names, counts


async def list_departments(session: AsyncSession, filters: DepartmentFilters, params: PageParams) -> dict[str, Any]:
    stmt = select(Department)
    clause = keyword_clause(filters.keyword, Department.name, Department.leader)
    if clause is not None:
        stmt = stmt.where(clause)
    if filters.parent_id is not None:
        stmt = stmt.where(Department.parent_id == filters.parent_id)
    if filters.active is not None:
        stmt = stmt.where(Department.active == filters.active)
    stmt = apply_sort(stmt, params.sort, SORTABLE, (Department.sort, Department.id))
    rows, total = await paginate(session, stmt, params)
    names, counts = await names_and_counts(session)
    return list_response(
        [department_row(d, names, counts) for d in rows], total, params,
        {"status_list": lambda: enum_options({"true": "启用", "false": "停用"}),
         "dept_list": lambda: options(sorted(names.items()))},
    )


async def department_tree(session: AsyncSession, active: bool | None) -> dict[str, Any]:
    stmt = select(Department)
    if active is not None:
        stmt = stmt.where(Department.active == active)
    depts = (await session.scalars(stmt)).all()
    names, counts = await names_and_counts(session)
    return {"data_list": tree([department_row(d, names, counts) for d in depts])}


async def department_detail(session: AsyncSession, dept_id: int) -> dict[str, Any]:
    dept = await session.get(Department, dept_id)
    if dept is None:
        raise not_found("部门")
    return await _answer(session, dept)


async def _answer(session: AsyncSession, dept: Department) -> dict[str, Any]:
    names, counts = await names_and_counts(session)
    return department_row(dept, names, counts)


async def _check_parent(session: AsyncSession, parent_id: int | None, moving_id: int | None = None) -> None:
    if parent_id is None:
        return
    if await session.get(Department, parent_id) is None:
        raise field_error("parent_id", "上级部门不存在")
    if moving_id is not None and parent_id in descendants(moving_id, await department_parents(session)):
        raise field_error("parent_id", "上级部门不能是自己或自己的下级", code="department_cycle")


async def create_department(session: AsyncSession, gateway: Gateway, body: DepartmentIn,
                            actor: dict[str, Any]) -> dict[str, Any]:
    await _check_parent(session, body.parent_id)
    dept = Department(**body.model_dump(), created_by_id=actor["id"], created_by_name=actor["name"])
    session.add(dept)
    await session.commit()
    await gateway.authz_changed()
    await session.refresh(dept)
    return await _answer(session, dept)


async def update_department(session: AsyncSession, gateway: Gateway, dept_id: int, body: DepartmentUpdate,
                            version: int) -> dict[str, Any]:
    """A rename is sent to the other services (their staff directories show 所属部门) in the same commit."""
    current = await session.get(Department, dept_id)
    if current is None:
        raise not_found("部门")
    await _check_parent(session, body.parent_id, moving_id=dept_id)
    renamed = current.name != body.name
    values = body.model_dump(exclude={"version"})
    dept = await update_versioned(session, Department, dept_id, version, values)
    if renamed:
        # Other services show 所属部门 from the staff directory: tell them about everyone in it.
        session.expire_all()
        for staff in (await session.scalars(select(Staff).where(Staff.dept_id == dept_id))).all():
            await emit_staff_changed(session, staff)
    await session.commit()
    await gateway.authz_changed()
    await session.refresh(dept)
    return await _answer(session, dept)


async def delete_department(session: AsyncSession, gateway: Gateway, dept_id: int) -> None:
    dept = await session.get(Department, dept_id)
    if dept is None:
        raise not_found("部门")
    if await session.scalar(select(func.count()).select_from(Department).where(Department.parent_id == dept_id)):
        raise Problem(409, "department_has_children", "该部门下还有子部门，不能删除")
    if await session.scalar(select(func.count()).select_from(Staff).where(Staff.dept_id == dept_id)):
        raise Problem(409, "department_has_staff", "该部门下还有员工，不能删除")
    await session.delete(dept)
    await session.commit()
    await gateway.authz_changed()


def tree(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_parent: dict[int | None, list[dict[str, Any]]] = {}
    for row in rows:
        by_parent.setdefault(row["parent_id"], []).append(row)
    ids = {row["id"] for row in rows}

    def build(parent: int | None) -> list[dict[str, Any]]:
        return [{**row, "children": build(row["id"])}
                for row in sorted(by_parent.get(parent, []), key=lambda r: (r["sort"], r["id"]))]

    # Roots: no parent, or a parent filtered out of `rows`.
    roots = [p for p in by_parent if p is None or p not in ids]
    return [node for parent in roots for node in build(parent)]
