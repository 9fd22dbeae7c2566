"""/api/cards/entitlements: 合同额度 (what each approved contract allows, and how much is used)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from cards.common import Keyword
from cards.entitlements.schemas import EntitlementFilters, EntitlementPage, EntitlementStatus
from cards.entitlements.service import list_entitlements
from cards.scoped_routes import add_scoped_list
from shared.types import Id

router = APIRouter(prefix="/api/cards/entitlements", tags=["合同额度"])


async def entitlement_filters(
    keyword: Keyword | None = Query(None, description="合同名称、编号或客户名称"),
    customer_id: Id | None = None,
    contract_id: Id | None = None,
    owner_id: Id | None = None,
    dept_id: Id | None = None,
    status: EntitlementStatus | None = Query(None, description="approved 可用, voided 已作废"),
) -> EntitlementFilters:
    return EntitlementFilters(keyword=keyword, customer_id=customer_id, contract_id=contract_id, owner_id=owner_id,
                              dept_id=dept_id, status=status)


add_scoped_list(router, "", name="entitlements", summary="合同额度列表", response_model=EntitlementPage,
                code="cards:entitlement:list", filters=entitlement_filters, list_rows=list_entitlements)
