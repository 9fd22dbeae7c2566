"""Small helpers every crm domain uses: option labels, business time, name normalisation, pinyin initials, and
the builders of the routes every data-scoped page repeats.

No `from __future__ import annotations` in this module: the route builders' endpoints are annotated with the
page's own models (closure values), which FastAPI reads to document and validate each route.
"""

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel
from pypinyin import Style, lazy_pinyin
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.dates import day_end, day_start
from shared.identity import Principal, Require
from shared.listing import PageParams, keyword_clause, page_params
from shared.problems import Problem
from shared.types import Id
from shared.xlsx import Column, xlsx_response

# Option lists (value -> label). Values the frontend sends back are the keys.
LEVELS = {"A": "A", "B": "B", "C": "C", "D": "D"}
ADMIN_LEVELS = {v: v for v in ("省级", "市级", "县级", "乡镇街道")}
INDUSTRIES = {v: v for v in ("银行", "政府机构", "事业单位", "国有企业", "私营企业", "学校", "医院", "其他")}
INDUSTRY_ATTRS = {v: v for v in ("机关单位", "央企国企", "事业单位", "私营企业", "其他")}
SOURCES = {v: v for v in ("朋友介绍", "互联网", "营销活动", "陌拜", "老客户转介绍", "其他")}
RELEASE_REASONS = {v: v for v in ("人员变动", "竞争对手", "需求变化", "服务问题", "失去联系", "其他")}
REVIEW_STATUSES = {"pending": "待审核", "approved": "已审核", "rejected": "审核不通过"}
FOLLOW_UP_METHODS = {v: v for v in ("电话", "上门拜访", "微信", "邮件", "其他")}
OWNER_CHANGE_STATUSES = {"pending": "待审核", "approved": "已通过", "rejected": "已驳回"}
CONTRACT_STATUSES = {"pending": "未审核", "approved": "已审核", "rejected": "审核不通过", "voided": "已作废"}
CONTRACT_TYPES = {v: v for v in ("体检卡", "体检服务", "其他")}
PAYMENT_METHODS = {v: v for v in ("银行转账", "现金", "支付宝", "其他")}

_WHITESPACE = re.compile(r"\s+")


def normalise_name(raw: str) -> str:
    """Trim and collapse whitespace (the seed's names carry stray tabs and double spaces)."""
    return _WHITESPACE.sub(" ", raw.replace("\u3000", " ")).strip()


def name_initials(name: str) -> str:
    """Lower-case pinyin initials of the Chinese characters (南昌市 -> ncs); other characters kept as they are."""
    parts = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")
    return "".join(parts).replace(" ", "").lower()[:128]


def utcnow() -> datetime:
    return datetime.now(UTC)


def check_rejection_reason(approved: bool, reason: str) -> None:
    """A review that rejects (驳回) a customer, a contract or an owner change must say why."""
    if not approved and not reason.strip():
        raise Problem(
            422, "validation_error", "驳回需要填写原因", errors=[{"field": "reason", "message": "驳回时必填"}]
        )


def owner_columns(parent: Any) -> dict[str, Any]:
    """The owner and department a new row is filed under: its parent's (a contract its customer's, a payment its
    contract's), so the data scope of the parent covers it."""
    return {
        "owner_id": parent.owner_id,
        "owner_name": parent.owner_name,
        "dept_id": parent.dept_id,
        "dept_name": parent.dept_name,
    }


def created_by_columns(actor: Mapping[str, Any]) -> dict[str, Any]:
    """创建人 of a new row: the actor's id (none for the system) and name."""
    return {"created_by_id": actor.get("id"), "created_by_name": actor.get("name") or ""}


def raw_fields(model: Any, *, exclude: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """A pydantic model's field values as Python objects (`model_dump` would turn Money into strings)."""
    return {name: getattr(model, name) for name in type(model).model_fields if name not in exclude}


def keyword_in(keyword: str | None, *columns: Any) -> list[ColumnElement[bool]]:
    """The list's keyword box: any of `columns` contains the trimmed keyword; no clause for a blank one."""
    clause = keyword_clause(keyword, *columns)
    return [] if clause is None else [clause]


def equal_where_given(*filters: tuple[Any, Any]) -> list[ColumnElement[bool]]:
    """`column == value` for each `(column, value)` filter given; a filter left out (None) narrows nothing."""
    return [column == value for column, value in filters if value is not None]


def within_days(column: Any, date_from: date | None, date_to: date | None) -> list[ColumnElement[bool]]:
    """`date_from`/`date_to` over a timestamp column: whole Shanghai business days, both ends included (the
    reports' meaning of the same two filters)."""
    clauses: list[ColumnElement[bool]] = []
    if date_from is not None:
        clauses.append(column >= day_start(date_from))
    if date_to is not None:
        clauses.append(column < day_end(date_to))
    return clauses


# ---------------------------------------------------------------- routes
# The routes of crm's pages have a few shapes that repeat from page to page: authorise with a permission code,
# hand the principal (whose data scope the service applies) to one service function, answer what it returns.
# These builders make each shape once; the route's name gives its operation id and summary as a hand-written
# function of that name would, so the OpenAPI is the same either way.

Service = Callable[..., Awaitable[Any]]
# The documented answer of an export (or import template) route.
XLSX: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}
}


