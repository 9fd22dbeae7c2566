"""/api/crm/pool and /api/crm/pool-rules: the 公海管理 page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.ext.asyncio import AsyncSession

from crm.customers.schemas import CustomerFilters, CustomerOut, Industry, Level
from crm.pool import service
from crm.pool.schemas import AssignIn, DueList, PoolPage, RuleIn, RuleKey, RuleList, RuleOut
from crm.schemas import problems
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, check_range, page_params
from shared.types import Day, Id, Text

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


@router.get("/api/crm/pool", response_model=PoolPage, response_model_exclude_unset=True)
async def list_pool(
    params: PageParams = Depends(page_params),
    filters: CustomerFilters = Depends(pool_filters),
    principal: Principal = Depends(Require("crm:pool:list")),
    session: AsyncSession = Depends(db_session),
) -> PoolPage:
    return await service.list_pool(session, principal, filters, params)


@router.get("/api/crm/pool/due", response_model=DueList)
async def due_to_return(
    limit: int = Query(100, ge=1, le=500),
    principal: Principal = Depends(Require("crm:customer:list")),
    session: AsyncSession = Depends(db_session),
) -> DueList:
    """My (my scope's) customers that will return to the pool soon, with the reason and the moment."""
    return await service.list_due(session, principal, limit)


@router.post("/api/crm/pool/{customer_id}/claim", response_model=CustomerOut)
async def claim(
    customer_id: Id,
    principal: Principal = Depends(Require("crm:pool:claim")),
    session: AsyncSession = Depends(db_session),
) -> CustomerOut:
    return await service.claim(session, principal, customer_id)


@router.post("/api/crm/pool/{customer_id}/assign", response_model=CustomerOut)
async def assign(
    customer_id: Id,
    body: AssignIn,
    principal: Principal = Depends(Require("crm:pool:assign")),
    session: AsyncSession = Depends(db_session),
) -> CustomerOut:
    """A pool manager hands a pool customer to a salesperson, within that salesperson's caps."""
    return await service.assign(session, principal, customer_id, body)


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
