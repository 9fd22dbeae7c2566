"""Error answers in the OpenAPI: every operation lists the RFC 9457 problems it can give.

Added centrally when a service's document is built (shared.app), so no route has to repeat them and a
generated client knows every status it may meet. A route's own `responses=` entry for a status wins.
"""

from __future__ import annotations

from typing import Any

from shared.problems import PROBLEM_JSON, ProblemBody, status_title

PROBLEM_REF = "#/components/schemas/Problem"
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
HTTP_METHODS = frozenset({"get", "head", "options", "trace", *WRITE_METHODS})
# FastAPI's own 422 model, replaced by the problem body the handlers really send.
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def problem_statuses(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    """The problem statuses an operation can answer with, from what it declares."""
    statuses = [422, 503]  # every route: input refused (unknown parameters included), database unreachable
    auth = operation.get("x-auth")
    if auth:
        statuses.append(401)
        if auth != "member" or operation.get("x-permission"):
            statuses.append(403)
    if "{" in path:
        statuses.append(404)
    if method in WRITE_METHODS:
        statuses.append(409)
    return sorted(statuses)


def _problem_response(status: int) -> dict[str, Any]:
    return {"description": status_title(status), "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}}


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Adds the `Problem` component and each operation's problem responses to an OpenAPI document (in place)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = ProblemBody.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in problem_schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components["Problem"] = problem_schema
    for path, item in (schema.get("paths") or {}).items():
        for method, operation in item.items():
            if method not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            validation = responses.get("422")
            if validation and "HTTPValidationError" in str(validation):
                del responses["422"]  # FastAPI's default, not what the handlers send
            for status in problem_statuses(path, method, operation):
                responses.setdefault(str(status), _problem_response(status))
    text = str(schema.get("paths"))
    for name in _FASTAPI_VALIDATION_SCHEMAS:
        if f"/{name}'" not in text:
            components.pop(name, None)
    return schema
