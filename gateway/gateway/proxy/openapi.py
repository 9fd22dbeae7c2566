"""One OpenAPI document for the whole suite: the gateway's own routes plus every service's.

Services serve `/openapi.json` without a token. Their paths already carry `/api/<svc>` etc., so they are
kept as they are; component schemas are renamed `<svc>__<Name>` (and every `$ref` rewritten) so two
services' `CustomerOut` never collide. A service that does not answer is left out and named under
`x-unavailable`. The result is cached for a few seconds; `?refresh=1` rebuilds it.
"""

from __future__ import annotations

import asyncio
import copy
import time
from typing import Any

import httpx
from fastapi import FastAPI

from gateway.runtime import Gateway
from shared.settings import SERVICES

REF_PREFIX = "#/components/schemas/"
PUBLIC_OPERATIONS = {("post", "/api/auth/login"), ("post", "/api/auth/refresh"), ("post", "/app/auth/login"),
                     ("post", "/app/auth/register"), ("post", "/app/auth/refresh")}


def _rewrite_refs(node: Any, service: str) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
                out[key] = f"{REF_PREFIX}{service}__{value[len(REF_PREFIX):]}"
            else:
                out[key] = _rewrite_refs(value, service)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, service) for item in node]
    return node


def merge(own: dict[str, Any], services: dict[str, dict[str, Any]], unavailable: list[str]) -> dict[str, Any]:
    doc = copy.deepcopy(own)
    doc["openapi"] = own.get("openapi", "3.1.0")
    paths: dict[str, Any] = doc.setdefault("paths", {})
    schemas: dict[str, Any] = doc.setdefault("components", {}).setdefault("schemas", {})
    tags: list[dict[str, Any]] = list(doc.get("tags", []))
    for service, spec in services.items():
        spec = _rewrite_refs(spec, service)
        for path, item in (spec.get("paths") or {}).items():
            if path.startswith("/internal"):
                continue  # never routed by the gateway
            for operation in item.values():
                if isinstance(operation, dict) and "operationId" in operation:
                    operation["operationId"] = f"{service}__{operation['operationId']}"
                if isinstance(operation, dict):
                    operation.setdefault("tags", [service])
            paths[path] = item
        for name, schema in ((spec.get("components") or {}).get("schemas") or {}).items():
            schemas[f"{service}__{name}"] = schema
        tags.append({"name": service, "description": spec.get("info", {}).get("title", service)})
    doc["tags"] = tags
    doc.setdefault("components", {})["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                   "description": "POST /api/auth/login（员工）或 /app/auth/login（会员）得到的 access_token"},
        "apiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key", "description": "合作方接口密钥"},
    }
    for path, item in paths.items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or (method, path) in PUBLIC_OPERATIONS:
                continue
            operation.setdefault(
                "security", [{"apiKey": []}] if path.startswith("/partner/") else [{"bearer": []}]
            )
    doc["x-unavailable"] = sorted(unavailable)
    return doc


class MergedOpenAPI:
    def __init__(self, app: FastAPI, gateway: Gateway) -> None:
        self.app = app
        self.gateway = gateway
        self._cached: dict[str, Any] | None = None
        self._built_at = 0.0
        self._lock = asyncio.Lock()

    async def _fetch(self, service: str) -> dict[str, Any] | None:
        try:
            response = await self.gateway.upstream(service).get(
                "/openapi.json", timeout=self.gateway.settings.openapi_fetch_timeout
            )
            if response.status_code != 200:
                return None
            spec = response.json()
            return spec if isinstance(spec, dict) else None
        except (httpx.HTTPError, ValueError):
            return None

    async def document(self, force: bool = False) -> dict[str, Any]:
        async with self._lock:
            fresh = time.monotonic() - self._built_at < self.gateway.settings.openapi_cache_seconds
            if self._cached is not None and fresh and not force:
                return self._cached
            results = await asyncio.gather(*(self._fetch(s) for s in SERVICES))
            specs = {s: spec for s, spec in zip(SERVICES, results, strict=True) if spec is not None}
            unavailable = [s for s, spec in zip(SERVICES, results, strict=True) if spec is None]
            self._cached = merge(self.app.openapi(), specs, unavailable)
            self._built_at = time.monotonic()
            return self._cached
