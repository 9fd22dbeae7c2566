"""Strict inputs, checked on every service's real app: an undeclared query parameter is a 422 naming it, and
every operation documents its error answers as RFC 9457 problems."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from fastapi import FastAPI

from shared.settings import SERVICES
from shared.testing import bearer, client_for, staff

SAMPLE_PER_SERVICE = 6


def service_app(service: str) -> FastAPI:
    return importlib.import_module(f"{service}.main").create_app()


def sample_routes(app: FastAPI, limit: int) -> list[tuple[str, str]]:
    """Up to `limit` admin operations of the app (GET lists first), with `1` for every path id."""
    picked: list[tuple[str, str]] = []
    for path, item in app.openapi()["paths"].items():
        for method in ("get", "delete", "post", "put", "patch"):
            if method in item and path.startswith(("/api/", "/app/", "/partner/")):
                picked.append((method, path.replace("{", "").replace("}", "").split("/", 1)[1]))
    picked.sort(key=lambda op: (op[0] != "get", op[1]))
    return [(method, "/" + "/".join("1" if part.endswith("id") else part for part in path.split("/")))
            for method, path in picked[:limit]]


@pytest.mark.parametrize("service", SERVICES)
async def test_an_undeclared_query_parameter_is_refused_naming_it(service: str) -> None:
    app = service_app(service)
    routes = sample_routes(app, SAMPLE_PER_SERVICE)
    if not routes:
        pytest.skip(f"{service} serves no routes yet")
    headers = bearer(staff(superuser=True), service)
    async with client_for(app) as client:
        for method, path in routes:
            response = await client.request(method, path, params={"no_such_filter": "14"}, headers=headers)
            assert response.status_code == 422, (method, path, response.text)
            body: dict[str, Any] = response.json()
            assert response.headers["content-type"] == "application/problem+json"
            assert body["code"] == "unknown_parameter", body
            assert body["errors"][0]["field"] == "no_such_filter"


async def test_declared_parameters_pass_and_the_refusal_names_only_the_unknown_ones() -> None:
    app = service_app("crm")
    headers = bearer(staff(superuser=True), "crm")
    async with client_for(app) as client:
        known = await client.get("/api/crm/customers", params={"page": 1, "page_size": 5}, headers=headers)
        assert known.status_code == 200, known.text
        mixed = await client.get("/api/crm/customers", params={"page": 1, "contract_idd": 3, "x": 1},
                                 headers=headers)
        assert mixed.status_code == 422
        assert [e["field"] for e in mixed.json()["errors"]] == ["contract_idd", "x"]


async def test_the_gateways_own_routes_refuse_undeclared_parameters() -> None:
    from gateway.main import create_app

    async with client_for(create_app()) as client:
        response = await client.post("/api/auth/login", params={"remember": "1"},
                                     json={"username": "admin", "password": "wrong"})
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "unknown_parameter"


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_documents_its_problem_answers(service: str) -> None:
    document = service_app(service).openapi()
    assert document["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "code",
                                                                         "detail"]
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            expected = {"422", "503"} | ({"404"} if "{" in path else set())
            if operation.get("x-auth"):
                expected.add("401")
            if operation.get("x-permission"):
                expected.add("403")
            for status in expected:
                content = responses.get(status, {}).get("content", {})
                assert "application/problem+json" in content, (method, path, status)


async def test_pages_outside_the_api_contract_keep_their_query_strings() -> None:
    from fastapi import APIRouter

    from mall.settings import MallSettings
    from shared.app import create_service_app

    router = APIRouter()

    @router.get("/{path:path}", include_in_schema=False)
    async def console_page(path: str) -> dict[str, str]:
        return {"page": path}

    async with client_for(create_service_app(MallSettings(), title="t", routers=[router])) as client:
        page = await client.get("/login", params={"redirect": "/crm/customers"})
        assert page.status_code == 200, page.text
