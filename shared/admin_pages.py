"""The routes of an admin page that keeps a plain table (escort's 产品管理 and 医院管理, health's 品牌管理, mall's
品牌管理, ...): list, export, detail, create, update, delete. Their logic is the same on every such page: parse,
authorise with the page's permission code, call the page's one service function. So they are made once, here,
from a description of the page, with the page's own typed models, codes, summaries and operation names: the
merged OpenAPI reads exactly as if each route had been written by hand. A page leaves out a route by giving no
service function for it (a page whose rows are switched off instead of deleted has no delete), and adds its own
routes (status moves, imports) to the same router by hand.

No `from __future__ import annotations` in this module: the endpoints' annotations must be the page's model
classes themselves (closure values), which FastAPI reads to document and validate each route.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id
from shared.xlsx import XLSX_MEDIA, Column, xlsx_response

# The documented answer of an export route.
EXPORT: dict[int | str, dict[str, Any]] = {"200": {"content": {XLSX_MEDIA: {}}, "description": "xlsx 文件"}}
Service = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class AdminPage:
    path: str  # "/products"
    id_name: str  # the path parameter: "product_id"
    singular: str  # operation names: get_<singular>, create_..., update_..., delete_...
    plural: str  # list_<plural>, export_<plural>
    label: str  # 产品: the summaries 产品列表, 导出产品, 产品详情, 新增产品, 修改产品, 删除产品
    code: str  # "escort:product": :list (list, export, detail), :create, :update, :delete
    page: type[BaseModel]
    out: type[BaseModel]
    filters: Callable[..., Any]  # the list's and the export's filter dependency
    # The page's service functions, each committing its own change; None leaves the route out:
    list_rows: Service  # (session, filters, params) -> page dict
    get_row: Service | None = None  # (session, id) -> out
    export_rows: Service | None = None  # (session, filters) -> rows
    create_row: Service | None = None  # (session, body, principal) -> out
    update_row: Service | None = None  # (session, id, body, if_match) -> out
    delete_row: Service | None = None  # (session, id) -> None
    create_in: type[BaseModel] | None = None
    patch_in: type[BaseModel] | None = None
    export_name: str = ""  # "陪诊产品.xlsx"
    export_columns: Sequence[Column] = ()
    update_note: str = ""  # after 修改产品 in the update's summary ("（含上下架）")


def add_admin_page(router: APIRouter, p: AdminPage) -> None:
    """Adds the page's routes to `router`, those it has service functions for (export before detail: `/export`
    is not an id)."""
    async def list_page(
        filters: Any = Depends(p.filters), params: PageParams = Depends(page_params),
        session: AsyncSession = Depends(db_session), _: Principal = Depends(Require(f"{p.code}:list")),
    ) -> dict:
        return await p.list_rows(session, filters, params)

    async def export_page(
        filters: Any = Depends(p.filters), session: AsyncSession = Depends(db_session),
        _: Principal = Depends(Require(f"{p.code}:list")),
    ) -> Response:
        return xlsx_response(p.export_name, p.export_columns, await p.export_rows(session, filters))

    # Each route's path parameter keeps the page's own name (alias): `product_id`, not `ident`.
    async def get_one(ident: Annotated[Id, Path(alias=p.id_name)], session: AsyncSession = Depends(db_session),
                      _: Principal = Depends(Require(f"{p.code}:list"))) -> p.out:  # type: ignore[name-defined]
        return await p.get_row(session, ident)

    async def create_one(body: p.create_in, session: AsyncSession = Depends(db_session),  # type: ignore[name-defined]
                         principal: Principal = Depends(Require(f"{p.code}:create"))) -> p.out:  # type: ignore[name-defined]
        return await p.create_row(session, body, principal)

    async def update_one(body: p.patch_in, ident: Annotated[Id, Path(alias=p.id_name)],  # type: ignore[name-defined]
                         if_match: int | None = Depends(expected_version),
                         session: AsyncSession = Depends(db_session),
                         _: Principal = Depends(Require(f"{p.code}:update"))) -> p.out:  # type: ignore[name-defined]
        return await p.update_row(session, ident, body, if_match)

    async def delete_one(ident: Annotated[Id, Path(alias=p.id_name)], session: AsyncSession = Depends(db_session),
                         _: Principal = Depends(Require(f"{p.code}:delete"))) -> Response:
        await p.delete_row(session, ident)
        return Response(status_code=204)

    item = f"{p.path}/{{{p.id_name}}}"
    router.add_api_route(p.path, list_page, methods=["GET"], response_model=p.page,
                         response_model_exclude_unset=True, summary=f"{p.label}列表", name=f"list_{p.plural}")
    if p.export_rows is not None:
        router.add_api_route(f"{p.path}/export", export_page, methods=["GET"], response_class=Response,
                             responses=EXPORT, summary=f"导出{p.label}", name=f"export_{p.plural}")
    if p.get_row is not None:
        router.add_api_route(item, get_one, methods=["GET"], response_model=p.out, summary=f"{p.label}详情",
                             name=f"get_{p.singular}")
    if p.create_row is not None:
        router.add_api_route(p.path, create_one, methods=["POST"], status_code=201, response_model=p.out,
                             summary=f"新增{p.label}", name=f"create_{p.singular}")
    if p.update_row is not None:
        router.add_api_route(item, update_one, methods=["PATCH"], response_model=p.out,
                             summary=f"修改{p.label}{p.update_note}", name=f"update_{p.singular}")
    if p.delete_row is not None:
        router.add_api_route(item, delete_one, methods=["DELETE"], status_code=204, response_class=Response,
                             summary=f"删除{p.label}", name=f"delete_{p.singular}")
