"""The one route shape the gateway's system pages repeat: a paged list read with the page's filters and its
`:list` (or other) permission, answered by one service function `(session, filters, params) -> page dict`.

The gateway's pages are not `shared.admin_pages` pages: their writes pass the gateway's runtime, the acting
staff member or the body's version to services of their own signatures, and some lists carry the caller's
permissions. Only this list route is the same on them, so only it is made here; each route keeps its own path,
summary, operation name and models, and the parameters stay in the order the hand-written routes had (page
parameters before the filters), so the OpenAPI is unchanged.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.xlsx import XLSX_MEDIA

# The documented answer of the gateway's exports (their own description, not shared.admin_pages' "xlsx 文件").
XLSX_ANSWER: dict[int | str, dict[str, Any]] = {200: {"description": "Excel 文件", "content": {XLSX_MEDIA: {}}}}

ListRows = Callable[[AsyncSession, Any, PageParams], Awaitable[dict[str, Any]]]


def add_list_route(router: APIRouter, path: str, *, name: str, summary: str, page: type[BaseModel],
                   filters: Callable[..., Any], permission: str, list_rows: ListRows) -> None:
    """Adds `GET <path>`: `list_rows(session, filters, params)` for a caller holding `permission`."""
    async def list_page(
        params: PageParams = Depends(page_params),
        page_filters: Any = Depends(filters),
        principal: Principal = Depends(Require(permission)),
        session: AsyncSession = Depends(db_session),
    ) -> dict[str, Any]:
        return await list_rows(session, page_filters, params)

    router.add_api_route(path, list_page, methods=["GET"], response_model=page, response_model_exclude_unset=True,
                         summary=summary, name=name)
