"""/api/crm/pool and /api/crm/pool-rules: the 公海管理 page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import add_scoped_listing, add_scoped_route
from crm.customers.schemas import CustomerFilters, CustomerOut, Industry, Level
from crm.pool import service
from crm.pool.schemas import AssignIn, DueList, PoolPage, RuleIn, RuleKey, RuleList, RuleOut
from crm.schemas import problems
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import check_range
from shared.types import Day, Text

router = APIRouter(tags=["公海管理"])


async def pool_filters(
    keyword: Text | None = Query(None, max_length=64, description="客户名称、拼音首字母或统一社会信用代码"),
    level: Level | None = None,
    industry: Industry | None = None,
    date_from: Day | None = Query(None, description="创建日期起（含），上海日期 YYYY-MM-DD"),
    date_to: Day | None = Query(None, description="创建日期止（含）"),
) -> CustomerFilters:
    check_range("date", date_from, date_to)
    return CustomerFilters(
        keyword=keyword, level=level, industry=industry, date_from=date_from, date_to=date_to, in_pool=True
    )


add_scoped_listing(
    router, path="/api/crm/pool", plural="pool", code="crm:pool", page=PoolPage, filters=pool_filters,
    list_rows=service.list_pool,
)


@router.get("/api/crm/pool/due", response_model=DueList)
async def due_to_return(
    limit: int = Query(100, ge=1, le=500),
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> DueList:
    """My (my scope's) customers that will return to the pool soon, with the reason and the moment."""
    return await service.list_due(session, principal, limit)


add_scoped_route(router, "POST", "/api/crm/pool/{customer_id}/claim", service.claim, name="claim",
                 permission="crm:pool:claim", response_model=CustomerOut)
add_scoped_route(router, "POST", "/api/crm/pool/{customer_id}/assign", service.assign, name="assign",
                 permission="crm:pool:assign", body_model=AssignIn, response_model=CustomerOut,
                 description="A pool manager hands a pool customer to a salesperson, within that salesperson's caps.")


@router.get("/api/crm/pool-rules", response_model=RuleList)
async def list_rules(
    _: Principal = Depends(Require("crm:pool_rule:list")),
    session: AsyncSession = Depends(db_session),
) -> RuleList:
    return await service.list_rules(session)


@router.put("/api/crm/pool-rules/{scope_key}", response_model=RuleOut, responses=problems(428))
async def put_rule(
    body: RuleIn,
    scope_key: RuleKey = Path(description="ALL（全部级别）或 A/B/C/D"),
    principal: Principal = Depends(Require("crm:pool_rule:update")),
    session: AsyncSession = Depends(db_session),
) -> RuleOut:
    return await service.put_rule(session, principal, scope_key, body)
