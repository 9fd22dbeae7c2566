"""The proxy: forwarded identity and data scopes, partner keys, failures of the upstream, streaming, and the
merged OpenAPI walked anonymously."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from gateway.main import create_app
from shared.testing import client_for, running

SALES = ("wanbin", "demo123")


async def _user_with_roles(harness, admin, username: str, dept_id: int, roles: list[dict]) -> dict[str, str]:
    role_ids = []
    for index, role in enumerate(roles):
        body = {"name": f"{username}-{index}", "code": f"{username}_{index}", **role}
        response = await harness.client.post("/api/system/roles", headers=admin, json=body)
        assert response.status_code == 201, response.text
        role_ids.append(response.json()["id"])
    created = await harness.client.post("/api/system/users", headers=admin, json={
        "username": username, "name": username, "password": "secret1", "dept_id": dept_id, "role_ids": role_ids})
    assert created.status_code == 201, created.text
    return await harness.headers(username, "secret1")


async def _scope(harness, headers, perm: str) -> dict:
    response = await harness.client.get("/api/mall/echo", headers=headers, params={"perm": perm})
    assert response.status_code == 200, response.text
    return response.json()


@asynccontextmanager
async def _gateway_before(harness, service: str, service_app) -> AsyncIterator[tuple[httpx.AsyncClient, dict]]:
    """A gateway whose `service` is that service's own app (running), and an admin's headers on it. Its upstream
    limit is 30 s: real queries may take over a second on a busy machine (the tests' 1 s limit is for /slow)."""
    async with running(service_app):
        settings = harness.settings.model_copy(update={"upstream_timeout": 30.0})
        app = create_app(settings, transports={service: httpx.ASGITransport(app=service_app)})
        async with client_for(app) as client:
            login = await client.post("/api/auth/login", json={"username": "admin", "password": "admin123"})
            assert login.status_code == 200, login.text
            yield client, {"authorization": f"Bearer {login.json()['access_token']}"}


async def _key_issued_and_unknown_refused(client: httpx.AsyncClient, headers: dict, name: str, partner_type: str,
                                          partner_id: int) -> dict[str, Any]:
    """Issues a key for a partner the owning service has, and checks one for a partner it lacks is refused."""
    issued = await client.post("/api/system/api-keys", headers=headers, json={
        "name": name, "partner_type": partner_type, "partner_id": partner_id})
    assert issued.status_code == 201, issued.text
    refused = await client.post("/api/system/api-keys", headers=headers, json={
        "name": name, "partner_type": partner_type, "partner_id": 99999999})
    assert refused.status_code == 422 and refused.json()["code"] == "partner_not_found", refused.text
    return issued.json()


async def test_no_token_is_401_and_internal_is_never_routed(harness) -> None:
    for path in ("/api/mall/echo", "/api/mall/goods", "/api/crm/customers", "/app/mall/echo"):
        response = await harness.client.get(path)
        assert response.status_code == 401, path
    admin = await harness.headers()
    for path in ("/internal/cards/debits", "/api/internal/cards/debits"):
        assert (await harness.client.post(path, headers=admin, json={})).status_code == 404


async def test_forwarded_identity_carries_only_that_services_permissions(harness) -> None:
    sales = await harness.headers(*SALES)
    body = await _scope(harness, sales, "mall:goods:list")
    assert body["kind"] == "staff" and body["id"] == 2 and body["name"] == "万彬" and body["dept_id"] == 3
    assert body["has"] is False  # the salesperson holds no mall permission
    assert body["grants"] == []  # crm:* and cards:* are not sent to mall
    assert body["headers"]["x-request-id"] and body["headers"]["x-forwarded-for"] == "127.0.0.1"
    assert "x-api-key" not in body["headers"]
    query = await harness.client.get("/api/mall/echo?perm=mall:goods:list&a=%E4%B8%AD", headers=sales)
    assert query.json()["query"] == "perm=mall:goods:list&a=%E4%B8%AD"


async def test_each_data_scope_is_resolved_for_the_service(harness) -> None:
    admin = await harness.headers()
    perm = {"permissions": ["mall:goods:list"]}
    cases = [
        ("scope_all", 3, {"scope": "all", **perm}, {"all": True, "dept_ids": [], "owner_id": None}),
        ("scope_custom", 3, {"scope": "custom", "dept_ids": [4, 5], **perm},
         {"all": False, "dept_ids": [4, 5], "owner_id": None}),
        ("scope_dept", 3, {"scope": "dept", **perm}, {"all": False, "dept_ids": [3], "owner_id": None}),
        ("scope_tree", 2, {"scope": "dept_tree", **perm}, {"all": False, "dept_ids": [2, 3, 4], "owner_id": None}),
        ("scope_self", 3, {"scope": "self", **perm}, {"all": False, "dept_ids": [], "owner_id": "me"}),
    ]
    for username, dept_id, role, expected in cases:
        headers = await _user_with_roles(harness, admin, username, dept_id, [role])
        body = await _scope(harness, headers, "mall:goods:list")
        if expected["owner_id"] == "me":
            expected = {**expected, "owner_id": body["id"]}
        assert body["has"] is True and body["scope"] == expected, (username, body)


async def test_two_roles_union_only_over_roles_holding_the_permission(harness) -> None:
    admin = await harness.headers()
    headers = await _user_with_roles(harness, admin, "tworoles", 3, [
        {"scope": "self", "permissions": ["mall:goods:list", "crm:customer:list"]},
        {"scope": "dept_tree", "permissions": ["mall:brand:list"]},
        {"scope": "custom", "dept_ids": [6], "permissions": ["mall:goods:list"]},
    ])
    goods = await _scope(harness, headers, "mall:goods:list")
    assert goods["scope"] == {"all": False, "dept_ids": [6], "owner_id": goods["id"]}
    brands = await _scope(harness, headers, "mall:brand:list")
    assert brands["scope"] == {"all": False, "dept_ids": [3], "owner_id": None}
    orders = await _scope(harness, headers, "mall:order:list")
    assert orders["has"] is False and orders["scope"] == {"all": False, "dept_ids": [], "owner_id": None}
    assert all(p.startswith("mall:") for g in goods["grants"] for p in g["perms"])


async def test_partner_keys(harness) -> None:
    admin = await harness.headers()
    created = await harness.client.post("/api/system/api-keys", headers=admin, json={
        "name": "南昌大学附属康复医院", "partner_type": "hospital", "partner_id": 12, "rate_limit": 3})
    assert created.status_code == 201, created.text
    key = created.json()["key"]
    key_id = created.json()["id"]
    # Only a hash is stored; the list shows the prefix, never the key.
    assert await harness.scalar(f"SELECT count(*) FROM api_keys WHERE key_hash = '{key}' OR prefix = '{key}'") == 0
    dump = await harness.scalar("SELECT row_to_json(api_keys)::text FROM api_keys")
    assert key not in dump and key.split(".")[1] not in dump
    listed = await harness.client.get("/api/system/api-keys", headers=admin)
    assert key not in listed.text and listed.json()["data_list"][0]["prefix"] == key.split(".")[0]

    echoed = await harness.client.get("/partner/health/echo", headers={"x-api-key": key})
    assert echoed.status_code == 200, echoed.text
    assert echoed.json() | {"grants": []} == echoed.json()
    assert (echoed.json()["kind"], echoed.json()["partner_type"], echoed.json()["partner_id"], echoed.json()["id"]) \
        == ("partner", "hospital", 12, key_id)
    # Only on its own partner type's prefix.
    assert (await harness.client.get("/partner/escort/orders", headers={"x-api-key": key})).status_code == 403
    assert (await harness.client.get("/partner/mall/echo", headers={"x-api-key": key})).status_code == 403
    # Not a staff or member credential either.
    assert (await harness.client.get("/api/mall/echo", headers={"x-api-key": key})).status_code == 401
    assert (await harness.client.get("/partner/health/echo")).status_code == 401
    assert (await harness.client.get("/partner/health/echo", headers={"x-api-key": "pk_nothing.x"})).status_code == 401

    # Rate limited per key (this key: 3 per window; every request above counted).
    limited = await harness.client.get("/partner/health/echo", headers={"x-api-key": key})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    await harness.redis.delete(*await harness.redis.keys("gw:rl:*"))
    assert (await harness.client.get("/partner/health/echo", headers={"x-api-key": key})).status_code == 200

    revoked = await harness.client.post(f"/api/system/api-keys/{key_id}/revoke", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    assert (await harness.client.get("/partner/health/echo", headers={"x-api-key": key})).status_code == 401
    # Also when Redis lost its copy: the database says revoked.
    await harness.redis.flushdb()
    assert (await harness.client.get("/partner/health/echo", headers={"x-api-key": key})).status_code == 401

    admin = await harness.headers()  # flushing Redis ended the admin's session too
    bad = await harness.client.post("/api/system/api-keys", headers=admin,
                                    json={"name": "x", "partner_type": "pharmacy", "partner_id": 0})
    assert bad.status_code == 422
    assert await harness.scalar("SELECT count(*) FROM api_keys") == 1


async def test_upstream_down_is_503_and_slow_is_504(harness) -> None:
    admin = await harness.headers()
    down = await harness.client.get("/api/reports/sales", headers=admin)  # nothing listens there in tests
    assert down.status_code == 503 and down.json()["code"] == "upstream_unavailable"
    slow = await harness.client.get("/api/mall/slow", headers=admin)  # upstream_timeout is 1 s in tests
    assert slow.status_code == 504 and slow.json()["code"] == "upstream_timeout"


async def test_bodies_stream_both_ways_with_headers(harness) -> None:
    admin = await harness.headers()
    payload = b"0123456789" * 2_000_000  # 20 MB
    uploaded = await harness.client.post("/api/mall/upload", headers=admin, content=payload)
    assert uploaded.status_code == 200 and uploaded.json() == {"size": len(payload)}
    downloaded = await harness.client.get("/api/mall/download", headers=admin)
    assert downloaded.status_code == 200 and len(downloaded.content) == 300_000
    assert downloaded.headers["x-custom"] == "kept"
    assert downloaded.headers["content-disposition"] == "attachment; filename=a.bin"
    assert len(downloaded.headers.get_list("x-request-id")) == 1


async def test_proxied_writes_are_in_the_operation_log_with_their_target(harness) -> None:
    admin = await harness.headers()
    assert (await harness.client.post("/api/mall/echo/55", headers=admin, json={})).status_code == 200
    assert (await harness.client.post("/api/mall/echo", headers=admin, json={})).status_code == 201
    assert (await harness.client.get("/api/mall/echo", headers=admin)).status_code == 200  # a read: not logged
    await harness.gateway.audit.flush()
    rows = await harness.scalar(
        "SELECT json_agg(json_build_object('p', path, 't', target_id, 's', status_code, 'svc', service) "
        "ORDER BY id) FROM operation_logs")
    assert rows == [{"p": "/api/mall/echo/55", "t": "55", "s": 200, "svc": "mall"},
                    {"p": "/api/mall/echo", "t": "77", "s": 201, "svc": "mall"}]


async def test_a_path_with_a_nul_byte_does_not_stop_the_operation_log(harness) -> None:
    """PostgreSQL text cannot hold NUL: a write to `/api/mall/echo/%00` must be logged (escaped) and must not
    block the rows after it in the writer's buffer."""
    admin = await harness.headers()
    writer = harness.gateway.audit
    await writer.flush()
    await harness.client.post("/api/mall/echo/%00", headers=admin, json={})
    await harness.client.post("/api/system/users/%00/enable", headers=admin)
    assert (await harness.client.post("/api/mall/echo/56", headers=admin, json={})).status_code == 200
    await writer.flush()
    assert writer.pending == 0
    paths = await harness.scalar("SELECT json_agg(path ORDER BY id) FROM operation_logs")
    assert paths == ["/api/mall/echo/\\x00", "/api/system/users/\\x00/enable", "/api/mall/echo/56"], paths
    exported = await harness.client.get("/api/system/operation-logs/export", headers=admin)
    assert exported.status_code == 200


async def test_operation_log_rows_survive_shutdown(harness) -> None:
    """Rows still buffered when the app stops are written by the shutdown flush."""
    admin = await harness.headers()
    writer = harness.gateway.audit
    writer.flush_interval = 3600  # nothing flushes on its own from now on
    await writer.flush()
    assert (await harness.client.post("/api/mall/echo/9", headers=admin, json={})).status_code == 200
    assert writer.pending == 1
    await writer.stop()
    assert await harness.scalar("SELECT count(*) FROM operation_logs WHERE target_id = '9'") == 1


async def test_merged_openapi_every_operation_refuses_anonymous(harness) -> None:
    response = await harness.client.get("/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert "mall" not in doc["x-unavailable"] and "reports" in doc["x-unavailable"]
    assert "/api/system/users" in doc["paths"] and "/api/mall/echo" in doc["paths"]
    assert "/partner/health/echo" in doc["paths"]
    assert doc["paths"]["/api/system/users"]["get"]["x-permission"] == "system:user:list"
    # Component names are namespaced and every $ref points at one that exists.
    schemas = doc["components"]["schemas"]
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', response.text))
    assert refs and refs <= set(schemas)
    assert any(name.startswith("health__") for name in schemas) or any(n.startswith("mall__") for n in schemas)
    public = {("post", "/api/auth/login"), ("post", "/app/auth/login"), ("post", "/app/auth/register")}
    walked = 0
    for path, item in doc["paths"].items():
        for method in item:
            if (method, path) in public:
                continue
            concrete = re.sub(r"\{[^}]+\}", "1", path)
            body = {"refresh_token": "bogus.token-value"} if path.endswith("/refresh") else {}
            answer = await harness.client.request(method.upper(), concrete, json=body)
            assert answer.status_code == 401, (method, path, answer.status_code, answer.text[:200])
            walked += 1
    assert walked >= 30
    docs = await harness.client.get("/docs")
    assert docs.status_code == 200 and "/docs/assets/swagger-ui-bundle.js" in docs.text
    # The page's scripts come from the gateway, not a CDN: the docs work without internet.
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        served = await harness.client.get(f"/docs/assets/{asset}")
        assert served.status_code == 200 and len(served.content) > 100_000, asset


async def test_readyz_checks_redis_too(harness) -> None:
    ready = await harness.client.get("/readyz")
    assert set(ready.json()["checks"]) == {"database", "broker", "redis"}
    assert ready.json()["checks"]["redis"] == "ok" and ready.json()["checks"]["database"] == "ok"


async def test_real_crm_service_through_the_gateway(harness) -> None:
    """End to end against the crm service's own app: an admin list request is authorised by the service."""
    from crm.main import create_app as create_crm

    async with _gateway_before(harness, "crm", create_crm()) as (client, headers):
        response = await client.get("/api/crm/customers?page=1&page_size=5", headers=headers)
        assert response.status_code == 200, response.text
        assert {"data_list", "page", "page_size", "total"} <= set(response.json())
        assert (await client.get("/api/crm/customers")).status_code == 401


async def test_redis_down_is_503_not_a_guess(harness) -> None:
    """Sessions and rate limits live in Redis: without it, requests are refused with 503 (never waved through)."""
    import socket

    from redis.asyncio import Redis

    admin = await harness.headers()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead_port = sock.getsockname()[1]
    dead = Redis.from_url(f"redis://127.0.0.1:{dead_port}/0", socket_connect_timeout=0.5)
    sessions, keys = harness.gateway.sessions, harness.gateway.partner_keys
    live = sessions.redis
    sessions.redis, keys.redis = dead, dead
    try:
        for path in ("/api/mall/echo", "/api/system/users"):
            refused = await harness.client.get(path, headers=admin)
            assert refused.status_code == 503, path
        proxied = await harness.client.get("/api/mall/echo", headers=admin)
        assert proxied.status_code == 503 and proxied.json()["code"] == "session_store_unavailable"
        partner = await harness.client.get("/partner/health/echo", headers={"x-api-key": "pk_0123456789ab.x"})
        assert partner.status_code == 503
    finally:
        sessions.redis, keys.redis = live, live
        await dead.aclose()
    assert (await harness.client.get("/api/mall/echo", headers=admin)).status_code == 200


async def test_api_key_only_for_a_partner_its_service_knows(harness, make_echo_service) -> None:
    """The owning service is asked (health for hospitals, escort for escorts): an unknown partner is 422, an
    owner that cannot be asked is 503, and neither writes a key."""
    admin = await harness.headers()
    unknown = await harness.client.post("/api/system/api-keys", headers=admin, json={
        "name": "不存在的医院", "partner_type": "hospital", "partner_id": 99999999})
    assert unknown.status_code == 422, unknown.text
    assert unknown.json()["code"] == "partner_not_found" and unknown.json()["errors"][0]["field"] == "partner_id"
    down = await harness.client.post("/api/system/api-keys", headers=admin, json={
        "name": "陪诊师", "partner_type": "escort", "partner_id": 21})  # nothing listens for escort here
    assert down.status_code == 503 and down.json()["code"] == "partner_check_unavailable"
    too_big = await harness.client.post("/api/system/api-keys", headers=admin, json={
        "name": "x", "partner_type": "hospital", "partner_id": 2**63})
    assert too_big.status_code == 422
    assert await harness.scalar("SELECT count(*) FROM api_keys") == 0

    async with _gateway_before(harness, "escort", make_echo_service("escort")) as (client, headers):
        await _key_issued_and_unknown_refused(client, headers, "陪诊师", "escort", 21)
    assert await harness.scalar("SELECT count(*) FROM api_keys") == 1


async def test_api_key_checks_the_real_health_service(harness) -> None:
    """Against the health service's own app: a key for one of its hospitals is issued, one for a hospital it
    does not have (the 99999999 of the report) is refused."""
    from health.demo import load_demo
    from health.main import create_app as create_health
    from health.settings import HealthSettings
    from shared.db import Database
    from shared.testing import truncate_all

    health_settings = HealthSettings()
    await truncate_all(health_settings.database_url)
    db = Database(health_settings.database_url, pool_size=1)
    try:
        await load_demo(db)
    finally:
        await db.dispose()
    async with _gateway_before(harness, "health", create_health()) as (client, headers):
        hospitals = await client.get("/api/health/hospitals", headers=headers)
        assert hospitals.status_code == 200, hospitals.text
        issued = await _key_issued_and_unknown_refused(client, headers, "对接", "hospital",
                                                       hospitals.json()["data_list"][0]["id"])
        # The key of the hospital that exists works on the partner API.
        echoed = await client.get("/partner/health/orders", headers={"x-api-key": issued["key"]})
        assert echoed.status_code == 200, echoed.text
    assert await harness.scalar("SELECT count(*) FROM api_keys") == 1


async def test_api_key_checks_the_real_escort_service(harness) -> None:
    """Against the escort service's own app (`/internal/escort/escorts/{id}`): its escort gets a key, an id it
    does not have is refused."""
    from escort.escorts.models import Escort
    from escort.main import create_app as create_escort
    from escort.settings import EscortSettings
    from shared.db import Database
    from shared.testing import truncate_all

    escort_settings = EscortSettings()
    await truncate_all(escort_settings.database_url)
    db = Database(escort_settings.database_url, pool_size=1)
    try:
        async with db.sessions() as session:
            escort = Escort(name="陪诊师甲", phone="13900000001", id_number="360102199001011234")
            session.add(escort)
            await session.commit()
            escort_id = escort.id
    finally:
        await db.dispose()
    async with _gateway_before(harness, "escort", create_escort()) as (client, headers):
        await _key_issued_and_unknown_refused(client, headers, "陪诊师对接", "escort", escort_id)
    assert await harness.scalar("SELECT count(*) FROM api_keys") == 1