def add_scoped_listing(
    router: APIRouter,
    *,
    path: str = "",
    plural: str,
    code: str,
    page: type[BaseModel],
    filters: Callable[..., Any],
    list_rows: Service,
    export_rows: Service | None = None,
    export_name: str = "",
    export_columns: Sequence[Column] = (),
    export_sorted: bool = False,
) -> None:
    """A page's list route (`list_<plural>`, permission `<code>:list`) and, with `export_rows`, its xlsx export
    at `<path>/export` (`export_<plural>`, `<code>:export`), both filtered by `filters` within the principal's
    data scope. `list_rows(session, principal, filters, params)`; `export_rows(session, principal, filters)`, or
    with `export_sorted` `export_rows(session, principal, filters, sort)`: that export takes the list's page
    parameters for its sort (and so documents them)."""

    async def list_page(
        params: PageParams = Depends(page_params),
        given: Any = Depends(filters),
        principal: Principal = Depends(Require(f"{code}:list")),
        session: AsyncSession = Depends(db_session),
    ) -> Any:
        return await list_rows(session, principal, given, params)

    async def export_page(
        given: Any = Depends(filters),
        principal: Principal = Depends(Require(f"{code}:export")),
        session: AsyncSession = Depends(db_session),
    ) -> Response:
        return xlsx_response(export_name, export_columns, await export_rows(session, principal, given))

    async def export_sorted_page(
        params: PageParams = Depends(page_params),
        given: Any = Depends(filters),
        principal: Principal = Depends(Require(f"{code}:export")),
        session: AsyncSession = Depends(db_session),
    ) -> Response:
        return xlsx_response(export_name, export_columns, await export_rows(session, principal, given, params.sort))

    router.add_api_route(path, list_page, methods=["GET"], response_model=page, response_model_exclude_unset=True,
                         name=f"list_{plural}")
    if export_rows is not None:
        router.add_api_route(f"{path}/export", export_sorted_page if export_sorted else export_page, methods=["GET"],
                             response_class=Response, responses=XLSX, name=f"export_{plural}")


def add_scoped_route(
    router: APIRouter,
    method: str,
    path: str,
    call: Service,
    *,
    name: str,
    permission: str,
    response_model: type[BaseModel] | None = None,
    body_model: type[BaseModel] | None = None,
    status_code: int = 200,
    description: str | None = None,
    responses: dict[int | str, dict[str, Any]] | None = None,
) -> None:
    """A route on one row, or one that makes a row: `call(session, principal[, row id][, body])`, the row id
    being the path's one `{..._id}` (if any), the body a `body_model`. Without `response_model` the route answers
    204 with no body (a delete)."""
    id_names = re.findall(r"{(\w+)}", path)
    if len(id_names) > 1 or not (id_names or body_model):
        raise ValueError(f"{path}: a scoped route takes one row id, a body or both")
    guard = Require(permission)
    # The path parameter keeps the page's own name (alias): `contract_id`, not `ident`.
    row_id = Annotated[Id, Path(alias=id_names[0])] if id_names else None

    async def on_row(
        ident: row_id,  # type: ignore[valid-type]
        principal: Principal = Depends(guard),
        session: AsyncSession = Depends(db_session),
    ) -> Any:
        return await call(session, principal, ident)

    async def on_row_with_body(
        ident: row_id,  # type: ignore[valid-type]
        body: body_model,  # type: ignore[valid-type]
        principal: Principal = Depends(guard),
        session: AsyncSession = Depends(db_session),
    ) -> Any:
        return await call(session, principal, ident, body)

    async def with_body(
        body: body_model,  # type: ignore[valid-type]
        principal: Principal = Depends(guard),
        session: AsyncSession = Depends(db_session),
    ) -> Any:
        return await call(session, principal, body)

    endpoint = (on_row_with_body if body_model else on_row) if id_names else with_body
    if response_model is None:
        router.add_api_route(path, endpoint, methods=[method], status_code=204, response_class=Response,
                             response_model=None, name=name, description=description, responses=responses)
    else:
        router.add_api_route(path, endpoint, methods=[method], status_code=status_code, response_model=response_model,
                             name=name, description=description, responses=responses)


def add_versioned_update(
    router: APIRouter, path: str, call: Service, *, name: str, permission: str, body_model: type[BaseModel],
    response_model: type[BaseModel],
) -> None:
    """`PUT` of a versioned row: the expected version comes from `If-Match` or the body's `version`;
    `call(session, principal, row id, body, version)`."""
    (id_name,) = re.findall(r"{(\w+)}", path)

    async def update(
        ident: Annotated[Id, Path(alias=id_name)],
        body: body_model,  # type: ignore[valid-type]
        if_match: int | None = Depends(expected_version),
        principal: Principal = Depends(Require(permission)),
        session: AsyncSession = Depends(db_session),
    ) -> Any:
        return await call(session, principal, ident, body, resolve_version(body.version, if_match))

    router.add_api_route(path, update, methods=["PUT"], response_model=response_model, name=name)
