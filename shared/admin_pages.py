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

import inspect
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

XLSX_DESCRIPTION = "xlsx 文件"


def export_responses(description: str | None) -> dict[int | str, dict[str, Any]]:
    """The documented answer of an export route; no description leaves FastAPI's own ("Successful Response")."""
    return {"200": {"content": {XLSX_MEDIA: {}}, **({} if description is None else {"description": description})}}


EXPORT = export_responses(XLSX_DESCRIPTION)
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
    # Optional differences of other pages (mall's), each default keeping the pages above as they are:
    create_note: str = ""  # after 新增商品 in the create's summary ("（含规格 SKU）")
    delete_note: str = ""  # after 删除品牌 in the delete's summary ("（有商品时不能删除）")
    update_method: str = "PATCH"  # "PUT" where the update sends the whole row
    export_action: str = "list"  # "export" where exporting is a permission of its own (mall:brand:export)
    export_description: str | None = XLSX_DESCRIPTION  # of the export's 200; None: FastAPI's default
    # A dependency whose answer delete_row takes last, (session, id, answer): what a delete needs beyond the
    # session (mall drops the row's pictures from the file storage of the app).
    delete_context: Callable[..., Any] | None = None
    # Health's pages (each default keeping the pages above as they are):
    page_params_first: bool = False  # the list documents page, page_size, sort, with_options before the filters
    detail_note: str = ""  # after 套餐详情 in the detail's summary ("（含套餐单项）")


async def _no_context() -> None:
    """The delete context of a page that needs none."""


def add_admin_page(router: APIRouter, p: AdminPage) -> None:
    """Adds the page's routes to `router`, those it has service functions for (export before detail: `/export`
    is not an id)."""
    async def list_page(
        filters: Any = Depends(p.filters), params: PageParams = Depends(page_params),
        session: AsyncSession = Depends(db_session), _: Principal = Depends(Require(f"{p.code}:list")),
    ) -> dict:
        return await p.list_rows(session, filters, params)

    if p.page_params_first:
        # The same endpoint with its first two dependencies swapped: FastAPI documents (and reads) the query
        # parameters in the order of the endpoint's signature.
        signature = inspect.signature(list_page)
        filters, params, *others = signature.parameters.values()
        list_page.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[params, filters, *others])

    async def export_page(
        filters: Any = Depends(p.filters), session: AsyncSession = Depends(db_session),
        _: Principal = Depends(Require(f"{p.code}:{p.export_action}")),
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

    # What a delete needs beyond the session, when the page names it (mall: the file storage of its pictures).
    context_of = p.delete_context or _no_context

    async def delete_one(ident: Annotated[Id, Path(alias=p.id_name)], session: AsyncSession = Depends(db_session),
                         _: Principal = Depends(Require(f"{p.code}:delete")),
                         context: Any = Depends(context_of)) -> Response:
        await (p.delete_row(session, ident) if p.delete_context is None else p.delete_row(session, ident, context))
        return Response(status_code=204)

    item = f"{p.path}/{{{p.id_name}}}"
    router.add_api_route(p.path, list_page, methods=["GET"], response_model=p.page,
                         response_model_exclude_unset=True, summary=f"{p.label}列表", name=f"list_{p.plural}")
    if p.export_rows is not None:
        router.add_api_route(f"{p.path}/export", export_page, methods=["GET"], response_class=Response,
                             responses=export_responses(p.export_description), summary=f"导出{p.label}",
                             name=f"export_{p.plural}")
    if p.get_row is not None:
        router.add_api_route(item, get_one, methods=["GET"], response_model=p.out,
                             summary=f"{p.label}详情{p.detail_note}",
                             name=f"get_{p.singular}")
    if p.create_row is not None:
        router.add_api_route(p.path, create_one, methods=["POST"], status_code=201, response_model=p.out,
                             summary=f"新增{p.label}{p.create_note}", name=f"create_{p.singular}")
    if p.update_row is not None:
        router.add_api_route(item, update_one, methods=[p.update_method], response_model=p.out,
                             summary=f"修改{p.label}{p.update_note}", name=f"update_{p.singular}")
    if p.delete_row is not None:
        router.add_api_route(item, delete_one, methods=["DELETE"],
                             status_code=204, response_class=Response, summary=f"删除{p.label}{p.delete_note}",
                             name=f"delete_{p.singular}")
