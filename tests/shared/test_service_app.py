"""Every service app has the same shell: health, readiness, metrics, the token gate, problem bodies."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from mall.main import create_app
from mall.settings import get_settings
from shared.app import create_service_app
from shared.identity import Identity, Principal, Require, RequirePartner, Scope, require_member
from shared.testing import bearer, client_for, member, partner, service_bearer, staff


async def test_health_and_readiness_answer_without_a_token() -> None:
    async with client_for(create_app()) as client:
        health = await client.get("/healthz")
        assert health.status_code == 200 and health.json()["status"] == "ok"
        ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {"database": "ok", "broker": "ok"}
        metrics = await client.get("/metrics")
        assert "http_requests_total" in metrics.text


async def test_guarded_paths_refuse_requests_without_a_gateway_token() -> None:
    async with client_for(create_app()) as client:
        for path in ("/api/mall/goods", "/app/mall/goods", "/partner/mall/x", "/internal/mall/x", "/api/nothing"):
            response = await client.get(path)
            assert response.status_code == 401, path
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["code"] == "unauthenticated"
        forged = await client.get("/api/mall/goods", headers={"authorization": "Bearer not.a.token"})
        assert forged.status_code == 401 and forged.json()["code"] == "invalid_token"
        # A genuine token addressed to another service is refused too.
        elsewhere = await client.get("/api/mall/goods", headers=bearer(staff(superuser=True), "crm"))
        assert elsewhere.status_code == 401


async def test_a_valid_token_passes_the_gate_and_reaches_routing() -> None:
    async with client_for(create_app()) as client:
        for headers in (bearer(staff(superuser=True), "mall"), bearer(member(), "mall"),
                        service_bearer("health", "mall")):
            response = await client.get("/api/mall/no-such-route", headers=headers)
            assert response.status_code == 404
            assert response.json()["code"] == "not_found"


async def test_request_id_travels_back() -> None:
    async with client_for(create_app()) as client:
        response = await client.get("/healthz", headers={"x-request-id": "abc123"})
        assert response.headers["x-request-id"] == "abc123"
        generated = await client.get("/healthz")
        assert len(generated.headers["x-request-id"]) == 32


def _guarded_app():  # type: ignore[no-untyped-def]
    inner = APIRouter()

    @inner.get("/partner/mall/orders")
    async def partner_orders(who: Identity = Depends(RequirePartner("hospital"))) -> dict[str, int | None]:
        return {"partner_id": who.partner_id}

    router = APIRouter()

    @router.get("/api/mall/things")
    async def things(principal: Principal = Depends(Require("mall:goods:list"))) -> dict[str, object]:
        return {"all": principal.scope.all, "owner": principal.scope.owner_id}

    @router.get("/app/mall/mine")
    async def mine(who: Identity = Depends(require_member)) -> dict[str, int]:
        return {"member": who.id}

    router.include_router(inner)
    return create_service_app(get_settings(), title="t", routers=[router])


async def test_routes_publish_who_may_call_them_in_the_openapi() -> None:
    paths = _guarded_app().openapi()["paths"]
    assert paths["/api/mall/things"]["get"]["x-permission"] == "mall:goods:list"
    assert paths["/api/mall/things"]["get"]["x-auth"] == "staff"
    assert paths["/app/mall/mine"]["get"]["x-auth"] == "member"
    assert paths["/partner/mall/orders"]["get"]["x-auth"] == "partner:hospital"


async def test_permission_and_caller_kind_are_checked() -> None:
    async with client_for(_guarded_app()) as client:
        allowed = await client.get("/api/mall/things", headers=bearer(staff("mall:goods:list", user_id=5,
                                                                            scope=Scope.SELF), "mall"))
        assert allowed.status_code == 200 and allowed.json() == {"all": False, "owner": 5}
        lacking = await client.get("/api/mall/things", headers=bearer(staff("mall:order:list"), "mall"))
        assert lacking.status_code == 403 and lacking.json()["code"] == "permission_denied"
        as_member = await client.get("/api/mall/things", headers=bearer(member(), "mall"))
        assert as_member.status_code == 403
        staff_on_app = await client.get("/app/mall/mine", headers=bearer(staff(superuser=True), "mall"))
        assert staff_on_app.status_code == 403
        wrong_partner = await client.get("/partner/mall/orders", headers=bearer(partner("escort", 3), "mall"))
        assert wrong_partner.status_code == 403
        right_partner = await client.get("/partner/mall/orders", headers=bearer(partner("hospital", 3), "mall"))
        assert right_partner.json() == {"partner_id": 3}
