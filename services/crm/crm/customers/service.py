"""Customer rules: normalised unique names, review, locking, release, soft delete, history and events.

Each public function that changes state runs one transaction and commits it (docs/contributing.md, "who
commits"); `add_customer` is the building block the import and the demo loader share, and does not commit.
Reading helpers live in `queries`, name uniqueness in `names`, owner moves in `moves`, the import in
`importing`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload

from crm.common import (
    ADMIN_LEVELS,
    INDUSTRIES,
    INDUSTRY_ATTRS,
    LEVELS,
    RELEASE_REASONS,
    REVIEW_STATUSES,
    SOURCES,
    check_rejection_reason,
    created_by_columns,
    name_initials,
    utcnow,
)
from crm.contracts.models import Contract
from crm.customers.models import Contact, Customer
from crm.customers.moves import emit_updated, move_customer, snapshot
from crm.customers.names import clean_name, ensure_credit_code_free, ensure_name_free, flush_unique
from crm.customers.queries import filtered, load_customer, scope_clause, search_text, visible_clause
from crm.customers.schemas import (
    CustomerCreate,
    CustomerFilters,
    CustomerOut,
    CustomerPage,
    CustomerRow,
    CustomerUpdate,
    HistoryPage,
    LockIn,
    ReleaseIn,
    ReviewIn,
    UnattendedPage,
)
from crm.history.service import customer_timeline, log_export, record, record_changes
from crm.staff.models import Staff
from crm.staff.service import admin_list_if_asked, get_staff
from shared.bus import emit
from shared.events.crm import CustomerCreated
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, list_response, paginate
from shared.problems import Problem

# Fields kept in history on edit (contacts are recorded as one summarised field).
TRACKED_FIELDS = (
    "name",
    "level",
    "admin_level",
    "parent_unit",
    "industry",
    "industry_attr",
    "headcount",
    "credit_code",
    "legal_rep",
    "address",
    "phone",
    "business_scope",
    "source",
    "credit_note",
    "note",
)
SORTABLE = {
    "id": Customer.id,
    "name": Customer.name,
    "level": Customer.level,
    "headcount": Customer.headcount,
    "contract_amount": Customer.contract_amount,
    "payment_amount": Customer.payment_amount,
    "created_at": Customer.created_at,
    "reviewed_at": Customer.reviewed_at,
}
EXPORT_COLUMNS: list[tuple[str, str]] = [
    ("id", "ID"),
    ("name", "客户名称"),
    ("level", "客户级别"),
    ("admin_level", "行政级别"),
    ("parent_unit", "一级单位"),
    ("industry", "行业"),
    ("industry_attr", "行业属性"),
    ("headcount", "人数"),
    ("contract_amount", "成交总额"),
    ("payment_amount", "已回款金额"),
    ("owner_name", "跟进人"),
    ("dept_name", "所属部门"),
    ("review_status_label", "审核状态"),
    ("reviewer_name", "审核人"),
    ("reviewed_at", "审核时间"),
    ("created_by_name", "创建人"),
    ("created_at", "创建时间"),
]
EXPORT_LIMIT = 50000


# ---------------------------------------------------------------- reading


def _check_deleted_access(filters: CustomerFilters, principal: Principal) -> None:
    if filters.deleted and not principal.can("crm:customer:restore"):
        raise Problem(
            403, "permission_denied", "查看已删除客户需要 crm:customer:restore", permission="crm:customer:restore"
        )


def _listed(principal: Principal, filters: CustomerFilters, sort: str | None) -> Any:
    _check_deleted_access(filters, principal)
    stmt = filtered(select(Customer).options(raiseload(Customer.contacts)), filters)
    return apply_sort(stmt.where(visible_clause(principal, filters)), sort, SORTABLE, [Customer.id.desc()])


# The list's fixed option lists, built once: a page asked without `with_options` must not pay for them
# (bench/gateway/run.py measures this list).
_OPTION_LISTS = {
    "status_list": enum_options(REVIEW_STATUSES),
    "level_list": enum_options(LEVELS),
    "admin_level_list": enum_options(ADMIN_LEVELS),
    "industry_list": enum_options(INDUSTRIES),
    "industry_attr_list": enum_options(INDUSTRY_ATTRS),
    "source_list": enum_options(SOURCES),
    "release_reason_list": enum_options(RELEASE_REASONS),
}


async def list_customers(
    session: AsyncSession, principal: Principal, filters: CustomerFilters, params: PageParams
) -> CustomerPage:
    rows, total = await paginate(session, _listed(principal, filters, params.sort), params, row=CustomerRow.of)
    return CustomerPage(**list_response(rows, total, params,
                                        {**await admin_list_if_asked(session, params), **_OPTION_LISTS}))


async def export_customers(
    session: AsyncSession, principal: Principal, filters: CustomerFilters, sort: str | None
) -> list[dict[str, Any]]:
    """The rows of the export (at most EXPORT_LIMIT); the export is logged and committed."""
    customers = (await session.execute(_listed(principal, filters, sort).limit(EXPORT_LIMIT))).scalars().all()
    rows = [
        CustomerRow.of(c).model_dump() | {"reviewer_name": c.reviewer_name, "created_by_name": c.created_by_name}
        for c in customers
    ]
    await log_export(session, "customers", filters.as_dict(), len(rows), principal.actor)
    await session.commit()
    return rows


async def list_unattended(session: AsyncSession, principal: Principal, days: int, params: PageParams) -> UnattendedPage:
    """Claimed or assigned customers without a follow-up since, for `days` days (the manager's list
    of leads to reassign)."""
    cutoff = utcnow() - timedelta(days=days)
    stmt = (
        select(Customer)
        .options(raiseload(Customer.contacts))
        .where(
            Customer.deleted_at.is_(None),
            Customer.owner_id.is_not(None),
            Customer.claimed_at <= cutoff,
            or_(Customer.last_follow_up_at.is_(None), Customer.last_follow_up_at < Customer.claimed_at),
            scope_clause(principal),
        )
    )
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Customer.claimed_at, Customer.id])
    rows, total = await paginate(session, stmt, params, row=CustomerRow.of)
    return UnattendedPage(**list_response(rows, total, params, await admin_list_if_asked(session, params)))


async def read_customer(session: AsyncSession, principal: Principal, customer_id: int) -> CustomerOut:
    return CustomerOut.of(await load_customer(session, customer_id, principal))


async def read_history(
    session: AsyncSession, principal: Principal, customer_id: int, page: int, page_size: int
) -> HistoryPage:
    """The customer's timeline, newest first (a deleted customer's too, for those who may restore it)."""
    await load_customer(session, customer_id, principal, include_deleted=principal.can("crm:customer:restore"))
    rows = await customer_timeline(session, customer_id, page_size, (page - 1) * page_size)
    return HistoryPage(data_list=rows, page=page, page_size=page_size)  # type: ignore[arg-type]


# ---------------------------------------------------------------- writes (each commits)


async def create_customer(session: AsyncSession, principal: Principal, data: CustomerCreate) -> CustomerOut:
    owner = await resolve_owner(session, principal, data)
    customer = await add_customer(session, data, principal.actor, utcnow(), owner=owner)
    await session.commit()
    return CustomerOut.of(customer)


@asynccontextmanager
async def _changing(
    session: AsyncSession, principal: Principal, customer_id: int, *, include_deleted: bool = False
) -> AsyncIterator[Customer]:
    """One write on one customer: locked (within the caller's scope), changed by the block, committed when the
    block ends without an error."""
    customer = await load_customer(session, customer_id, principal, for_update=True, include_deleted=include_deleted)
    yield customer
    await session.commit()


async def update_customer(
    session: AsyncSession, principal: Principal, customer_id: int, data: CustomerUpdate, version: int
) -> CustomerOut:
    async with _changing(session, principal, customer_id) as customer:
        await _apply_update(session, customer, data, version, principal.actor)
    return CustomerOut.of(customer)


async def review_customer(session: AsyncSession, principal: Principal, customer_id: int, body: ReviewIn) -> CustomerOut:
    async with _changing(session, principal, customer_id) as customer:
        await _review(session, customer, body.approved, body.reason, principal.actor, utcnow())
    return CustomerOut.of(customer)


async def set_locked(session: AsyncSession, principal: Principal, customer_id: int, body: LockIn) -> CustomerOut:
    async with _changing(session, principal, customer_id) as customer:
        await _lock(session, customer, body.locked, principal.actor)
    return CustomerOut.of(customer)


async def release_customer(
    session: AsyncSession, principal: Principal, customer_id: int, body: ReleaseIn
) -> CustomerOut:
    """The owner puts the customer back in the public pool, with a reason (放入公海)."""
    async with _changing(session, principal, customer_id) as customer:
        await _release(session, customer, body, principal.actor)
    return CustomerOut.of(customer)


async def delete_customer(session: AsyncSession, principal: Principal, customer_id: int) -> None:
    async with _changing(session, principal, customer_id) as customer:
        await _delete(session, customer, principal.actor)


async def restore_customer(session: AsyncSession, principal: Principal, customer_id: int) -> CustomerOut:
    async with _changing(session, principal, customer_id, include_deleted=True) as customer:
        await _restore(session, customer, principal.actor)
    return CustomerOut.of(customer)


# ---------------------------------------------------------------- building blocks (no commit)


def _contacts(data: CustomerCreate | CustomerUpdate) -> list[Contact]:
    return [Contact(**ct.model_dump()) for ct in data.contacts]


async def add_customer(
    session: AsyncSession,
    data: CustomerCreate,
    actor: Mapping[str, Any],
    now: datetime,
    *,
    owner: Staff | None,
    review_status: str = "pending",
) -> Customer:
    """Adds a customer (first record wins) and queues `crm.CustomerCreated` in the same transaction."""
    name = clean_name(data.name)
    await ensure_name_free(session, name)
    await ensure_credit_code_free(session, data.credit_code)
    fields = data.model_dump(exclude={"name", "owner_id", "to_pool", "contacts"})
    customer = Customer(
        name=name,
        name_initials=name_initials(name),
        search_text=search_text(name),
        **fields,
        owner_id=owner.staff_id if owner else None,
        owner_name=owner.name if owner else "",
        dept_id=owner.dept_id if owner else None,
        dept_name=owner.dept_name if owner else "",
        claimed_at=now if owner else None,
        review_status=review_status,
        **created_by_columns(actor),
        contacts=_contacts(data),
        revision=1,
        version=1,
    )
    if review_status == "approved":
        customer.reviewer_id, customer.reviewer_name, customer.reviewed_at = (
            actor.get("id"),
            actor.get("name") or "",
            now,
        )
    session.add(customer)
    await flush_unique(session, name)
    await record(session, "customer", customer.id, customer.id, "create", actor, new=name)
    await emit(session, "crm", CustomerCreated(**snapshot(customer)))
    return customer


async def _apply_update(
    session: AsyncSession, customer: Customer, data: CustomerUpdate, version: int, actor: Mapping[str, Any]
) -> Customer:
    if customer.version != version:
        raise Problem(409, "version_conflict", "该记录已被他人修改，请刷新后重试", current_version=customer.version)
    changes = data.model_dump(exclude_unset=True, exclude={"version", "contacts"})
    if "name" in changes:
        if changes["name"] is None:
            raise Problem(
                422, "validation_error", "客户名称不能为空", errors=[{"field": "name", "message": "不能为空"}]
            )
        changes["name"] = clean_name(changes["name"])
        await ensure_name_free(session, changes["name"], exclude_id=customer.id)
        changes["name_initials"] = name_initials(changes["name"])
        changes["search_text"] = search_text(changes["name"])
    if "credit_code" in changes:
        await ensure_credit_code_free(session, changes["credit_code"], exclude_id=customer.id)
    before = {k: getattr(customer, k) for k in TRACKED_FIELDS}
    for key, value in changes.items():
        setattr(customer, key, value)
    after = {k: getattr(customer, k) for k in TRACKED_FIELDS if k in changes}
    changed = await record_changes(session, "customer", customer.id, customer.id, actor, before, after)
    if "contacts" in data.model_fields_set:
        old = "、".join(f"{c.name} {c.phone}".strip() for c in customer.contacts)
        customer.contacts = _contacts(data)
        new = "、".join(f"{c.name} {c.phone}".strip() for c in customer.contacts)
        if old != new:
            await record(
                session, "customer", customer.id, customer.id, "update", actor, field="contacts", old=old, new=new
            )
            changed += 1
    if customer.review_status == "rejected" and changed:
        # A rejected customer that is corrected goes back to review.
        await record(
            session,
            "customer",
            customer.id,
            customer.id,
            "resubmit",
            actor,
            field="review_status",
            old="rejected",
            new="pending",
        )
        customer.review_status = "pending"
    customer.version += 1
    await flush_unique(session, customer.name)
    if "name" in changes and changes["name"] != before["name"]:
        # Contracts keep a copy of the customer's name for their lists and events.
        await session.execute(
            update(Contract).where(Contract.customer_id == customer.id).values(customer_name=customer.name)
        )
    await emit_updated(session, customer)
    return customer


async def _review(
    session: AsyncSession, customer: Customer, approved: bool, reason: str, actor: Mapping[str, Any], now: datetime
) -> Customer:
    if customer.review_status != "pending":
        raise Problem(409, "invalid_state", "只有待审核的客户可以审核", status_now=customer.review_status)
    check_rejection_reason(approved, reason)
    new_status = "approved" if approved else "rejected"
    await record(
        session,
        "customer",
        customer.id,
        customer.id,
        "review",
        actor,
        field="review_status",
        old=customer.review_status,
        new=new_status,
        reason=reason,
    )
    customer.review_status = new_status
    customer.reviewer_id, customer.reviewer_name = actor.get("id"), actor.get("name") or ""
    customer.reviewed_at, customer.review_reason = now, reason
    customer.version += 1
    await emit_updated(session, customer)
    return customer


async def _lock(session: AsyncSession, customer: Customer, locked: bool, actor: Mapping[str, Any]) -> None:
    if customer.locked == locked:
        raise Problem(409, "invalid_state", "客户已锁定" if locked else "客户未锁定")
    if locked and customer.owner_id is None:
        raise Problem(409, "invalid_state", "公海客户不能锁定")
    await record(
        session,
        "customer",
        customer.id,
        customer.id,
        "lock" if locked else "unlock",
        actor,
        field="locked",
        old=customer.locked,
        new=locked,
    )
    customer.locked = locked
    customer.version += 1


async def _release(session: AsyncSession, customer: Customer, body: ReleaseIn, actor: Mapping[str, Any]) -> None:
    if customer.owner_id is None:
        raise Problem(409, "invalid_state", "客户已在公海中")
    if customer.locked:
        raise Problem(409, "customer_locked", "客户已锁定，请先解锁再放入公海")
    await move_customer(session, customer, None, actor, utcnow(), action="release", reason=body.reason, note=body.note)


async def _delete(session: AsyncSession, customer: Customer, actor: Mapping[str, Any]) -> None:
    now = utcnow()
    live_contracts = await session.scalar(
        select(func.count())
        .select_from(Contract)
        .where(Contract.customer_id == customer.id, Contract.deleted_at.is_(None), Contract.status == "approved")
    )
    if live_contracts:
        raise Problem(409, "has_contracts", "该客户有已审核的合同，不能删除")
    await record(session, "customer", customer.id, customer.id, "delete", actor, field="deleted_at", new=now)
    customer.deleted_at = now
    customer.version += 1
    await emit_updated(session, customer)


async def _restore(session: AsyncSession, customer: Customer, actor: Mapping[str, Any]) -> None:
    if customer.deleted_at is None:
        raise Problem(409, "invalid_state", "客户未被删除")
    await ensure_name_free(session, customer.name, exclude_id=customer.id)
    await ensure_credit_code_free(session, customer.credit_code, exclude_id=customer.id)
    await record(
        session,
        "customer",
        customer.id,
        customer.id,
        "restore",
        actor,
        field="deleted_at",
        old=customer.deleted_at,
        new=None,
    )
    customer.deleted_at = None
    customer.version += 1
    await emit_updated(session, customer)


async def resolve_owner(session: AsyncSession, principal: Principal, data: CustomerCreate) -> Staff | None:
    """Who a new customer belongs to: nobody (pool), the given staff member (within the caller's scope),
    or the caller."""
    if data.to_pool:
        return None
    staff_id = data.owner_id if data.owner_id is not None else principal.id
    staff = await get_staff(session, staff_id, field="owner_id", caller=principal)
    if staff.staff_id != principal.id and not principal.scope.allows(staff.staff_id, staff.dept_id):
        raise Problem(
            422,
            "owner_out_of_scope",
            "不能把客户分配给数据范围以外的员工",
            errors=[{"field": "owner_id", "message": "不在你的数据范围内"}],
        )
    return staff
