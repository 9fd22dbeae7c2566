"""`/api/system/...`: every route guarded, CRUD with validation (bad input writes nothing), optimistic
concurrency, the operation log, and the staff-directory event."""

from __future__ import annotations

import json
import re

from fastapi.routing import APIRoute

SALES = ("wanbin", "demo123")


def system_operations(app) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    """(method, concrete path, permission) for every gateway route under /api/system (from its OpenAPI)."""
    found = []
    for path, item in app.openapi()["paths"].items():
        if not path.startswith("/api/system"):
            continue
        for method, operation in item.items():
            found.append((method.upper(), re.sub(r"\{[^}]+\}", "1", path), operation.get("x-permission")))
    return found


async def test_every_system_route_needs_a_token_and_its_permission(harness) -> None:
    operations = system_operations(harness.app)
    assert len(operations) >= 25
    assert all(permission for _, _, permission in operations), "every admin route names its permission"
    sales = await harness.headers(*SALES)  # a salesperson holds no system:* permission
    for method, path, permission in operations:
        anonymous = await harness.client.request(method, path, json={})
        assert anonymous.status_code == 401, (method, path, anonymous.text)
        assert anonymous.headers["content-type"].startswith("application/problem+json")
        refused = await harness.client.request(method, path, json={}, headers=sales)
        assert refused.status_code == 403, (method, path, refused.text)
        assert refused.json()["permission"] == permission


async def test_auth_routes_other_than_login_need_a_token(harness) -> None:
    for method, path in (("GET", "/api/auth/me"), ("POST", "/api/auth/logout"), ("GET", "/app/auth/me"),
                         ("POST", "/app/auth/logout")):
        assert (await harness.client.request(method, path)).status_code == 401, path


def _routes_with_permissions(app) -> set[str]:  # type: ignore[no-untyped-def]
    from gateway.permissions.menu import permission_codes

    codes = permission_codes()
    used = set()
    for route in app.routes:
        if isinstance(route, APIRoute) and route.openapi_extra and "x-permission" in route.openapi_extra:
            used.add(route.openapi_extra["x-permission"])
    for item in app.openapi()["paths"].values():
        for operation in item.values():
            if "x-permission" in operation:
                used.add(operation["x-permission"])
    assert used <= codes, used - codes
    return used


async def test_route_permissions_are_in_the_menu_tree(harness) -> None:
    assert "system:user:list" in _routes_with_permissions(harness.app)


async def test_staff_crud_with_event_and_operation_log(harness) -> None:
    admin = await harness.headers()
    created = await harness.client.post("/api/system/users", headers=admin, json={
        "username": "newbie", "name": "新人", "password": "newbie1", "phone": "13700000000",
        "email": "newbie@example.com", "position": "销售", "dept_id": 3, "role_ids": [3]})
    assert created.status_code == 201, created.text
    staff = created.json()
    assert staff["dept_name"] == "销售一部" and staff["roles"] == [{"id": 3, "name": "销售员"}]
    assert "password" not in json.dumps(staff) and "password_hash" not in staff
    staff_id = staff["id"]
    assert staff_id == 11  # sequences continue after the demo's fixed ids

    # The staff directory event is in the outbox, in the same transaction.
    body = await harness.scalar(
        "SELECT body FROM outbox WHERE routing_key = 'gateway.StaffChanged' ORDER BY id DESC LIMIT 1")
    payload = json.loads(bytes(body))["payload"]
    assert payload["staff_id"] == staff_id and payload["dept_name"] == "销售一部" and payload["revision"] == 1

    # Optimistic concurrency: a stale version is a 409 and changes nothing.
    update = {"name": "新人二", "dept_id": 4, "role_ids": [3], "version": staff["version"]}
    updated = await harness.client.put(f"/api/system/users/{staff_id}", headers=admin, json=update)
    assert updated.status_code == 200, updated.text
    assert updated.json()["dept_name"] == "销售二部" and updated.json()["version"] == staff["version"] + 1
    stale = await harness.client.put(f"/api/system/users/{staff_id}", headers=admin, json={**update, "name": "x"})
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    missing_version = await harness.client.put(f"/api/system/users/{staff_id}", headers=admin,
                                               json={"name": "x", "role_ids": []})
    assert missing_version.status_code == 428
    assert await harness.scalar(f"SELECT name FROM staff WHERE id = {staff_id}") == "新人二"
    assert await harness.scalar(
        "SELECT max((convert_from(body, 'UTF8')::jsonb -> 'payload' ->> 'revision')::int) FROM outbox") == 2

    listed = await harness.client.get("/api/system/users", headers=admin,
                                      params={"dept_id": 2, "keyword": "新人", "page_size": 5})
    assert listed.status_code == 200
    page = listed.json()
    assert page["total"] == 1 and page["data_list"][0]["id"] == staff_id  # dept 2 includes its sub-departments
    assert {"status_list", "dept_list", "role_list"} <= set(page)
    assert "role_list" not in (await harness.client.get("/api/system/users?with_options=0", headers=admin)).json()

    # The new account can log in; resetting its password ends its sessions.
    newbie = await harness.headers("newbie", "newbie1")
    reset = await harness.client.post(f"/api/system/users/{staff_id}/reset-password", headers=admin,
                                      json={"password": "changed1"})
    assert reset.status_code == 204
    assert (await harness.client.get("/api/auth/me", headers=newbie)).status_code == 401
    await harness.login("newbie", "changed1")

    deleted = await harness.client.delete(f"/api/system/users/{staff_id}", headers=admin)
    assert deleted.status_code == 204
    assert (await harness.client.get(f"/api/system/users/{staff_id}", headers=admin)).status_code == 404

    await harness.gateway.audit.flush()
    rows = await harness.scalar(
        "SELECT json_agg(json_build_object('m', method, 'p', path, 't', target_id, 's', status_code, "
        "'u', user_name, 'svc', service) ORDER BY id) FROM operation_logs")
    assert {"m": "POST", "p": "/api/system/users", "t": str(staff_id), "s": 201, "u": "系统管理员",
            "svc": "gateway"} in rows
    assert {"m": "PUT", "p": f"/api/system/users/{staff_id}", "t": str(staff_id), "s": 409, "u": "系统管理员",
            "svc": "gateway"} in rows
    assert {"m": "DELETE", "p": f"/api/system/users/{staff_id}", "t": str(staff_id), "s": 204,
            "u": "系统管理员", "svc": "gateway"} in rows
    assert not any(row["p"].startswith("/api/auth") for row in rows)  # logins are in the login log

    logs = await harness.client.get("/api/system/operation-logs", headers=admin,
                                    params={"target_id": str(staff_id), "method": "DELETE"})
    assert logs.status_code == 200 and logs.json()["total"] == 1
    export = await harness.client.get("/api/system/operation-logs/export", headers=admin)
    assert export.status_code == 200 and export.content[:2] == b"PK"
    await harness.gateway.audit.flush()
    assert await harness.scalar(
        "SELECT count(*) FROM operation_logs WHERE path = '/api/system/operation-logs/export'") == 1


