"""Every service app has the same shell: health, readiness, metrics, the token gate, problem bodies."""

from __future__ import annotations

from mall.main import create_app
from shared.testing import bearer, client_for, member, service_bearer, staff


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
