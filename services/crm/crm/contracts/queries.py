"""Reading contracts within the caller's data scope: the scope, one contract (locked in the one lock order),
the list's filters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import equal_where_given, keyword_in, utcnow, within_days
from crm.contracts.models import Contract
from crm.contracts.schemas import ContractFilters
from crm.customers.locks import lock_customer_of
from shared.dates import business_date
from shared.identity import Principal
from shared.problems import Problem


def scope_clause(principal: Principal) -> ColumnElement[bool]:
    return principal.scope.clause(Contract.owner_id, Contract.dept_id)


async def load_contract(
    session: AsyncSession, contract_id: int, principal: Principal | None, *, for_update: bool = False
) -> Contract:
    """The contract if the caller may see it, else 404; `for_update` locks its customer first, then it."""
    stmt = select(Contract).where(Contract.id == contract_id, Contract.deleted_at.is_(None))
    if for_update:
        await lock_customer_of(session, Contract.__table__, contract_id)
        stmt = stmt.with_for_update()
    contract = (await session.execute(stmt)).scalar_one_or_none()
    if contract is None or (principal is not None and not principal.scope.allows(contract.owner_id, contract.dept_id)):
        raise Problem(404, "not_found", "合同不存在")
    return contract


def contract_keyword(keyword: str | None) -> list[ColumnElement[bool]]:
    """A contract matches the keyword box by its name, its number or its customer's name (the payment list finds
    its payments' contracts so too)."""
    return keyword_in(keyword, Contract.name, Contract.contract_no, Contract.customer_name)


def filtered(principal: Principal, f: ContractFilters) -> Select[Any]:
    stmt = select(Contract).where(
        Contract.deleted_at.is_(None),
        scope_clause(principal),
        *contract_keyword(f.keyword),
        *equal_where_given(
            (Contract.status, f.status),
            (Contract.customer_id, f.customer_id),
            (Contract.owner_id, f.owner_id),
            (Contract.dept_id, f.dept_id),
            (Contract.contract_type, f.contract_type),
            (Contract.parent_id, f.parent_id),
        ),
    )
    if f.top_only:
        stmt = stmt.where(Contract.parent_id.is_(None))
    stmt = stmt.where(*within_days(Contract.signed_at, f.date_from, f.date_to))
    if f.end_from is not None:
        stmt = stmt.where(Contract.end_date >= f.end_from)
    if f.end_to is not None:
        stmt = stmt.where(Contract.end_date <= f.end_to)
    today = business_date(utcnow())
    if f.expiring_within is not None:
        stmt = stmt.where(Contract.end_date >= today, Contract.end_date <= today + timedelta(days=f.expiring_within))
    if f.expired is not None:
        stmt = stmt.where(
            Contract.end_date < today if f.expired else or_(Contract.end_date.is_(None), Contract.end_date >= today)
        )
    if f.outstanding is not None:
        stmt = stmt.where(
            Contract.payment_amount < Contract.amount if f.outstanding else Contract.payment_amount >= Contract.amount
        )
    return stmt
