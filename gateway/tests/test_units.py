"""Pure logic, no backing services: scope resolution, per-service identities, the menu tree, target ids."""

from __future__ import annotations

from types import SimpleNamespace

from gateway.auth.authz import Resolved, descendants, grants_for
from gateway.permissions.menu import nodes, permission_codes
from gateway.permissions.service import menu_for
from gateway.proxy.middleware import target_id
from shared.identity import Identity, Scope

PARENTS = {1: None, 2: 1, 3: 2, 4: 2, 5: 1, 6: 1}


def role(scope: str, perms: list[str], dept_ids: list[int] = (), active: bool = True) -> SimpleNamespace:  # type: ignore[assignment]
    return SimpleNamespace(scope=scope, permissions=perms, dept_ids=list(dept_ids), active=active)


def test_descendants() -> None:
    assert descendants(2, PARENTS) == {2, 3, 4}
    assert descendants(1, PARENTS) == {1, 2, 3, 4, 5, 6}
    assert descendants(6, PARENTS) == {6}


def test_each_scope_resolves_to_departments() -> None:
    grants = grants_for([role("all", ["a"]), role("custom", ["b"], [4, 6]), role("dept", ["c"]),
                         role("dept_tree", ["d"]), role("self", ["e"]), role("all", ["f"], active=False)], 2, PARENTS)
    assert [(g.scope, sorted(g.dept_ids)) for g in grants] == [
        (Scope.ALL, []), (Scope.CUSTOM, [4, 6]), (Scope.DEPT, [2]), (Scope.DEPT_TREE, [2, 3, 4]), (Scope.SELF, []),
    ]  # the disabled role gives nothing
    no_dept = grants_for([role("dept", ["c"]), role("dept_tree", ["d"])], None, PARENTS)
    assert [g.dept_ids for g in no_dept] == [frozenset(), frozenset()]


def test_union_only_over_roles_holding_the_permission() -> None:
    grants = grants_for([role("self", ["crm:customer:list"]), role("dept_tree", ["crm:contract:list"])], 2, PARENTS)
    identity = Identity(kind="staff", id=9, grants=grants)
    customers = identity.scope_for("crm:customer:list")
    assert (customers.all, customers.dept_ids, customers.owner_id) == (False, frozenset(), 9)
    contracts = identity.scope_for("crm:contract:list")
    assert (contracts.all, contracts.dept_ids, contracts.owner_id) == (False, frozenset({2, 3, 4}), None)


def test_service_identity_keeps_only_that_services_permissions() -> None:
    grants = grants_for([role("self", ["crm:customer:list", "cards:card:list", "cards:red_packet:list"]),
                         role("all", ["mall:goods:list"])], 3, PARENTS)
    resolved = Resolved(Identity(kind="staff", id=2, name="万彬", dept_id=3, grants=grants), version=1)
    cards = resolved.for_service("cards")
    assert [sorted(g.perms) for g in cards.grants] == [["cards:card:list", "cards:red_packet:list"]]
    assert resolved.for_service("health").grants == ()
    assert resolved.for_service("cards") is cards  # computed once per version
    admin = Resolved(Identity(kind="staff", id=1, superuser=True, grants=grants), version=1)
    assert admin.for_service("crm").superuser and admin.for_service("crm").grants == ()
    assert admin.permissions == permission_codes()


def test_menu_tree_is_consistent() -> None:
    all_nodes = nodes()
    codes = [n.code for n in all_nodes]
    assert len(codes) == len(set(codes))
    known = set(codes)
    assert all(n.parent_code is None or n.parent_code in known for n in all_nodes)
    for code in ("crm:customer:lock", "crm:contract:change_no", "cards:making:reset_password", "escort:withdrawal:pay",
                 "reports:hospital_settlement:export", "system:api_key:revoke", "cards:red_packet:list",
                 "health:schedule:update", "system:operation_log:export", "cards:entitlement:list"):
        assert code in permission_codes(), code
    menu = menu_for(frozenset({"crm:pool:list", "crm:pool_rule:list"}))
    assert [n["code"] for n in menu] == ["crm"]
    pool = menu[0]["children"][0]
    assert pool["code"] == "crm:pool:list" and [c["code"] for c in pool["children"]] == ["crm:pool_rule:list"]


def test_target_id() -> None:
    assert target_id("/api/crm/customers/12/release", b"") == "12"
    assert target_id("/api/system/users", b'{"id": 5, "name": "x"}') == "5"
    assert target_id("/api/system/users", b"not json") == ""
    assert target_id("/api/cards/making-batches/7/export", b"PK...") == "7"


def _documented_success(operation: dict) -> str | None:
    """Why an operation's success answer is documented, or None when it is not (a bare dict, no schema)."""
    for status, answer in operation["responses"].items():
        if not status.startswith("2"):
            continue
        if status == "204":
            return "no content"
        content = answer.get("content", {})
        if any("spreadsheetml" in media for media in content):
            return "xlsx"
        schema = content.get("application/json", {}).get("schema", {})
        if "$ref" in schema or "$ref" in schema.get("items", {}):
            return "model"
    return None


def test_every_gateway_operation_documents_its_success_answer() -> None:
    """The console's TypeScript types come from the OpenAPI: every route of the gateway's own API declares the
    model (or the file, or the empty body) it answers with."""
    from gateway.main import create_app
    from gateway.tests.conftest import test_settings

    doc = create_app(test_settings()).openapi()
    undocumented = [(method, path) for path, item in doc["paths"].items() for method, operation in item.items()
                    if _documented_success(operation) is None]
    assert not undocumented, undocumented
    assert len([1 for item in doc["paths"].values() for _ in item]) >= 39
