"""Reading customers within the caller's data scope: the scope, one customer, the list's filters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import equal_where_given, name_initials, normalise_name, within_days
from crm.customers.models import Customer
from crm.customers.schemas import CustomerFilters
from shared.identity import Principal
from shared.problems import Problem


def scope_clause(principal: Principal) -> ColumnElement[bool]:
    return principal.scope.clause(Customer.owner_id, Customer.dept_id)


def can_see(principal: Principal, customer: Customer) -> bool:
    if customer.owner_id is None:
        # Pool customers belong to nobody: the pool's readers and all-data roles see them.
        return principal.scope.all or principal.can("crm:pool:list")
    return principal.scope.allows(customer.owner_id, customer.dept_id)


async def load_customer(
    session: AsyncSession,
    customer_id: int,
    principal: Principal | None,
    *,
    for_update: bool = False,
    include_deleted: bool = False,
) -> Customer:
    """The customer if the caller may see it; otherwise 404 (never 403: ids are not confirmed)."""
    stmt = select(Customer).where(Customer.id == customer_id)
    if not include_deleted:
        stmt = stmt.where(Customer.deleted_at.is_(None))
    if for_update:
        stmt = stmt.with_for_update()
    customer = (await session.execute(stmt)).scalar_one_or_none()
    if customer is None or (principal is not None and not can_see(principal, customer)):
        raise Problem(404, "not_found", "客户不存在")
    return customer


def search_text(name: str) -> str:
    return f"{name.lower()} {name_initials(name)}"


def keyword_match(keyword: str) -> ColumnElement[bool]:
    """Name or pinyin initials (`ncs` finds 南昌市...), or an exact 18-character credit code."""
    kw = normalise_name(keyword).lower()
    escaped = kw.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    # pg_trgm cannot use fewer than three characters; then a full GIN scan would be the worst plan, so the
    # expression is written so that only the other filters' indexes apply.
    column = Customer.search_text if len(kw) >= 3 else Customer.search_text.concat("")
    match = column.like(f"%{escaped}%")
    if len(kw) == 18 and kw.isalnum():
        return or_(match, Customer.credit_code == kw.upper())
    return match


def filtered(stmt: Select[Any], f: CustomerFilters) -> Select[Any]:
    stmt = stmt.where(Customer.deleted_at.is_not(None) if f.deleted else Customer.deleted_at.is_(None))
    if f.keyword and f.keyword.strip():
        stmt = stmt.where(keyword_match(f.keyword))
    stmt = stmt.where(
        *equal_where_given(
            (Customer.id, f.customer_id),
            (Customer.level, f.level),
            (Customer.admin_level, f.admin_level),
            (Customer.industry, f.industry),
            (Customer.industry_attr, f.industry_attr),
            (Customer.source, f.source),
            (Customer.review_status, f.review_status),
            (Customer.owner_id, f.owner_id),
            (Customer.dept_id, f.dept_id),
            (Customer.locked, f.locked),
        )
    )
    if f.in_pool is not None:
        stmt = stmt.where(Customer.owner_id.is_(None) if f.in_pool else Customer.owner_id.is_not(None))
    return stmt.where(*within_days(Customer.created_at, f.date_from, f.date_to))


def visible_clause(principal: Principal, filters: CustomerFilters) -> ColumnElement[bool]:
    """The customer page shows the caller's data scope; pool customers (nobody's) only when the caller asks for
    them (`in_pool=true`) and may read the pool, or holds an all-data scope."""
    if filters.in_pool and principal.can("crm:pool:list"):
        return Customer.owner_id.is_(None)
    return scope_clause(principal)
