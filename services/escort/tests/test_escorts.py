"""Escorts on the admin page: review moves, links replaced with the version, deletion guarded, the internal
lookup the gateway uses before issuing a key, ID numbers kept out of logs, and a complete OpenAPI contract."""

from __future__ import annotations

import httpx
import pytest

from escort.main import create_app
from escort.settings import EscortSettings
from shared.testing import client_for, service_bearer

from .conftest import admin_headers, build_world, escort_headers, id_number, make_escort, post, viewer_headers


async def test_review_moves_and_their_refusals(client: httpx.AsyncClient) -> None:
    world = await build_world(client)
    escort = await make_escort(client, 9, [world.hospital["id"]], certify=False)
    path = f"/api/escort/escorts/{escort['id']}/review"
    assert (await client.post(path, json={"action": "enable"}, headers=admin_headers())).status_code == 409
    no_reason = await client.post(path, json={"action": "reject"}, headers=admin_headers())
    assert no_reason.status_code == 422
    rejected = await post(client, path, {"action": "reject", "reason": "证书模糊"}, expect=200)
    assert (rejected["status"], rejected["reject_reason"]) == ("rejected", "证书模糊")
    certified = await post(client, path, {"action": "certify"}, expect=200)
    assert certified["status"] == "certified" and certified["certified"] and certified["reject_reason"] == ""
    disabled = await post(client, path, {"action": "disable"}, expect=200)
    assert disabled["status"] == "disabled" and not disabled["certified"]
    assert (await client.post(path, json={"action": "certify"}, headers=admin_headers())).status_code == 409
    assert (await client.post(path, json={"action": "certify"}, headers=viewer_headers())).status_code == 403


async def test_patch_replaces_links_and_guards_versions(client: httpx.AsyncClient) -> None:
    world = await build_world(client)
    escort = await make_escort(client, 9, [world.hospital["id"]])
    path = f"/api/escort/escorts/{escort['id']}"
    patched = await client.patch(path, headers=admin_headers(), json={
        "hospital_ids": [world.other_hospital["id"], world.hospital["id"]],
        "certificates": [{"name": "护理证", "expires_on": "2020-01-01"}], "version": escort["version"]})
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert {h["id"] for h in body["hospitals"]} == {world.hospital["id"], world.other_hospital["id"]}
    assert [c["valid"] for c in body["certificates"]] == [False] and not body["certified"]
    stale = await client.patch(path, headers=admin_headers(), json={"city": "九江市", "version": escort["version"]})
    assert stale.status_code == 409
    unknown = await client.patch(path, headers=admin_headers(), json={"hospital_ids": [424242],
                                                                      "version": body["version"]})
    assert unknown.status_code == 422
    duplicate = await client.post("/api/escort/escorts", headers=admin_headers(), json={
        "name": "重复", "phone": "13800000001", "id_number": id_number(9)})
    assert duplicate.status_code == 409
    # The ledger keeps an escort with money history; a fresh one can go.
    fresh = await make_escort(client, 10, [], certify=False)
    assert (await client.delete(f"/api/escort/escorts/{fresh['id']}", headers=admin_headers())).status_code == 204
    hospital_in_use = await client.delete(f"/api/escort/hospitals/{world.hospital['id']}", headers=admin_headers())
    assert hospital_in_use.status_code == 409


async def test_internal_lookup_answers_the_gateway(client: httpx.AsyncClient) -> None:
    world = await build_world(client, escorts=1)
    escort_id = world.escorts[0]["id"]
    found = await client.get(f"/internal/escort/escorts/{escort_id}", headers=service_bearer("gateway", "escort"))
    assert found.status_code == 200 and found.json()["status"] == "certified"
    missing = await client.get("/internal/escort/escorts/999999", headers=service_bearer("gateway", "escort"))
    assert missing.status_code == 404
    assert (await client.get(f"/internal/escort/escorts/{escort_id}", headers=admin_headers())).status_code == 403
    assert (await client.get(f"/internal/escort/escorts/{escort_id}",
                             headers=escort_headers(escort_id))).status_code == 403


async def test_id_numbers_never_reach_the_logs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
                                               ) -> None:
    monkeypatch.setenv("SUITE_LOG_LEVEL", "DEBUG")
    async with client_for(create_app(EscortSettings())) as http:
        world = await build_world(http, escorts=1)
        number = world.escorts[0]["id_number"] if "*" not in world.escorts[0]["id_number"] else id_number(1)
        await http.get("/api/escort/escorts", params={"keyword": number}, headers=admin_headers())
        await http.get("/api/escort/escorts/export", headers=viewer_headers())
        await http.post("/api/escort/escorts", json={"name": "重复", "phone": "13700000001", "id_number": number},
                        headers=admin_headers())
        await http.post("/api/escort/escorts", json={"name": "坏", "phone": "1", "id_number": number},
                        headers=admin_headers())
    captured = capsys.readouterr()
    assert '"event": "request"' in captured.out  # the request log was on
    assert number not in captured.out and number not in captured.err


def test_every_operation_documents_its_success_answer() -> None:
    doc = create_app(EscortSettings()).openapi()
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            success = {code: answer for code, answer in operation["responses"].items() if code.startswith("2")}
            assert success, (method, path)
            for code, answer in success.items():
                if code == "204":
                    continue
                content = answer.get("content", {})
                schema = content.get("application/json", {}).get("schema")
                assert schema or any("spreadsheetml" in kind for kind in content), (method, path, code)
                if schema is not None:
                    assert schema != {}, (method, path, code)
