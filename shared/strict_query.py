"""Strict query strings: a parameter the matched route does not declare is a 422 naming it.

Without this, a typo or a filter that does not exist (`/api/cards/entitlements?contract_id=14`) is silently
ignored and the caller gets every row. Installed once by `shared.app.create_service_app` as an app-level
dependency, so every route of every service and the gateway's own routes refuse unknown parameters.
The declared names are read from the route's dependant (its own query parameters, those of every
dependency, and the fields of pydantic query models) once per route and cached on the route.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import _get_flat_fields_from_params, get_validation_alias
from pydantic import AliasChoices

from shared.problems import Problem

_CACHE_ATTRIBUTE = "_declared_query_names"


def declared_query_names(dependant: Dependant) -> frozenset[str]:
    """Every query parameter name that `dependant` and its dependencies read (the fields of a pydantic query
    model included, under the names FastAPI reads them by)."""
    fields = []
    pending = [dependant]
    while pending:
        current = pending.pop()
        fields.extend(current.query_params)
        pending.extend(current.dependencies)
    names: set[str] = set()
    for field in _get_flat_fields_from_params(fields):
        names.add(get_validation_alias(field))
        choices = field.field_info.validation_alias
        if isinstance(choices, AliasChoices):
            names.update(choice for choice in choices.choices if isinstance(choice, str))
    return frozenset(names)


def _route_names(route: Any) -> frozenset[str] | None:
    names = getattr(route, _CACHE_ATTRIBUTE, None)
    if names is None:
        dependant = getattr(route, "dependant", None)
        if dependant is None:
            return None
        names = declared_query_names(dependant)
        setattr(route, _CACHE_ATTRIBUTE, names)
    return names


async def refuse_unknown_query_parameters(request: Request) -> None:
    """App-level dependency: 422 `unknown_parameter` listing each query parameter the route does not read."""
    query = request.scope.get("query_string", b"")
    if not query:
        return
    names = _route_names(request.scope.get("route"))
    if names is None:
        return
    unknown = [name for name in dict.fromkeys(request.query_params.keys()) if name not in names]
    if unknown:
        allowed = "、".join(sorted(n for n in names if n)) or "无"
        raise Problem(
            422,
            "unknown_parameter",
            f"不支持的查询参数: {', '.join(unknown)}",
            errors=[{"field": name, "message": f"未知参数; 可用参数: {allowed}"} for name in unknown],
        )
