"""Follow-up rules (跟进记录): times that make sense, the customer's no-follow-up clock kept in step, history.
Each public function that changes state commits its transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from crm.common import FOLLOW_UP_METHODS, equal_where_given, keyword_in, utcnow, within_days
from crm.customers.models import Customer
from crm.customers.queries import load_customer, scope_clause
from crm.follow_ups.models import FollowUp
from crm.follow_ups.schemas import (
    DueFollowUpRow,
    DueFollowUps,
    FollowUpCreate,
    FollowUpFilters,
    FollowUpPage,
    FollowUpRow,
    FollowUpUpdate,
)
from crm.history.service import record, record_changes
from crm.staff.service import admin_list_if_asked
from shared.dates import business_date, day_end
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, list_response, paginate
from shared.problems import Problem

SORTABLE = {
    "id": FollowUp.id,
    "followed_at": FollowUp.followed_at,
    "next_at": FollowUp.next_at,
    "created_at": FollowUp.created_at,
}
FIELDS = ("method", "followed_at", "next_at", "next_plan", "note")
DUE_LIMIT = 200


def _filtered(principal: Principal, f: FollowUpFilters) -> Select[tuple[FollowUp, Customer]]:
    return (
        select(FollowUp, Customer)
        .join(Customer, Customer.id == FollowUp.customer_id)
        .where(
            FollowUp.deleted_at.is_(None),
            scope_clause(principal),
            *keyword_in(f.keyword, Customer.name),
            *equal_where_given(
                (FollowUp.customer_id, f.customer_id),
                (Customer.owner_id, f.owner_id),
                (Customer.dept_id, f.dept_id),
                (FollowUp.method, f.method),
            ),
            *within_days(FollowUp.followed_at, f.date_from, f.date_to),
        )
    )


async def list_follow_ups(
    session: AsyncSession, principal: Principal, filters: FollowUpFilters, params: PageParams
) -> FollowUpPage:
    stmt = apply_sort(_filtered(principal, filters), params.sort, SORTABLE, [FollowUp.id.desc()])
    rows, total = await paginate(session, stmt, params, row=lambda r: FollowUpRow.of(*r), scalars=False)
    option_lists = {"method_list": enum_options(FOLLOW_UP_METHODS), **await admin_list_if_asked(session, params)}
    return FollowUpPage(**list_response(rows, total, params, option_lists))


async def list_due(session: AsyncSession, principal: Principal) -> DueFollowUps:
    """My planned follow-ups due today or overdue: a plan is open until a later follow-up of that customer exists."""
    now = utcnow()
    later = aliased(FollowUp)
    stmt = (
        select(FollowUp, Customer)
        .join(Customer, Customer.id == FollowUp.customer_id)
        .where(
            FollowUp.deleted_at.is_(None),
            Customer.deleted_at.is_(None),
            Customer.owner_id == principal.id,
            FollowUp.next_at.is_not(None),
            FollowUp.next_at < day_end(business_date(now)),
            ~select(later.id)
            .where(
                later.customer_id == FollowUp.customer_id,
                later.deleted_at.is_(None),
                later.followed_at > FollowUp.followed_at,
            )
            .exists(),
        )
        .order_by(FollowUp.next_at)
        .limit(DUE_LIMIT)
    )
    rows = [
        DueFollowUpRow.of(f, c, overdue=f.next_at is not None and f.next_at < now)
        for f, c in (await session.execute(stmt)).all()
    ]
    return DueFollowUps(data_list=rows, total=len(rows))


# ---------------------------------------------------------------- writes (each commits)


def _check_times(followed_at: datetime, next_at: datetime | None, now: datetime) -> None:
    if followed_at > now + timedelta(minutes=5):
        raise Problem(
            422,
            "validation_error",
            "跟进时间不能晚于现在",
            errors=[{"field": "followed_at", "message": "不能是将来的时间"}],
        )
    if next_at is not None and next_at < followed_at:
        raise Problem(
            422,
            "invalid_range",
            "计划跟进时间不能早于跟进时间",
            errors=[{"field": "next_at", "message": "不能早于跟进时间"}],
        )


async def _load(session: AsyncSession, follow_up_id: int, principal: Principal) -> tuple[FollowUp, Customer]:
    found = (
        await session.execute(
            select(FollowUp, Customer)
            .join(Customer, Customer.id == FollowUp.customer_id)
            .where(FollowUp.id == follow_up_id, FollowUp.deleted_at.is_(None))
            .with_for_update(of=FollowUp)
        )
    ).first()
    if found is None or not principal.scope.allows(found[1].owner_id, found[1].dept_id):
        raise Problem(404, "not_found", "跟进记录不存在")
    return found[0], found[1]


async def _touch_customer(session: AsyncSession, customer: Customer) -> None:
    """The no-follow-up clock counts from the latest follow-up."""
    await session.flush()
    latest = await session.scalar(
        select(func.max(FollowUp.followed_at)).where(FollowUp.customer_id == customer.id, FollowUp.deleted_at.is_(None))
    )
    customer.last_follow_up_at = latest


def _summary(method: str, followed_at: datetime) -> str:
    return f"{method} {followed_at.isoformat()}"


async def _record_on_customer(
    session: AsyncSession, customer: Customer, action: str, principal: Principal, **summary: str
) -> None:
    """A follow-up added or deleted, in its customer's history: `new=` or `old=` its `_summary`."""
    await record(session, "customer", customer.id, customer.id, action, principal.actor, field="follow_up", **summary)


async def create_follow_up(session: AsyncSession, principal: Principal, body: FollowUpCreate) -> FollowUpRow:
    _check_times(body.followed_at, body.next_at, utcnow())
    customer = await load_customer(session, body.customer_id, principal, for_update=True)
    if customer.owner_id is None:
        raise Problem(409, "customer_in_pool", "公海客户请先领取再跟进")
    follow_up = FollowUp(
        **body.model_dump(),
        owner_id=customer.owner_id,
        created_by_id=principal.id,
        created_by_name=principal.name,
        version=1,
    )
    session.add(follow_up)
    await _touch_customer(session, customer)
    await _record_on_customer(session, customer, "follow_up", principal, new=_summary(body.method, body.followed_at))
    await session.commit()
    return FollowUpRow.of(follow_up, customer)


async def update_follow_up(
    session: AsyncSession, principal: Principal, follow_up_id: int, body: FollowUpUpdate, version: int
) -> FollowUpRow:
    _check_times(body.followed_at, body.next_at, utcnow())
    follow_up, customer = await _load(session, follow_up_id, principal)
    if follow_up.version != version:
        raise Problem(409, "version_conflict", "该记录已被他人修改，请刷新后重试", current_version=follow_up.version)
    before = {k: getattr(follow_up, k) for k in FIELDS}
    for key in FIELDS:
        setattr(follow_up, key, getattr(body, key))
    follow_up.version += 1
    await session.flush()
    await record_changes(
        session,
        "customer",
        customer.id,
        customer.id,
        principal.actor,
        {f"follow_up.{k}": v for k, v in before.items()},
        {f"follow_up.{k}": getattr(follow_up, k) for k in FIELDS},
    )
    await _touch_customer(session, customer)
    await session.commit()
    return FollowUpRow.of(follow_up, customer)


async def delete_follow_up(session: AsyncSession, principal: Principal, follow_up_id: int) -> None:
    follow_up, customer = await _load(session, follow_up_id, principal)
    follow_up.deleted_at = utcnow()
    await _touch_customer(session, customer)
    await _record_on_customer(
        session, customer, "follow_up_delete", principal, old=_summary(follow_up.method, follow_up.followed_at)
    )
    await session.commit()
