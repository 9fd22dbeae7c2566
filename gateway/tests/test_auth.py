"""Login, lockout, sessions (logout, disable, refresh), `me`, members, and which token goes where."""

from __future__ import annotations

import json

ADMIN = ("admin", "admin123")
SALES = ("wanbin", "demo123")


async def test_login_returns_tokens_and_me_has_permissions_and_menu(harness) -> None:
    tokens = await harness.login(*SALES)
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == harness.settings.access_ttl_seconds
    me = await harness.client.get("/api/auth/me", headers={"authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200, me.text
    body = me.json()
    assert body["user"]["username"] == "wanbin" and body["user"]["dept_id"] == 3
    assert "crm:customer:list" in body["permissions"] and "system:user:list" not in body["permissions"]
    top = [node["code"] for node in body["menu"]]
    assert "crm" in top and "system" not in top  # the menu only shows what the salesperson holds
    crm = next(node for node in body["menu"] if node["code"] == "crm")
    customers = next(node for node in crm["children"] if node["code"] == "crm:customer:list")
    buttons = {child["code"] for child in customers["children"]}
    assert "crm:customer:create" in buttons and "crm:customer:delete" not in buttons
    assert await harness.scalar("SELECT count(*) FROM login_logs WHERE username = 'wanbin' AND success") == 1
    assert await harness.scalar("SELECT last_login_at IS NOT NULL FROM staff WHERE id = 2") is True


async def test_bad_login_body_is_422(harness) -> None:
    response = await harness.client.post("/api/auth/login", json={"username": "admin"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "password"


async def test_control_characters_in_credentials_and_staff_fields_are_422(harness) -> None:
    """A NUL cannot be stored (the login log, the staff table): refused at the door, never a 500."""
    for path, body in (("/api/auth/login", {"username": "ad\u0000min", "password": "x"}),
                       ("/app/auth/login", {"phone": "13800000000\u0000", "password": "x"}),
                       ("/app/auth/register", {"phone": "13800000001", "password": "secret1", "name": "a\u0000"})):
        response = await harness.client.post(path, json=body)
        assert response.status_code == 422 and response.json()["code"] == "validation_error", (path, response.text)
    admin = await harness.headers()
    for field, value in (("email", "a\u0000@b.cn"), ("name", "\u0000"), ("position", "x\u0007"),
                         ("remark", "\ud800")):
        body = json.dumps({"username": "ctl_user", "name": "n", "password": "secret1", field: value})  # ASCII-escaped
        response = await harness.client.post("/api/system/users", content=body,
                                             headers={**admin, "content-type": "application/json"})
        assert response.status_code == 422, (field, response.text)
        assert field in {e["field"] for e in response.json()["errors"]}, (field, response.text)
    assert await harness.scalar("SELECT count(*) FROM staff WHERE username = 'ctl_user'") == 0


async def test_lockout_after_repeated_failures_refuses_even_the_right_password(harness) -> None:
    threshold = harness.settings.lockout_threshold
    for attempt in range(threshold - 1):
        response = await harness.client.post("/api/auth/login", json={"username": "wanbin", "password": "nope"})
        assert response.status_code == 401, attempt
        assert response.json()["code"] == "invalid_credentials"
    response = await harness.client.post("/api/auth/login", json={"username": "wanbin", "password": "nope"})
    assert response.status_code == 423 and response.json()["code"] == "account_locked"
    right = await harness.client.post("/api/auth/login", json={"username": "wanbin", "password": SALES[1]})
    assert right.status_code == 423
    assert int(right.headers["retry-after"]) > 0
    # Another account is not affected.
    assert (await harness.client.post("/api/auth/login", json={"username": "zhanglei", "password": "demo123"})
            ).status_code == 200
    failures = await harness.scalar("SELECT count(*) FROM login_logs WHERE username = 'wanbin' AND NOT success")
    assert failures == threshold + 1
    reasons = await harness.scalar(
        "SELECT string_agg(DISTINCT reason, ',' ORDER BY reason) FROM login_logs WHERE username = 'wanbin'"
    )
    assert reasons == "account_locked,invalid_credentials"
    # Once the lock expires, the right password works again.
    await harness.redis.delete("gw:lock:staff:wanbin")
    assert (await harness.client.post("/api/auth/login", json={"username": "wanbin", "password": SALES[1]})
            ).status_code == 200


async def test_unknown_user_is_refused_like_a_wrong_password(harness) -> None:
    response = await harness.client.post("/api/auth/login", json={"username": "ghost", "password": "x"})
    assert response.status_code == 401 and response.json()["code"] == "invalid_credentials"


async def test_logout_revokes_the_token_at_once(harness) -> None:
    headers = await harness.headers(*SALES)
    assert (await harness.client.get("/api/mall/echo", headers=headers)).status_code == 200
    assert (await harness.client.post("/api/auth/logout", headers=headers)).status_code == 204
    assert await harness.scalar("SELECT count(*) FROM login_logs WHERE username = 'wanbin' AND reason = 'logout'") == 1
    assert (await harness.client.get("/api/auth/me", headers=headers)).status_code == 401
    proxied = await harness.client.get("/api/mall/echo", headers=headers)
    assert proxied.status_code == 401 and proxied.json()["code"] == "session_revoked"


async def test_disabling_a_user_revokes_their_sessions(harness) -> None:
    admin = await harness.headers()
    sales = await harness.headers(*SALES)
    other_session = await harness.headers(*SALES)
    assert (await harness.client.get("/api/auth/me", headers=sales)).status_code == 200
    response = await harness.client.post("/api/system/users/2/disable", headers=admin)
    assert response.status_code == 200 and response.json()["active"] is False
    for headers in (sales, other_session):
        assert (await harness.client.get("/api/auth/me", headers=headers)).status_code == 401
        assert (await harness.client.get("/api/mall/echo", headers=headers)).status_code == 401
    refused = await harness.client.post("/api/auth/login", json={"username": "wanbin", "password": SALES[1]})
    assert refused.status_code == 403 and refused.json()["code"] == "account_disabled"
    assert (await harness.client.post("/api/system/users/2/enable", headers=admin)).status_code == 200
    assert (await harness.client.post("/api/auth/login", json={"username": "wanbin", "password": SALES[1]})
            ).status_code == 200


async def test_refresh_rotates_and_the_old_refresh_token_is_refused(harness) -> None:
    first = await harness.login(*ADMIN)
    second = await harness.client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200, second.text
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    new_headers = {"authorization": f"Bearer {rotated['access_token']}"}
    assert (await harness.client.get("/api/auth/me", headers=new_headers)).status_code == 200
    replay = await harness.client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401 and replay.json()["code"] == "invalid_refresh_token"
    # Replaying an old refresh token is taken as theft: the session it belonged to is ended.
    assert (await harness.client.get("/api/auth/me", headers=new_headers)).status_code == 401
    again = await harness.client.post("/api/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert again.status_code == 401


async def test_garbage_tokens_are_401(harness) -> None:
    for header in ("Bearer nonsense", "Bearer a.b.c", "Basic abc", "Bearer "):
        response = await harness.client.get("/api/auth/me", headers={"authorization": header})
        assert response.status_code == 401, header
        response = await harness.client.get("/api/mall/echo", headers={"authorization": header})
        assert response.status_code == 401, header


async def test_member_register_login_and_token_kinds(harness) -> None:
    registered = await harness.client.post(
        "/app/auth/register", json={"phone": "13900000001", "password": "secret1", "name": "张三"}
    )
    assert registered.status_code == 201, registered.text
    again = await harness.client.post(
        "/app/auth/register", json={"phone": "13900000001", "password": "secret1", "name": "张三"}
    )
    assert again.status_code == 409
    bad = await harness.client.post("/app/auth/register", json={"phone": "12", "password": "x", "name": ""})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"phone", "password", "name"}
    assert await harness.scalar("SELECT count(*) FROM members") == 1

    login = await harness.client.post("/app/auth/login", json={"phone": "13900000001", "password": "secret1"})
    assert login.status_code == 200
    member = {"authorization": f"Bearer {login.json()['access_token']}"}
    me = await harness.client.get("/app/auth/me", headers=member)
    assert me.status_code == 200 and me.json()["phone"] == "13900000001"
    echoed = await harness.client.get("/app/mall/echo", headers=member)
    assert echoed.status_code == 200
    assert echoed.json()["kind"] == "member" and echoed.json()["username"] == "13900000001"

    staff = await harness.headers()
    # A member token is refused on /api, a staff token on /app.
    assert (await harness.client.get("/api/mall/echo", headers=member)).status_code == 403
    assert (await harness.client.get("/api/system/users", headers=member)).status_code == 403
    assert (await harness.client.get("/app/mall/echo", headers=staff)).status_code == 403
    assert (await harness.client.get("/app/auth/me", headers=staff)).status_code == 403
    assert (await harness.client.get("/app/mall/echo")).status_code == 401

    # Admin list masks the phone for a role without system:member:update, and disabling revokes.
    listed = await harness.client.get("/api/system/members", headers=staff)
    assert listed.json()["data_list"][0]["phone"] == "13900000001"
    member_id = listed.json()["data_list"][0]["id"]
    assert (await harness.client.post(f"/api/system/members/{member_id}/disable", headers=staff)).status_code == 200
    assert (await harness.client.get("/app/mall/echo", headers=member)).status_code == 401
    relogin = await harness.client.post("/app/auth/login", json={"phone": "13900000001", "password": "secret1"})
    assert relogin.status_code == 403


async def test_member_refresh_and_logout_keep_to_the_member_kind(harness) -> None:
    """/app/auth/refresh and /logout (add_session_routes, shared with staff) work on the member's own session
    only: a member's refresh token is no staff one, and a staff token cannot log out as a member."""
    registered = await harness.client.post(
        "/app/auth/register", json={"phone": "13900000009", "password": "secret1", "name": "王五"})
    assert registered.status_code == 201, registered.text
    first = registered.json()
    as_staff = await harness.client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert as_staff.status_code == 401, as_staff.text
    rotated = await harness.client.post("/app/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200, rotated.text
    member = {"authorization": f"Bearer {rotated.json()['access_token']}"}
    assert (await harness.client.get("/app/auth/me", headers=member)).status_code == 200

    staff = await harness.headers()
    assert (await harness.client.post("/app/auth/logout", headers=staff)).status_code == 403
    assert (await harness.client.post("/app/auth/logout", headers=member)).status_code == 204
    assert (await harness.client.get("/app/auth/me", headers=member)).status_code == 401
    assert (await harness.client.get("/api/auth/me", headers=staff)).status_code == 200


async def test_member_phone_is_masked_without_the_update_permission(harness) -> None:
    await harness.client.post("/app/auth/register", json={"phone": "13900000002", "password": "secret1", "name": "李"})
    admin = await harness.headers()
    role = await harness.client.post("/api/system/roles", headers=admin, json={
        "name": "客服", "code": "service_desk", "scope": "all", "permissions": ["system:member:list"]})
    assert role.status_code == 201, role.text
    user = await harness.client.post("/api/system/users", headers=admin, json={
        "username": "kefu", "name": "客服小张", "password": "kefu123", "dept_id": 5, "role_ids": [role.json()["id"]]})
    assert user.status_code == 201, user.text
    desk = await harness.headers("kefu", "kefu123")
    listed = await harness.client.get("/api/system/members", headers=desk)
    assert listed.status_code == 200
    assert listed.json()["data_list"][0]["phone"] == "139****0002"
    assert (await harness.client.post("/api/system/members/1/disable", headers=desk)).status_code == 403


async def test_change_own_password_ends_the_other_sessions(harness) -> None:
    here = await harness.headers(*SALES)
    elsewhere = await harness.headers(*SALES)
    wrong = await harness.client.put("/api/auth/password", headers=here,
                                     json={"old_password": "nope", "new_password": "newpass1"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "old_password"
    short = await harness.client.put("/api/auth/password", headers=here,
                                     json={"old_password": SALES[1], "new_password": "123"})
    assert short.status_code == 422
    same = await harness.client.put("/api/auth/password", headers=here,
                                    json={"old_password": SALES[1], "new_password": SALES[1]})
    assert same.status_code == 422 and same.json()["code"] == "same_password"
    changed = await harness.client.put("/api/auth/password", headers=here,
                                       json={"old_password": SALES[1], "new_password": "newpass1"})
    assert changed.status_code == 204
    assert (await harness.client.get("/api/auth/me", headers=here)).status_code == 200
    assert (await harness.client.get("/api/auth/me", headers=elsewhere)).status_code == 401
    old = await harness.client.post("/api/auth/login", json={"username": SALES[0], "password": SALES[1]})
    assert old.status_code == 401
    await harness.login(SALES[0], "newpass1")
