"""/api/cards/entitlements: 合同额度 (what each approved contract allows, and how much is used)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cards.entitlements.models import Entitlement
from cards.entitlements.service import entitlement_dict
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, apply_sort, keyword_clause, list_response, options, page_params, paginate

router = APIRouter(prefix="/api/cards/entitlements", tags=["合同额度"])
SORTABLE = {"approved_at": Entitlement.approved_at, "total_cards": Entitlement.total_cards,
            "contract_id": Entitlement.contract_id}


@router.get("", summary="合同额度列表")
async def list_entitlements(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=64, description="合同名称、编号或客户名称"),
    customer_id: int | None = None,
    owner_id: int | None = None,
    status: Literal["approved", "voided"] | None = Query(None, description="approved 可用, voided 已作废"),
    principal: Principal = Depends(Require("cards:entitlement:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    stmt = select(Entitlement).where(principal.scope.clause(Entitlement.owner_id, Entitlement.dept_id))
    clause = keyword_clause(keyword, Entitlement.contract_name, Entitlement.contract_no, Entitlement.customer_name)
    if clause is not None:
        stmt = stmt.where(clause)
    if customer_id is not None:
        stmt = stmt.where(Entitlement.customer_id == customer_id)
    if owner_id is not None:
        stmt = stmt.where(Entitlement.owner_id == owner_id)
    if status is not None:
        voided = Entitlement.voided_at.is_not(None)
        stmt = stmt.where(voided if status == "voided" else ~voided)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Entitlement.contract_id.desc()])
    rows, total = await paginate(session, stmt, params, row=entitlement_dict)
    extra: dict[str, Any] = {}
    if params.with_options:
        customers = (
            await session.execute(
                select(Entitlement.customer_id, Entitlement.customer_name)
                .where(principal.scope.clause(Entitlement.owner_id, Entitlement.dept_id))
                .distinct()
                .order_by(Entitlement.customer_name)
            )
        ).all()
        extra["customer_list"] = options((c.customer_id, c.customer_name) for c in customers)
        extra["status_list"] = options([("approved", "可用"), ("voided", "已作废")])
    return list_response(rows, total, params, extra)