async def test_bad_staff_input_is_422_and_writes_nothing(harness) -> None:
    admin = await harness.headers()
    before = await harness.scalar("SELECT count(*) FROM staff")
    outbox_before = await harness.scalar("SELECT count(*) FROM outbox")
    bad_bodies = [
        ({"username": "x", "name": "a", "password": "secret1"}, "username"),
        ({"username": "okname", "name": "", "password": "secret1"}, "name"),
        ({"username": "okname", "name": "a", "password": "123"}, "password"),
        ({"username": "okname", "name": "a", "password": "secret1", "phone": "123"}, "phone"),
        ({"username": "okname", "name": "a", "password": "secret1", "email": "not-mail"}, "email"),
        ({"username": "okname", "name": "a", "password": "secret1", "dept_id": 999}, "dept_id"),
        ({"username": "okname", "name": "a", "password": "secret1", "role_ids": [999]}, "role_ids"),
        ({"username": "okname", "name": "a", "password": "secret1", "dept_id": "abc"}, "dept_id"),
        ({"username": "okname", "name": "a", "password": "secret1", "unknown": 1}, "unknown"),
    ]
    for body, field in bad_bodies:
        response = await harness.client.post("/api/system/users", headers=admin, json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in {e["field"] for e in response.json()["errors"]}, (field, response.json())
    taken = await harness.client.post("/api/system/users", headers=admin,
                                      json={"username": "admin", "name": "a", "password": "secret1"})
    assert taken.status_code == 409 and taken.json()["code"] == "username_taken"
    assert (await harness.client.get("/api/system/users?page_size=101", headers=admin)).status_code == 422
    assert (await harness.client.get("/api/system/users?sort=password_hash", headers=admin)).status_code == 422
    assert (await harness.client.get("/api/system/users?date_from=2026-02-01&date_to=2026-01-01",
                                     headers=admin)).status_code == 422
    assert (await harness.client.get("/api/system/users/abc", headers=admin)).status_code == 422
    assert await harness.scalar("SELECT count(*) FROM staff") == before
    assert await harness.scalar("SELECT count(*) FROM outbox") == outbox_before


async def test_superuser_and_self_are_protected(harness) -> None:
    admin = await harness.headers()
    assert (await harness.client.post("/api/system/users/1/disable", headers=admin)).status_code == 409
    assert (await harness.client.delete("/api/system/users/1", headers=admin)).status_code == 409
    assert await harness.scalar("SELECT active FROM staff WHERE id = 1") is True


async def test_departments_tree_rename_event_and_guards(harness) -> None:
    admin = await harness.headers()
    tree = await harness.client.get("/api/system/departments/tree", headers=admin)
    assert tree.status_code == 200
    root = tree.json()["data_list"][0]
    assert root["name"] == "公司" and [c["name"] for c in root["children"]] == ["销售部", "运营部", "财务部"]

    created = await harness.client.post("/api/system/departments", headers=admin,
                                        json={"name": "销售三部", "parent_id": 2, "leader": "周经理"})
    assert created.status_code == 201, created.text
    new_id = created.json()["id"]
    assert new_id == 7

    # Cycles and unknown parents are refused; nothing changes.
    cycle = await harness.client.put("/api/system/departments/2", headers=admin,
                                     json={"name": "销售部", "parent_id": new_id, "version": 1})
    assert cycle.status_code == 422 and cycle.json()["code"] == "department_cycle"
    unknown = await harness.client.post("/api/system/departments", headers=admin, json={"name": "x", "parent_id": 99})
    assert unknown.status_code == 422
    assert await harness.scalar("SELECT parent_id FROM departments WHERE id = 2") == 1

    # Renaming tells the other services about everyone in the department.
    outbox_before = await harness.scalar("SELECT coalesce(max(id), 0) FROM outbox")
    renamed = await harness.client.put("/api/system/departments/3", headers=admin,
                                       json={"name": "销售A部", "parent_id": 2, "version": 1})
    assert renamed.status_code == 200, renamed.text
    assert await harness.scalar(f"SELECT count(*) FROM outbox WHERE id > {outbox_before}") == 3  # 万彬, 熊凭凭, 章磊
    names = await harness.scalar(
        "SELECT json_agg(DISTINCT convert_from(body, 'UTF8')::jsonb -> 'payload' ->> 'dept_name') FROM outbox "
        f"WHERE id > {outbox_before}")
    assert names == ["销售A部"]

    in_use = await harness.client.delete("/api/system/departments/3", headers=admin)
    assert in_use.status_code == 409 and in_use.json()["code"] == "department_has_staff"
    parent = await harness.client.delete("/api/system/departments/2", headers=admin)
    assert parent.status_code == 409
    assert (await harness.client.delete(f"/api/system/departments/{new_id}", headers=admin)).status_code == 204


async def test_roles_validate_permissions_and_scopes(harness) -> None:
    admin = await harness.headers()
    before = await harness.scalar("SELECT count(*) FROM roles")
    bad = [
        {"name": "x", "code": "x1", "permissions": ["crm:customer:fly"]},
        {"name": "x", "code": "Bad Code", "permissions": []},
        {"name": "x", "code": "x2", "scope": "everything"},
        {"name": "x", "code": "x3", "scope": "custom", "dept_ids": []},
        {"name": "x", "code": "x4", "scope": "custom", "dept_ids": [42]},
    ]
    for body in bad:
        response = await harness.client.post("/api/system/roles", headers=admin, json=body)
        assert response.status_code == 422, (body, response.text)
    dup = await harness.client.post("/api/system/roles", headers=admin, json={"name": "销售员", "code": "other"})
    assert dup.status_code == 409
    assert await harness.scalar("SELECT count(*) FROM roles") == before

    listed = await harness.client.get("/api/system/roles", headers=admin)
    assert listed.status_code == 200
    assert {"scope_list", "status_list", "dept_list"} <= set(listed.json())
    in_use = await harness.client.delete("/api/system/roles/3", headers=admin)
    assert in_use.status_code == 409 and in_use.json()["code"] == "role_in_use"

    permissions = await harness.client.get("/api/system/permissions", headers=admin)
    assert permissions.status_code == 200
    tree = permissions.json()["tree"]
    assert [node["name"] for node in tree][:3] == ["客户管理", "卡片管理", "体检管理"]


async def test_role_change_takes_effect_at_once(harness) -> None:
    admin = await harness.headers()
    sales = await harness.headers(*SALES)
    assert (await harness.client.get("/api/system/departments", headers=sales)).status_code == 403
    role = (await harness.client.get("/api/system/roles/3", headers=admin)).json()
    updated = await harness.client.put("/api/system/roles/3", headers=admin, json={
        "name": role["name"], "code": role["code"], "scope": role["scope"],
        "permissions": [*role["permissions"], "system:dept:list"], "version": role["version"]})
    assert updated.status_code == 200, updated.text
    # Same token, no new login: the cached authorisation was invalidated by the version bump.
    assert (await harness.client.get("/api/system/departments", headers=sales)).status_code == 200


async def test_role_update_takes_its_version_from_if_match_and_a_deleted_role_is_gone(harness) -> None:
    """The directory routes (gateway/pages.py) resolve the version from the body or If-Match, as by hand."""
    admin = await harness.headers()
    created = await harness.client.post("/api/system/roles", headers=admin,
                                        json={"name": "版本测试", "code": "if_match_probe", "permissions": []})
    assert created.status_code == 201, created.text
    role = created.json()
    body = {"name": "版本测试二", "code": role["code"], "scope": role["scope"], "permissions": []}
    url = f"/api/system/roles/{role['id']}"
    missing = await harness.client.put(url, headers=admin, json=body)
    assert missing.status_code == 428 and missing.json()["code"] == "version_required"
    stale = await harness.client.put(url, headers={**admin, "If-Match": f'"{role["version"] + 1}"'}, json=body)
    assert stale.status_code == 409, stale.text
    updated = await harness.client.put(url, headers={**admin, "If-Match": f'"{role["version"]}"'}, json=body)
    assert updated.status_code == 200 and updated.json()["name"] == "版本测试二", updated.text
    assert (await harness.client.delete(url, headers=admin)).status_code == 204
    assert (await harness.client.get(url, headers=admin)).status_code == 404
