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
        "service_contact": "list create update delete",
        "ticket": "list create update",
    }.items()
    for action in actions.split()
}


def test_every_route_has_a_known_permission() -> None:
    spec = create_app().openapi()
    seen = set()
    for path, operations in spec["paths"].items():
        # The member app's routes and the service-to-service ones (tests/e2e checks who may call them).
        if path.startswith(("/app/crm/", "/internal/crm/")):
            continue
        assert path.startswith("/api/crm/"), path
        for method, operation in operations.items():
            permission = operation.get("x-permission")
            assert permission in ALLOWED, (method, path, permission)
            seen.add(permission)
    # Every menu permission is served by at least one route.
    assert seen == ALLOWED, sorted(ALLOWED - seen)


def test_every_route_documents_its_success_response() -> None:
    """The merged OpenAPI is the console's contract: each JSON answer names its schema, list pages their rows and
    option lists; files (xlsx, attachments) and 204s say what they are instead."""
    spec = create_app().openapi()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            success = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
            assert len(success) == 1, (method, path, success)
            (code, response), = success.items()
            if code == "204":
                continue
            content = response.get("content", {})
            json_schema = content.get("application/json", {}).get("schema")
            if json_schema is None:
                assert content.keys() & {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "application/octet-stream",
                }, (method, path, content)
                continue
            assert "$ref" in json_schema, (method, path, json_schema)
    page = spec["components"]["schemas"]["CustomerPage"]
    assert {"data_list", "page", "page_size", "total", "admin_list", "level_list"} <= page["properties"].keys()
    assert page["properties"]["data_list"]["items"]["$ref"].endswith("/CustomerRow")
