"""The route shapes the gateway's system pages repeat, made once:

- `add_list_route`: a paged list read with the page's filters and one permission, answered by one service
  function `(session, filters, params) -> page dict` (the logs, 配置项, 角色, 部门).
- `add_directory_routes`: detail, create, update, delete of a row of the staff directory whose writes go
  through the gateway's runtime (they publish events and reload cached authorisations): 角色 and 部门.

The gateway's pages are not `shared.admin_pages` pages: their writes pass the gateway's runtime, the acting
staff member and the version resolved from the body or If-Match to services of their own signatures, and their
dependencies come in another order. Each route keeps its own path, summary, operation name and models, and the
parameters stay in the order the hand-written routes had, so the OpenAPI is unchanged.

No `from __future__ import annotations`: the endpoints' annotations must be the page's model classes themselves
(closure values), which FastAPI reads to document and validate each route.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from gateway.runtime import Gateway, runtime
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id
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


@dataclass(frozen=True)
class DirectoryPage:
    path: str  # "" under the router's prefix
    id_name: str  # the path parameter: "role_id"
    singular: str  # operation names: get_<singular>, create_..., update_..., delete_...
    label: str  # 角色: the summaries 角色详情, 新增角色, 修改角色, 删除角色
    code: str  # "system:role": :list (detail), :create, :update, :delete
    out: type[BaseModel]
    create_in: type[BaseModel]
    update_in: type[BaseModel]  # has `version`, which If-Match may give instead
    get_row: Callable[[AsyncSession, int], Awaitable[dict[str, Any]]]
    create_row: Callable[[AsyncSession, Gateway, Any, dict[str, Any]], Awaitable[dict[str, Any]]]  # (.., actor)
    update_row: Callable[[AsyncSession, Gateway, int, Any, int], Awaitable[dict[str, Any]]]  # (.., id, body, version)
    delete_row: Callable[[AsyncSession, Gateway, int], Awaitable[None]]
    update_note: str = ""  # after 修改角色 in the update's summary ("（权限与数据范围即时生效）")


def add_directory_routes(router: APIRouter, p: DirectoryPage) -> None:
    """Adds `GET`, `PUT`, `DELETE <path>/{id}` and `POST <path>` (add any `<path>/<word>` route first: a word is
    not an id)."""
    # Each route's path parameter keeps the page's own name (alias): `role_id`, not `ident`.
    async def get_one(ident: Annotated[Id, Path(alias=p.id_name)],
                      principal: Principal = Depends(Require(f"{p.code}:list")),
                      session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
        return await p.get_row(session, ident)

    async def create_one(body: p.create_in,  # type: ignore[name-defined]
                         principal: Principal = Depends(Require(f"{p.code}:create")),
                         session: AsyncSession = Depends(db_session),
                         gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
        return await p.create_row(session, gateway, body, principal.actor)

    async def update_one(ident: Annotated[Id, Path(alias=p.id_name)], body: p.update_in,  # type: ignore[name-defined]
                         if_match: int | None = Depends(expected_version),
                         principal: Principal = Depends(Require(f"{p.code}:update")),
                         session: AsyncSession = Depends(db_session),
                         gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
        return await p.update_row(session, gateway, ident, body, resolve_version(body.version, if_match))

    async def delete_one(ident: Annotated[Id, Path(alias=p.id_name)],
                         principal: Principal = Depends(Require(f"{p.code}:delete")),
                         session: AsyncSession = Depends(db_session),
                         gateway: Gateway = Depends(runtime)) -> Response:
        await p.delete_row(session, gateway, ident)
        return Response(status_code=204)

    item = f"{p.path}/{{{p.id_name}}}"
    router.add_api_route(item, get_one, methods=["GET"], response_model=p.out, summary=f"{p.label}详情",
                         name=f"get_{p.singular}")
    router.add_api_route(p.path, create_one, methods=["POST"], status_code=201, response_model=p.out,
                         summary=f"新增{p.label}", name=f"create_{p.singular}")
    router.add_api_route(item, update_one, methods=["PUT"], response_model=p.out,
                         summary=f"修改{p.label}{p.update_note}", name=f"update_{p.singular}")
    router.add_api_route(item, delete_one, methods=["DELETE"], status_code=204, response_class=Response,
                         summary=f"删除{p.label}", name=f"delete_{p.singular}")
