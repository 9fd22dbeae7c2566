"""Strict query strings: a parameter the matched route does not declare is a 422 naming it.

Without this, a typo or a filter that does not exist (`/api/cards/entitlements?contract_id=14`) is silently
ignored and the caller gets every row. Installed once by `shared.app.create_service_app` as an app-level
dependency, so every route of every service and the gateway's own routes refuse unknown parameters.
The declared names are read from the route's dependant (its own query parameters, those of every
dependency, and the fields of pydantic query models) once per route and cached on the route.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, get_args

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import _get_flat_fields_from_params, get_validation_alias
from pydantic import AliasChoices

from shared.problems import Problem

_CACHE_ATTRIBUTE = "_declared_query_parameters"
# Pydantic's lax mode reads `date_to=0` as 1970-01-01 (a Unix time); the OpenAPI says `format: date`, so a
# query date must be written as one: YYYY-MM-DD (a datetime may add a time and an offset).
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?")
DateKind = Literal["date", "datetime"]


@dataclass(frozen=True)
class QueryParameters:
    """What a route reads from the query string: every name, and which of them are dates."""

    names: frozenset[str]
    dates: dict[str, DateKind]


def _date_kind(annotation: Any) -> DateKind | None:
    """`date`, `date | None`, `Annotated[datetime, ...]`... -> the kind of date it holds, if any."""
    if annotation is datetime:
        return "datetime"
    if annotation is date:
        return "date"
    for argument in get_args(annotation):
        kind = _date_kind(argument)
        if kind:
            return kind
    return None


def declared_query_parameters(dependant: Dependant) -> QueryParameters:
    """Every query parameter name that `dependant` and its dependencies read (the fields of a pydantic query
    model included, under the names FastAPI reads them by)."""
    fields = []
    pending = [dependant]
    while pending:
        current = pending.pop()
        fields.extend(current.query_params)
        pending.extend(current.dependencies)
    names: set[str] = set()
    dates: dict[str, DateKind] = {}
    for field in _get_flat_fields_from_params(fields):
        aliases = {get_validation_alias(field)}
        choices = field.field_info.validation_alias
        if isinstance(choices, AliasChoices):
            aliases.update(choice for choice in choices.choices if isinstance(choice, str))
        names.update(aliases)
        kind = _date_kind(field.field_info.annotation)
        if kind:
            dates.update(dict.fromkeys(aliases, kind))
    return QueryParameters(frozenset(names), dates)


def _route_parameters(route: Any) -> QueryParameters | None:
    declared = getattr(route, _CACHE_ATTRIBUTE, None)
    if declared is None:
        dependant = getattr(route, "dependant", None)
        if dependant is None or not getattr(route, "include_in_schema", True):
            return None  # not an API operation (the console's pages, the docs): its query is not a contract
        declared = declared_query_parameters(dependant)
        setattr(route, _CACHE_ATTRIBUTE, declared)
    return declared


async def strict_query_parameters(request: Request) -> None:
    """App-level dependency: 422 `unknown_parameter` listing each query parameter the route does not read, and
    422 `validation_error` for a date parameter not written as an ISO 8601 date."""
    if not request.scope.get("query_string"):
        return
    declared = _route_parameters(request.scope.get("route"))
    if declared is None:
        return
    unknown = [name for name in dict.fromkeys(request.query_params.keys()) if name not in declared.names]
    if unknown:
        allowed = "、".join(sorted(n for n in declared.names if n)) or "无"
        raise Problem(
            422,
            "unknown_parameter",
            f"不支持的查询参数: {', '.join(unknown)}",
            errors=[{"field": name, "message": f"未知参数; 可用参数: {allowed}"} for name in unknown],
        )
    if declared.dates:
        wrong = [
            name
            for name, kind in declared.dates.items()
            for value in request.query_params.getlist(name)
            if not (_ISO_DATE if kind == "date" else _ISO_DATETIME).fullmatch(value)
        ]
        if wrong:
            raise Problem(
                422,
                "validation_error",
                "日期格式应为 YYYY-MM-DD",
                errors=[{"field": name, "message": "日期格式应为 YYYY-MM-DD"} for name in dict.fromkeys(wrong)],
            )
