"""The two routes every report has (its list and its .xlsx export), made once for all of them.

Each report's router keeps what differs: its query parameters (the filter dependency) and the service
functions that answer. The routes keep their typed answer, permission codes, summaries, tags and operation ids
(`name=`, the hand-written endpoints' names), so the merged OpenAPI reads as if each had been written by hand.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.freshness import QueueProbe, queue_probe
from reports.output import XLSX_ANSWER
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params

# (session, filters, params, probe[, scope=]) -> the typed page; (session, filters[, scope=]) -> the .xlsx file
PageOf = Callable[..., Awaitable[Any]]
ExportOf = Callable[..., Awaitable[Response]]


def add_report_routes(
    router: APIRouter,
    path: str,
    *,
    title: str,
    code: str,
    name: str,
    page_model: type[BaseModel],
    filters: Callable[..., Any],
    page: PageOf,
    export: ExportOf,
    scoped: bool = False,
    tags: list[str] | None = None,
) -> None:
    """`GET {path}` (`{code}:list`, operation `get_{name}`) and `GET {path}/export` (`{code}:export`,
    `export_{name}`). A `scoped` report shows only what the caller's data scope covers, so its functions are
    handed that scope as `scope=`."""

    async def get_report(
        chosen: Any = Depends(filters),
        params: PageParams = Depends(page_params),
        probe: QueueProbe | None = Depends(queue_probe),
        principal: Principal = Depends(Require(f"{code}:list")),
        session: AsyncSession = Depends(db_session),
    ) -> Any:
        return await page(session, chosen, params, probe, **_scope(principal, scoped))

    async def export_report(
        chosen: Any = Depends(filters),
        principal: Principal = Depends(Require(f"{code}:export")),
        session: AsyncSession = Depends(db_session),
    ) -> Response:
        return await export(session, chosen, **_scope(principal, scoped))

    router.add_api_route(
        path, get_report, methods=["GET"], response_model=page_model, response_model_exclude_unset=True,
        summary=title, name=f"get_{name}", tags=tags,
    )
    router.add_api_route(
        f"{path}/export", export_report, methods=["GET"], response_class=Response, responses=XLSX_ANSWER,
        summary=f"导出{title}", name=f"export_{name}", tags=tags,
    )


def _scope(principal: Principal, scoped: bool) -> dict[str, Any]:
    return {"scope": principal.scope} if scoped else {}
