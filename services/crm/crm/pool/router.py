"""/api/crm/pool and /api/crm/pool-rules: the 公海管理 page."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload

from crm.common import INDUSTRIES, LEVELS, RELEASE_REASONS, utcnow
from crm.customers.models import Customer
from crm.customers.schemas import Industry, Level
from crm.customers.service import CustomerFilters, customer_row, filtered, scope_clause
from crm.pool import service
from crm.pool.models import GLOBAL_RULE, PoolRule
from crm.pool.schemas import AssignIn, RuleIn
from crm.staff.service import admin_options, get_staff
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, apply_sort, enum_options, list_response, page_params, paginate
from shared.problems import Problem

router = APIRouter(tags=["公海管理"])

SORTABLE = {"id": Customer.id, "name": Customer.name, "level": Customer.level, "released_at": Customer.released_at}


def pool_row(c: Customer) -> dict[str, Any]:
    row = customer_row(c)
    row.update(
        previous_owner_id=c.previous_owner_id,
        previous_owner_name=c.previous_owner_name,
        released_at=c.released_at,
        release_reason=c.release_reason,
        release_note=c.release_note,
    )
    return row


@router.get("/api/crm/pool")
async def list_pool(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=64),
    level: Level | None = None,
    industry: Industry | None = None,
    principal: Principal = Depends(Require("crm:pool:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    stmt = filtered(
        select(Customer).options(raiseload(Customer.contacts)),
        CustomerFilters(keyword=keyword, level=level, industry=industry, in_pool=True),
    )
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Customer.id.desc()])
    rows, total = await paginate(session, stmt, params, row=pool_row)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {
            "level_list": enum_options(LEVELS),
            "industry_list": enum_options(INDUSTRIES),
            "release_reason_list": enum_options(RELEASE_REASONS),
            "admin_list": await admin_options(session) if principal.can("crm:pool:assign") else [],
        }
    return list_response(rows, total, params, option_lists)


@router.get("/api/crm/pool/due")
async def due_to_return(
    limit: int = Query(100, ge=1, le=500),
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    """My (my scope's) customers that will return to the pool soon, with the reason and the moment."""
    rows = await service.due_to_return(session, scope_clause(principal), utcnow(), limit)
    return {"data_list": rows, "total": len(rows)}


@router.post("/api/crm/pool/{customer_id}/claim")
async def claim(
    customer_id: int,
    principal: Principal = Depends(Require("crm:pool:claim")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    staff = await get_staff(session, principal.id, field="claimer")
    customer = await service.take_from_pool(session, customer_id, staff, utcnow(), principal.actor, kind="claim")
    await session.commit()
    return customer_row(customer, full=True)


@router.post("/api/crm/pool/{customer_id}/assign")
async def assign(
    customer_id: int,
    body: AssignIn,
    principal: Principal = Depends(Require("crm:pool:assign")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    """A pool manager hands a pool customer to a salesperson, within that salesperson's caps (seed 001)."""
    staff = await get_staff(session, body.staff_id)
    if not principal.scope.allows(staff.staff_id, staff.dept_id):
        raise Problem(
            422,
            "owner_out_of_scope",
            "不能分配给数据范围以外的员工",
            errors=[{"field": "staff_id", "message": "不在你的数据范围内"}],
        )
    customer = await service.take_from_pool(
        session, customer_id, staff, utcnow(), principal.actor, kind="assign", note=body.note
    )
    await session.commit()
    return customer_row(customer, full=True)


RuleKey = Literal["ALL", "A", "B", "C", "D"]


@router.get("/api/crm/pool-rules")
async def list_rules(
    _: Principal = Depends(Require("crm:pool_rule:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    rules = await service.load_rules(session)
    order = [GLOBAL_RULE, *service.LEVEL_KEYS]
    rows = [service.rule_row(rules[k]) for k in order if k in rules]
    effective = {lv: (r.scope_key if (r := service.effective_rule(rules, lv)) else None) for lv in service.LEVEL_KEYS}
    return {
        "data_list": rows,
        "total": len(rows),
        "effective": effective,
        "scope_list": [{"label": "全部级别", "value": GLOBAL_RULE}, *enum_options(LEVELS)],
    }


@router.put("/api/crm/pool-rules/{scope_key}")
async def put_rule(
    body: RuleIn,
    scope_key: RuleKey = Path(description="ALL（全部级别）或 A/B/C/D"),
    principal: Principal = Depends(Require("crm:pool_rule:update")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    rule = await session.scalar(select(PoolRule).where(PoolRule.scope_key == scope_key).with_for_update())
    values = body.model_dump(exclude={"version"})
    if rule is None:
        rule = PoolRule(scope_key=scope_key, **values, updated_by_name=principal.name, version=1)
        session.add(rule)
    else:
        if body.version is None:
            raise Problem(
                428, "version_required", "更新需要提供 version", errors=[{"field": "version", "message": "必填"}]
            )
        if body.version != rule.version:
            raise Problem(409, "version_conflict", "该规则已被他人修改，请刷新后重试", current_version=rule.version)
        for key, value in values.items():
            setattr(rule, key, value)
        rule.version += 1
        rule.updated_by_name = principal.name
    await session.flush()
    await session.commit()
    return service.rule_row(rule)
