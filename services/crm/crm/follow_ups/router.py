"""/api/crm/follow-ups: the 跟进记录管理 page and the due-today/overdue list of the current user."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from crm.common import FOLLOW_UP_METHODS, utcnow
from crm.customers.models import Customer
from crm.customers.service import load_customer
from crm.customers.service import scope_clause as customer_scope
from crm.follow_ups.models import FollowUp
from crm.follow_ups.schemas import FollowUpCreate, FollowUpMethod, FollowUpUpdate
from crm.history.service import record, record_changes
from crm.staff.service import admin_options
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.dates import business_date, day_end
from shared.identity import Principal, Require
from shared.listing import PageParams, apply_sort, check_range, enum_options, list_response, page_params
from shared.problems import Problem

router = APIRouter(prefix="/api/crm/follow-ups", tags=["跟进记录管理"])
SORTABLE = {
    "id": FollowUp.id,
    "followed_at": FollowUp.followed_at,
    "next_at": FollowUp.next_at,
    "created_at": FollowUp.created_at,
}
FIELDS = ("method", "followed_at", "next_at", "next_plan", "note")


def row(f: FollowUp, c: Customer) -> dict[str, Any]:
    return {
        "id": f.id,
        "customer_id": f.customer_id,
        "customer_name": c.name,
        "owner_id": c.owner_id,
        "owner_name": c.owner_name,
        "method": f.method,
        "followed_at": f.followed_at,
        "next_at": f.next_at,
        "next_plan": f.next_plan,
        "note": f.note,
        "created_by": {"id": f.created_by_id, "name": f.created_by_name},
        "created_at": f.created_at,
        "updated_at": f.updated_at,
        "version": f.version,
    }


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
    latest = await session.scalar(
        select(func.max(FollowUp.followed_at)).where(FollowUp.customer_id == customer.id, FollowUp.deleted_at.is_(None))
    )
    customer.last_follow_up_at = latest


@router.get("")
async def list_follow_ups(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=64, description="客户名称"),
    customer_id: int | None = None,
    owner_id: int | None = None,
    method: FollowUpMethod | None = None,
    followed_from: datetime | None = None,
    followed_to: datetime | None = None,
    principal: Principal = Depends(Require("crm:follow_up:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    check_range("followed", followed_from, followed_to)
    stmt = (
        select(FollowUp, Customer)
        .join(Customer, Customer.id == FollowUp.customer_id)
        .where(FollowUp.deleted_at.is_(None), customer_scope(principal))
    )
    if keyword and keyword.strip():
        stmt = stmt.where(Customer.name.ilike(f"%{keyword.strip()}%"))
    for column, value in (
        (FollowUp.customer_id, customer_id),
        (Customer.owner_id, owner_id),
        (FollowUp.method, method),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if followed_from is not None:
        stmt = stmt.where(FollowUp.followed_at >= followed_from)
    if followed_to is not None:
        stmt = stmt.where(FollowUp.followed_at <= followed_to)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [FollowUp.id.desc()])
    total = int(await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
    result = await session.execute(stmt.limit(params.page_size).offset(params.offset))
    rows = [row(f, c) for f, c in result.all()]
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {"method_list": enum_options(FOLLOW_UP_METHODS), "admin_list": await admin_options(session)}
    return list_response(rows, total, params, option_lists)


@router.get("/due")
async def due_follow_ups(
    principal: Principal = Depends(Require("crm:follow_up:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
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
                and_(
                    later.customer_id == FollowUp.customer_id,
                    later.deleted_at.is_(None),
                    or_(later.followed_at > FollowUp.followed_at),
                )
            )
            .exists(),
        )
        .order_by(FollowUp.next_at)
        .limit(200)
    )
    rows = [
        row(f, c) | {"overdue": f.next_at is not None and f.next_at < now}
        for f, c in (await session.execute(stmt)).all()
    ]
    return {"data_list": rows, "total": len(rows)}


@router.post("", status_code=201)
async def create_follow_up(
    body: FollowUpCreate,
    principal: Principal = Depends(Require("crm:follow_up:create")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    now = utcnow()
    _check_times(body.followed_at, body.next_at, now)
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
    await session.flush()
    await _touch_customer(session, customer)
    await record(
        session,
        "customer",
        customer.id,
        customer.id,
        "follow_up",
        principal.actor,
        field="follow_up",
        new=f"{body.method} {body.followed_at.isoformat()}",
    )
    await session.commit()
    return row(follow_up, customer)


@router.put("/{follow_up_id}")
async def update_follow_up(
    follow_up_id: int,
    body: FollowUpUpdate,
    if_match: int | None = Depends(expected_version),
    principal: Principal = Depends(Require("crm:follow_up:update")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    version = resolve_version(body.version, if_match)
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
    return row(follow_up, customer)


@router.delete("/{follow_up_id}", status_code=204)
async def delete_follow_up(
    follow_up_id: int,
    principal: Principal = Depends(Require("crm:follow_up:delete")),
    session: AsyncSession = Depends(db_session),
) -> None:
    follow_up, customer = await _load(session, follow_up_id, principal)
    follow_up.deleted_at = utcnow()
    await session.flush()
    await _touch_customer(session, customer)
    await record(
        session,
        "customer",
        customer.id,
        customer.id,
        "follow_up_delete",
        principal.actor,
        field="follow_up",
        old=f"{follow_up.method} {follow_up.followed_at.isoformat()}",
    )
    await session.commit()
