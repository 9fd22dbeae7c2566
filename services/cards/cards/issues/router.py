"""/api/cards/issues: 领卡管理."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from cards.common import Keyword, RequestFilters, RequestStatus
from cards.issues import service
from cards.issues.schemas import IssueIn, IssueOut, IssuePage
from cards.making.schemas import CardType
from cards.scoped_routes import add_request_routes, add_scoped_detail
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id

router = APIRouter(prefix="/api/cards/issues", tags=["领卡管理"])


async def request_filters(
    keyword: Keyword | None = Query(None, description="客户名称、合同名称（激活批次还有批次号）"),
    customer_id: Id | None = None,
    contract_id: Id | None = None,
    owner_id: Id | None = Query(None, description="跟进人"),
    status: RequestStatus | None = None,
    date_from: date | None = Query(None, description="申请日期起（含），上海日期 YYYY-MM-DD"),
    date_to: date | None = Query(None, description="申请日期止（含），上海日期 YYYY-MM-DD"),
) -> RequestFilters:
    """The filters of the 领卡 and 激活 lists (one set of names for both)."""
    return RequestFilters(keyword=keyword, customer_id=customer_id, contract_id=contract_id, owner_id=owner_id,
                          status=status, date_from=date_from, date_to=date_to)


@router.get("", summary="领卡申请列表", response_model=IssuePage, response_model_exclude_unset=True)
async def list_issues(
    params: PageParams = Depends(page_params),
    filters: RequestFilters = Depends(request_filters),
    card_type: CardType | None = None,
    principal: Principal = Depends(Require("cards:issue:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.list_issues(session, filters, card_type, principal.scope, params)


add_scoped_detail(router, "/{issue_id}", id_name="issue_id", name="detail", summary="领卡申请详情",
                  response_model=IssueOut, code="cards:issue:list", detail=service.issue_detail)


add_request_routes(router, id_name="issue_id", code="cards:issue", create_summary="申请领卡",
                   review_summary="审核领卡申请（通过即领卡）", create_in=IssueIn, response_model=IssueOut,
                   request=service.request_issue, review=service.review)
