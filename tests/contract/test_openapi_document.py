"""The merged OpenAPI is a complete contract: every operation documents a typed success response (a generated
client, and so the admin console, knows every answer's shape) and its error answers as problems."""

from __future__ import annotations

import importlib
from typing import Any

from gateway.main import create_app as create_gateway
from gateway.proxy.openapi import merge
from shared.settings import SERVICES

BINARY_MEDIA = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream",
                "image/", "text/csv", "application/pdf")


def merged_document() -> dict[str, Any]:
    """The document the gateway serves at /openapi.json, built from the apps in process."""
    services = {service: importlib.import_module(f"{service}.main").create_app().openapi() for service in SERVICES}
    return merge(create_gateway().openapi(), services, [])


def untyped_success(operation: dict[str, Any]) -> str | None:
    """Why the operation's success answer is not a usable contract, or None when it is."""
    successes = {status: response for status, response in operation["responses"].items() if status.startswith("2")}
    if not successes:
        return "no 2xx response"
    for status, response in successes.items():
        content = response.get("content") or {}
        if status == "204" or (not content and status in ("201", "202")):
            continue
        if not content:
            return f"{status} without content"
        for media, body in content.items():
            schema = body.get("schema") or {}
            if media.startswith(BINARY_MEDIA):
                continue
            # An untyped dict is documented as an object without properties: no client can be generated from it.
            if not ("$ref" in schema or schema.get("properties") or "items" in schema or "anyOf" in schema
                    or schema.get("type") in ("string", "integer", "number", "boolean")):
                return f"{status} {media} untyped: {schema}"
    return None


def test_every_operation_of_the_merged_openapi_documents_its_success_response() -> None:
    document = merged_document()
    untyped = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            reason = untyped_success(operation)
            if reason:
                untyped.append(f"{method.upper()} {path}: {reason}")
    assert untyped == [], f"{len(untyped)} operations:\n" + "\n".join(sorted(untyped))


def test_every_operation_of_the_merged_openapi_documents_its_problems() -> None:
    document = merged_document()
    missing = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status in ("422", *(("404",) if "{" in path else ())):
                content = operation["responses"].get(status, {}).get("content", {})
                if "application/problem+json" not in content:
                    missing.append(f"{method.upper()} {path} {status}")
    assert missing == []
