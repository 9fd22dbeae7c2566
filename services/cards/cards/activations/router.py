"""/api/cards/activations: 激活管理."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cards.activations.models import Activation
from cards.activations.schemas import ActivationIn
from cards.activations.service import activation_dict, create_activation, get_activation, review_activation
from cards.common import REQUEST_STATUS_LABELS, RequestStatus, ReviewIn
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

router = APIRouter(prefix="/api/cards/activations", tags=["激活管理"])
SORTABLE = {"id": Activation.id, "created_at": Activation.created_at, "quantity": Activation.quantity,
            "latest_activation_at": Activation.latest_activation_at, "reviewed_at": Activation.reviewed_at}


@router.get("", summary="激活批次列表")
async def list_activations(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=64, description="激活批次号、客户名称或合同名称"),
    customer_id: int | None = None,
    contract_id: int | None = None,
    status: RequestStatus | None = None,
    created_at_from: datetime | None = None,
    created_at_to: datetime | None = None,
    principal: Principal = Depends(Require("cards:activation:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    check_range("created_at", created_at_from, created_at_to)
    visible = principal.scope.clause(Activation.owner_id, Activation.owner_dept_id)
    stmt = select(Activation).where(visible)
    clause = keyword_clause(keyword, Activation.batch_no, Activation.customer_name, Activation.contract_name)
    if clause is not None:
        stmt = stmt.where(clause)
    if customer_id is not None:
        stmt = stmt.where(Activation.customer_id == customer_id)
    if contract_id is not None:
        stmt = stmt.where(Activation.contract_id == contract_id)
    if status:
        stmt = stmt.where(Activation.status == status.value)
    if created_at_from:
        stmt = stmt.where(Activation.created_at >= created_at_from)
    if created_at_to:
        stmt = stmt.where(Activation.created_at <= created_at_to)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Activation.id.desc()])
    rows, total = await paginate(session, stmt, params, row=activation_dict)
    extra: dict[str, Any] = {}
    if params.with_options:
        customers = (
            await session.execute(
                select(Activation.customer_id, Activation.customer_name).where(visible).distinct()
                .order_by(Activation.customer_name)
            )
        ).all()
        extra = {
            "status_list": enum_options(REQUEST_STATUS_LABELS),
            "customer_list": options((c.customer_id, c.customer_name) for c in customers),
        }
    return list_response(rows, total, params, extra)


@router.post("", status_code=201, summary="申请激活（充值）批次")
async def create(
    data: ActivationIn,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:activation:create")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    async def act() -> dict[str, Any]:
        return activation_dict(await create_activation(session, data, principal.actor, principal.scope))

    return await run_once(session, f"activation:create:{principal.id}", key, data.model_dump(), act, status_code=201)


@router.get("/{activation_id}", summary="激活批次详情")
async def detail(
    activation_id: int,
    principal: Principal = Depends(Require("cards:activation:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return activation_dict(await get_activation(session, activation_id, principal.scope))


@router.post("/{activation_id}/review", summary="审核激活批次（通过即充值）")
async def review(
    activation_id: int,
    data: ReviewIn,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:activation:review")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    async def act() -> dict[str, Any]:
        return activation_dict(await review_activation(
            session, activation_id, data.approved, data.reason, principal.actor, principal.scope
        ))

    return await run_once(session, f"activation:review:{activation_id}", key, data.model_dump(), act, status_code=200)
