"""The permission codes the routes require and the gateway's menu tree must agree, both ways:

- every admin route (the gateway's own and each service's) names a code the menu holds: a code the tree
  lacks could never be granted to any role, and a route without a code would be open to any staff;
- every page of the menu (a node with a path) answers through at least one route that requires its list
  code: a page without one would show an empty screen to whoever was granted it.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

import pytest

from gateway.permissions.menu import nodes, permission_codes
from shared.settings import SERVICES

PARTS = ("gateway", *SERVICES)


@cache
def admin_operations(part: str) -> tuple[tuple[str, str, str | None], ...]:
    """(method, path, x-permission) of every `/api/...` operation the part itself serves."""
    app = importlib.import_module(f"{part}.main").create_app()
    document: dict[str, Any] = app.openapi()
    return tuple(
        (method.upper(), path, operation.get("x-permission"))
        for path, operations in document["paths"].items() if path.startswith("/api/")
        for method, operation in operations.items()
    )


@pytest.mark.parametrize("part", PARTS)
def test_every_admin_route_names_a_permission_the_menu_holds(part: str) -> None:
    menu = permission_codes()
    # The staff's own session (`/api/auth/...`: login, me, logout, password) needs a login, not a grant.
    operations = [op for op in admin_operations(part) if not op[1].startswith("/api/auth/")]
    unguarded = [f"{method} {path}" for method, path, code in operations if code is None]
    missing = [f"{method} {path} -> {code}" for method, path, code in operations
               if code is not None and code not in menu]
    assert unguarded == [], f"admin routes without a permission: {unguarded}"
    assert missing == [], f"codes the gateway menu lacks: {missing}"


def test_every_menu_page_has_a_route_requiring_its_list_code() -> None:
    required = {code for part in PARTS for _, _, code in admin_operations(part) if code}
    pages = [node for node in nodes() if node.kind == "menu" and node.path]
    assert pages, "the menu has no pages"
    lacking = sorted(f"{node.code} ({node.name} {node.path})" for node in pages if node.code not in required)
    assert lacking == [], f"menu pages no route answers: {lacking}"


@pytest.mark.parametrize("service", SERVICES)
def test_member_partner_and_internal_routes_say_who_may_call(service: str) -> None:
    app = importlib.import_module(f"{service}.main").create_app()
    expected = {"/app/": "member", "/partner/": "partner:", "/internal/": "service"}
    wrong = []
    for path, operations in app.openapi()["paths"].items():
        for prefix, auth in expected.items():
            if path.startswith(prefix):
                for method, operation in operations.items():
                    if not str(operation.get("x-auth", "")).startswith(auth):
                        wrong.append(f"{method.upper()} {path}: {operation.get('x-auth')}")
    assert wrong == []
