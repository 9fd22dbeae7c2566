"""The routes of cards' admin pages that act within the staff member's data scope: a list, its export and a
detail (cards, activations, issues, red packets, grants, entitlements), and the request and review of a
领卡 or 激活 request. shared/admin_pages.py builds the same kinds of route for plain tables, but its service
functions take no scope and its export is authorised by the list's code; cards hands every call the scope
and exports under a code of its own (`...:export`). The routes made here read exactly as the hand-written
ones did: the same parameters in the same order, names, summaries and codes, so the merged OpenAPI does not
move.

No `from __future__ import annotations` in this module: the endpoints' annotations must be the route's own
values (the path parameter's name), which FastAPI reads to document and validate each route.
"""

from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse, Response

from cards.common import ReviewIn
from shared.app import db_session
from shared.idempotency import idempotency_key
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id
from shared.xlsx import XLSX_MEDIA, Column, xlsx_response

# (session, filters, scope, params) -> the page; (session, filters, scope, sort) -> rows; (session, id, scope) -> one
ListRows = Callable[..., Awaitable[dict[str, Any]]]
ExportRows = Callable[..., Awaitable[Sequence[Any]]]
Detail = Callable[..., Awaitable[dict[str, Any]]]


def add_scoped_list(router: APIRouter, path: str, *, name: str, summary: str, response_model: type[BaseModel],
                    code: str, filters: Callable[..., Any], list_rows: ListRows) -> None:
    """GET `path`: one page of the rows the scope sees, under `code` (cards:<page>:list)."""

    async def list_page(
        params: PageParams = Depends(page_params),
        filters: Any = Depends(filters),
        principal: Principal = Depends(Require(code)),
        session: AsyncSession = Depends(db_session),
    ) -> dict[str, Any]:
        return await list_rows(session, filters, principal.scope, params)

    router.add_api_route(path, list_page, methods=["GET"], summary=summary, response_model=response_model,
                         response_model_exclude_unset=True, name=name)


def add_scoped_export(router: APIRouter, path: str, *, name: str, summary: str, code: str,
                      filters: Callable[..., Any], export_rows: ExportRows, filename: str,
                      columns: Sequence[Column]) -> None:
    """GET `path`: the list's rows as an .xlsx file, with the list's filters and sort, under `code`
    (cards:<page>:export)."""

    async def export(
        filters: Any = Depends(filters),
        sort: str | None = Query(None, description="排序字段，同列表"),
        principal: Principal = Depends(Require(code)),
        session: AsyncSession = Depends(db_session),
    ) -> Response:
        return xlsx_response(filename, columns, await export_rows(session, filters, principal.scope, sort))

    router.add_api_route(path, export, methods=["GET"], summary=summary, response_class=Response,
                         responses={200: {"content": {XLSX_MEDIA: {}}, "description": filename}}, name=name)


def add_scoped_detail(router: APIRouter, path: str, *, id_name: str, name: str, summary: str,
                      response_model: type[BaseModel], code: str, detail: Detail) -> None:
    """GET `path` (ending in {`id_name`}): one row the scope sees, under `code` (cards:<page>:list)."""

    # The path parameter keeps the page's own name (alias): `card_id`, not `ident`.
    async def get_one(
        ident: Annotated[Id, Path(alias=id_name)],
        principal: Principal = Depends(Require(code)),
        session: AsyncSession = Depends(db_session),
    ) -> dict[str, Any]:
        return await detail(session, ident, principal.scope)

    router.add_api_route(path, get_one, methods=["GET"], summary=summary, response_model=response_model, name=name)


def add_request_routes(router: APIRouter, *, id_name: str, code: str, create_summary: str, review_summary: str,
                       create_in: type[BaseModel], response_model: type[BaseModel],
                       request: Callable[..., Awaitable[JSONResponse]],
                       review: Callable[..., Awaitable[JSONResponse]]) -> None:
    """POST "" (申请, under <code>:create) and POST /{`id_name`}/review (审核, under <code>:review) of a
    领卡 or 激活 request, each once per Idempotency-Key; the services answer (and replay) the JSON."""

    async def create(
        data: create_in,  # type: ignore[valid-type]
        key: str | None = Depends(idempotency_key),
        principal: Principal = Depends(Require(f"{code}:create")),
        session: AsyncSession = Depends(db_session),
    ) -> Any:
        return await request(session, data, principal.actor, principal.scope, key)

    async def review_one(
        ident: Annotated[Id, Path(alias=id_name)],
        data: ReviewIn,
        key: str | None = Depends(idempotency_key),
        principal: Principal = Depends(Require(f"{code}:review")),
        session: AsyncSession = Depends(db_session),
    ) -> Any:
        return await review(session, ident, data, principal.actor, principal.scope, key)

    router.add_api_route("", create, methods=["POST"], status_code=201, summary=create_summary,
                         response_model=response_model, name="create")
    router.add_api_route(f"/{{{id_name}}}/review", review_one, methods=["POST"], summary=review_summary,
                         response_model=response_model, name="review")
