"""/api/cards/issues: 领卡管理."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cards.common import REQUEST_STATUS_LABELS, RequestStatus, ReviewIn
from cards.issues.models import CardIssue
from cards.issues.schemas import IssueIn
from cards.issues.service import create_issue, get_issue, issue_dict, review_issue
from cards.making.schemas import CARD_TYPES
from shared.app import db_session
from shared.idempotency import idempotency_key, run_once
from shared.identity import Principal, Require
from shared.listing import (
    PageParams,
    apply_sort,
    check_range,
    enum_options,
    keyword_clause,
    list_response,
    options,
    page_params,
    paginate,
)

router = APIRouter(prefix="/api/cards/issues", tags=["领卡管理"])
SORTABLE = {"id": CardIssue.id, "created_at": CardIssue.created_at, "quantity": CardIssue.quantity,
            "reviewed_at": CardIssue.reviewed_at}


@router.get("", summary="领卡申请列表")
async def list_issues(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=64, description="客户名称或合同名称"),
    customer_id: int | None = None,
    contract_id: int | None = None,
    card_type: str | None = Query(None, max_length=16),
    status: RequestStatus | None = None,
    created_at_from: datetime | None = None,
    created_at_to: datetime | None = None,
    principal: Principal = Depends(Require("cards:issue:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    check_range("created_at", created_at_from, created_at_to)
    visible = principal.scope.clause(CardIssue.owner_id, CardIssue.owner_dept_id)
    stmt = select(CardIssue).where(visible)
    clause = keyword_clause(keyword, CardIssue.customer_name, CardIssue.contract_name)
    if clause is not None:
        stmt = stmt.where(clause)
    if customer_id is not None:
        stmt = stmt.where(CardIssue.customer_id == customer_id)
    if contract_id is not None:
        stmt = stmt.where(CardIssue.contract_id == contract_id)
    if card_type:
        stmt = stmt.where(CardIssue.card_type == card_type)
    if status:
        stmt = stmt.where(CardIssue.status == status.value)
    if created_at_from:
        stmt = stmt.where(CardIssue.created_at >= created_at_from)
    if created_at_to:
        stmt = stmt.where(CardIssue.created_at <= created_at_to)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [CardIssue.id.desc()])
    rows, total = await paginate(session, stmt, params, row=issue_dict)
    extra: dict[str, Any] = {}
    if params.with_options:
        customers = (
            await session.execute(
                select(CardIssue.customer_id, CardIssue.customer_name).where(visible).distinct()
                .order_by(CardIssue.customer_name)
            )
        ).all()
        extra = {
            "status_list": enum_options(REQUEST_STATUS_LABELS),
            "card_type_list": options((t, t) for t in CARD_TYPES),
            "customer_list": options((c.customer_id, c.customer_name) for c in customers),
        }
    return list_response(rows, total, params, extra)


@router.post("", status_code=201, summary="申请领卡")
async def create(
    data: IssueIn,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:issue:create")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    async def act() -> dict[str, Any]:
        return issue_dict(await create_issue(session, data, principal.actor, principal.scope))

    return await run_once(session, f"issue:create:{principal.id}", key, data.model_dump(), act, status_code=201)


@router.get("/{issue_id}", summary="领卡申请详情")
async def detail(
    issue_id: int,
    principal: Principal = Depends(Require("cards:issue:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return issue_dict(await get_issue(session, issue_id, principal.scope))


@router.post("/{issue_id}/review", summary="审核领卡申请（通过即领卡）")
async def review(
    issue_id: int,
    data: ReviewIn,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:issue:review")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    async def act() -> dict[str, Any]:
        issue = await review_issue(session, issue_id, data.approved, data.reason, principal.actor, principal.scope)
        return issue_dict(issue)

    return await run_once(session, f"issue:review:{issue_id}", key, data.model_dump(), act, status_code=200)
