"""The two routes of a settlement report (its list and its export), made once for every settlement report.

Each report's own router keeps its query parameters (the filter dependency); the routes keep their typed
answer (`Settlement.page`), their permission codes and their operation ids (`name=`), so the merged OpenAPI
reads as if each had been written by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.freshness import QueueProbe, queue_probe
from reports.output import XLSX_ANSWER
from reports.settlement.service import Settlement, SettlementFilters, settlement_export, settlement_page
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params


def settlement_router(
    prefix: str, title: str, code: str, name: str, report: Settlement, filters: Callable[..., Any]
) -> APIRouter:
    """`GET {prefix}` (`{code}:list`) and `GET {prefix}/export` (`{code}:export`) of one settlement report."""
    router = APIRouter(prefix=prefix, tags=[title])

    async def get_report(
        chosen: SettlementFilters = Depends(filters),
        params: PageParams = Depends(page_params),
        probe: QueueProbe | None = Depends(queue_probe),
        _: Principal = Depends(Require(f"{code}:list")),
        session: AsyncSession = Depends(db_session),
    ) -> Any:
        return await settlement_page(session, report, chosen, params, probe)

    async def export_report(
        chosen: SettlementFilters = Depends(filters),
        _: Principal = Depends(Require(f"{code}:export")),
        session: AsyncSession = Depends(db_session),
    ) -> Response:
        return await settlement_export(session, report, chosen)

    router.add_api_route(
        "", get_report, methods=["GET"], response_model=report.page, response_model_exclude_unset=True,
        summary=title, name=f"get_{name}",
    )
    router.add_api_route(
        "/export", export_report, methods=["GET"], response_class=Response, responses=XLSX_ANSWER,
        summary=f"导出{title}", name=f"export_{name}",
    )
    return router
