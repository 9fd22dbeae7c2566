"""The routes of a settlement report (its list and its export), through the reports' one route builder.

Each report's own router keeps its query parameters (the filter dependency); the routes keep their typed
answer (`Settlement.page`), their permission codes and their operation ids, so the merged OpenAPI reads as if
each had been written by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.freshness import QueueProbe
from reports.report_routes import add_report_routes
from reports.settlement.service import Settlement, SettlementFilters, settlement_export, settlement_page
from shared.listing import PageParams


def settlement_router(
    prefix: str, title: str, code: str, name: str, report: Settlement, filters: Callable[..., Any]
) -> APIRouter:
    """`GET {prefix}` (`{code}:list`) and `GET {prefix}/export` (`{code}:export`) of one settlement report."""
    router = APIRouter(prefix=prefix, tags=[title])

    async def page(
        session: AsyncSession, chosen: SettlementFilters, params: PageParams, probe: QueueProbe | None
    ) -> Any:
        return await settlement_page(session, report, chosen, params, probe)

    async def export(session: AsyncSession, chosen: SettlementFilters) -> Response:
        return await settlement_export(session, report, chosen)

    add_report_routes(
        router, "", title=title, code=code, name=name, page_model=report.page, filters=filters,
        page=page, export=export,
    )
    return router
