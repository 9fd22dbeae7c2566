"""The permission codes services require and the gateway's menu tree must agree: a code a route needs but
the tree lacks could never be granted to any role, and a route without a code would be open to any staff."""

from __future__ import annotations

import importlib

import pytest

from gateway.permissions.menu import permission_codes
from shared.settings import SERVICES


@pytest.mark.parametrize("service", SERVICES)
def test_every_admin_route_names_a_permission_the_menu_holds(service: str) -> None:
    app = importlib.import_module(f"{service}.main").create_app()
    menu = permission_codes()
    missing, unguarded = [], []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            if not path.startswith("/api/"):
                continue
            code = operation.get("x-permission")
            if code is None:
                unguarded.append(f"{method.upper()} {path}")
            elif code not in menu:
                missing.append(f"{method.upper()} {path} -> {code}")
    assert unguarded == [], f"admin routes without a permission: {unguarded}"
    assert missing == [], f"codes the gateway menu lacks: {missing}"


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
