"""Every admin route of the crm service names a permission code from the menu tree (and nothing else)."""

from __future__ import annotations

from crm.main import create_app

ALLOWED = {
    f"crm:{entity}:{action}"
    for entity, actions in {
        "customer": "list create update delete review export import lock release restore",
        "pool": "list claim assign",
        "pool_rule": "list update",
        "follow_up": "list create update delete",
        "owner_change": "list create review delete",
        "contract": "list create update delete review void change_no attachment export",
        "payment": "list create update delete export",
    }.items()
    for action in actions.split()
}


def test_every_route_has_a_known_permission() -> None:
    spec = create_app().openapi()
    seen = set()
    for path, operations in spec["paths"].items():
        assert path.startswith("/api/crm/"), path
        for method, operation in operations.items():
            permission = operation.get("x-permission")
            assert permission in ALLOWED, (method, path, permission)
            seen.add(permission)
    # Every menu permission is served by at least one route.
    assert seen == ALLOWED, sorted(ALLOWED - seen)
