"""Owner-change requests (跟进人管理): request -> review; approval moves the customer (or every customer of a
departing salesperson) with its contracts and payments. Each public function that changes state commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import OWNER_CHANGE_STATUSES, check_rejection_reason, keyword_in, utcnow
from crm.customers.models import Customer
from crm.customers.moves import move_customer
from crm.customers.queries import load_customer
from crm.customers.schemas import ReviewIn
from crm.owner_changes.models import OwnerChange
from crm.owner_changes.schemas import (
    OwnerChangeCreate,
    OwnerChangeFilters,
    OwnerChangePage,
    OwnerChangeRow,
    PendingCount,
)
from crm.staff.models import Staff
from crm.staff.service import admin_list_if_asked, get_staff
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, list_response, paginate
from shared.problems import Problem

SORTABLE = {"id": OwnerChange.id, "created_at": OwnerChange.created_at, "reviewed_at": OwnerChange.reviewed_at}


def _scope(principal: Principal) -> ColumnElement[bool]:
    # A request is visible to whoever sees its old owner's customers, or who asked for it.
    return or_(
        principal.scope.clause(OwnerChange.from_owner_id, OwnerChange.from_dept_id),
        OwnerChange.created_by_id == principal.id,
    )


async def _load(session: AsyncSession, change_id: int, principal: Principal) -> OwnerChange:
    change = await session.scalar(
        select(OwnerChange)
        .where(OwnerChange.id == change_id, OwnerChange.deleted_at.is_(None), _scope(principal))
        .with_for_update()
    )
    if change is None:
        raise Problem(404, "not_found", "变更申请不存在")
    return change


def _filtered(principal: Principal, f: OwnerChangeFilters) -> Select[Any]:
    stmt = select(OwnerChange).where(OwnerChange.deleted_at.is_(None), _scope(principal))
    if f.status:
        stmt = stmt.where(OwnerChange.status == f.status)
    stmt = stmt.where(*keyword_in(f.keyword, OwnerChange.customer_name))
    if f.customer_id is not None:
        stmt = stmt.where(OwnerChange.customer_id == f.customer_id)
    if f.owner_id is not None:
        stmt = stmt.where(or_(OwnerChange.from_owner_id == f.owner_id, OwnerChange.to_owner_id == f.owner_id))
    return stmt


async def list_changes(
    session: AsyncSession, principal: Principal, filters: OwnerChangeFilters, params: PageParams
) -> OwnerChangePage:
    stmt = apply_sort(_filtered(principal, filters), params.sort, SORTABLE, [OwnerChange.id.desc()])
    rows, total = await paginate(session, stmt, params, row=OwnerChangeRow.of)
    option_lists = {"status_list": enum_options(OWNER_CHANGE_STATUSES), **await admin_list_if_asked(session, params)}
    return OwnerChangePage(**list_response(rows, total, params, option_lists))


async def pending_count(session: AsyncSession, principal: Principal) -> PendingCount:
    count = await session.scalar(
        select(func.count())
        .select_from(OwnerChange)
        .where(OwnerChange.status == "pending", OwnerChange.deleted_at.is_(None), _scope(principal))
    )
    return PendingCount(pending=int(count or 0))


# ---------------------------------------------------------------- writes (each commits)


def _same_owner() -> Problem:
    return Problem(
        422,
        "validation_error",
        "新跟进人与原跟进人相同",
        errors=[{"field": "to_owner_id", "message": "与原跟进人相同"}],
    )


async def request_change(session: AsyncSession, principal: Principal, body: OwnerChangeCreate) -> OwnerChangeRow:
    to_owner: Staff | None = None
    if body.to_owner_id is not None:
        to_owner = await get_staff(session, body.to_owner_id, field="to_owner_id", caller=principal)
    change = OwnerChange(
        note=body.note,
        to_owner_id=to_owner.staff_id if to_owner else None,
        to_owner_name=to_owner.name if to_owner else "",
        created_by_id=principal.id,
        created_by_name=principal.name,
        status="pending",
    )
    if body.customer_id is not None:
        customer = await load_customer(session, body.customer_id, principal)
        if customer.owner_id is None:
            raise Problem(409, "customer_in_pool", "公海客户请用认领或分配")
        if to_owner is not None and customer.owner_id == to_owner.staff_id:
            raise _same_owner()
        change.kind, change.customer_id, change.customer_name = "customer", customer.id, customer.name
        change.from_owner_id, change.from_owner_name, change.from_dept_id = (
            customer.owner_id,
            customer.owner_name,
            customer.dept_id,
        )
    else:
        leaving = await session.get(Staff, body.from_owner_id)
        if leaving is None:
            raise Problem(
                422, "unknown_staff", "原跟进人不存在", errors=[{"field": "from_owner_id", "message": "员工不存在"}]
            )
        if not principal.scope.allows(leaving.staff_id, leaving.dept_id):
            raise Problem(404, "not_found", "原跟进人不在你的数据范围内")
        if to_owner is not None and to_owner.staff_id == leaving.staff_id:
            raise _same_owner()
        change.kind = "all_of_owner"
        change.from_owner_id, change.from_owner_name, change.from_dept_id = (
            leaving.staff_id,
            leaving.name,
            leaving.dept_id,
        )
    session.add(change)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Problem(409, "pending_exists", "该客户已有待审核的变更申请") from exc
    await session.commit()
    return OwnerChangeRow.of(change)


async def review_change(session: AsyncSession, principal: Principal, change_id: int, body: ReviewIn) -> OwnerChangeRow:
    change = await _load(session, change_id, principal)
    if change.status != "pending":
        raise Problem(409, "invalid_state", "只有待审核的申请可以审核")
    check_rejection_reason(body.approved, body.reason)
    now = utcnow()
    change.reviewer_id, change.reviewer_name, change.reviewed_at = principal.id, principal.name, now
    change.review_reason = body.reason
    if body.approved:
        change.moved_count = await _apply(session, principal, change)
        change.status = "approved"
    else:
        change.status = "rejected"
    await session.commit()
    return OwnerChangeRow.of(change)


async def _apply(session: AsyncSession, principal: Principal, change: OwnerChange) -> int:
    """Moves the request's customers (locked, in id order) to the new owner; returns how many moved."""
    to_owner = (
        await get_staff(session, change.to_owner_id, field="to_owner_id", caller=principal)
        if change.to_owner_id
        else None
    )
    if change.kind == "customer":
        customers = [await load_customer(session, change.customer_id or 0, None, for_update=True)]
        if customers[0].owner_id != change.from_owner_id:
            raise Problem(409, "owner_changed", "客户的跟进人已经变化，请重新申请")
    else:
        customers = list(
            (
                await session.execute(
                    select(Customer)
                    .where(Customer.owner_id == change.from_owner_id, Customer.deleted_at.is_(None))
                    .order_by(Customer.id)
                    .with_for_update()
                )
            )
            .scalars()
            .all()
        )
    reason = f"跟进人变更申请 #{change.id}" + (f"：{change.note}" if change.note else "")
    now = change.reviewed_at or utcnow()
    for customer in customers:
        customer.locked = customer.locked and to_owner is not None  # a customer going to the pool is unlocked
        await move_customer(
            session,
            customer,
            to_owner,
            principal.actor,
            now,
            action="owner_change",
            reason="人员变动" if to_owner is None else "",
            note=reason,
            change_id=change.id,
        )
    return len(customers)


async def delete_change(session: AsyncSession, principal: Principal, change_id: int) -> None:
    change = await _load(session, change_id, principal)
    if change.status != "pending":
        raise Problem(409, "invalid_state", "只能删除待审核的申请")
    change.deleted_at = utcnow()
    await session.commit()
