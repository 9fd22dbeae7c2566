"""Service contacts (客服管理): admin CRUD with versions, the member app's shown list by sort, bad input."""

from __future__ import annotations

import httpx
from crmkit import admin_headers, sales_headers, scalar

from shared.db import Database
from shared.testing import bearer, member


def member_headers() -> dict[str, str]:
    """Made per call: an identity token lives 60 s, and a whole test run takes longer than that."""
    return bearer(member(1), "crm")


async def add(client: httpx.AsyncClient, **fields: object) -> dict[str, object]:
    resp = await client.post("/api/crm/service-contacts", json=fields, headers=admin_headers())
    assert resp.status_code == 201, resp.text
    return resp.json()


async def test_crud_and_the_app_list(client: httpx.AsyncClient) -> None:
    late = await add(client, name="夜班客服", phone="400-800-1234", hours="18:00-22:00", sort=20)
    early = await add(client, name="白班客服", phone="0791-88888888", wechat="tjk_kf", hours="9:00-18:00", sort=10)
    hidden = await add(client, name="停用客服", wechat="old_kf", shown=False, sort=1)

    app_list = await client.get("/app/crm/service-contacts", headers=member_headers())
    assert app_list.status_code == 200, app_list.text
    assert [c["name"] for c in app_list.json()["data_list"]] == ["白班客服", "夜班客服"]
    assert app_list.json()["data_list"][0] == {
        "id": early["id"],
        "name": "白班客服",
        "phone": "0791-88888888",
        "wechat": "tjk_kf",
        "hours": "9:00-18:00",
    }

    page = (await client.get("/api/crm/service-contacts", headers=admin_headers())).json()
    assert [c["name"] for c in page["data_list"]] == ["停用客服", "白班客服", "夜班客服"]
    assert page["total"] == 3 and page["shown_list"]
    assert (
        "shown_list"
        not in (await client.get("/api/crm/service-contacts?with_options=0", headers=admin_headers())).json()
    )
    hidden_only = (await client.get("/api/crm/service-contacts?shown=false", headers=admin_headers())).json()
    assert [c["id"] for c in hidden_only["data_list"]] == [hidden["id"]]
    found = (await client.get("/api/crm/service-contacts?keyword=tjk", headers=admin_headers())).json()
    assert [c["id"] for c in found["data_list"]] == [early["id"]]

    # Show the hidden one first, hide the late one; a stale version is refused.
    body = {"name": "停用客服", "wechat": "old_kf", "shown": True, "sort": 0, "version": hidden["version"]}
    shown = await client.put(f"/api/crm/service-contacts/{hidden['id']}", json=body, headers=admin_headers())
    assert shown.status_code == 200, shown.text
    assert shown.json()["version"] == hidden["version"] + 1
    stale = await client.put(f"/api/crm/service-contacts/{hidden['id']}", json=body, headers=admin_headers())
    assert stale.status_code == 409
    no_version = {k: v for k, v in body.items() if k != "version"}
    assert (
        await client.put(f"/api/crm/service-contacts/{hidden['id']}", json=no_version, headers=admin_headers())
    ).status_code == 428
    gone = await client.delete(f"/api/crm/service-contacts/{late['id']}", headers=admin_headers())
    assert gone.status_code == 204
    assert (await client.delete(f"/api/crm/service-contacts/{late['id']}", headers=admin_headers())).status_code == 404
    app_list = (await client.get("/app/crm/service-contacts", headers=member_headers())).json()
    assert [c["name"] for c in app_list["data_list"]] == ["停用客服", "白班客服"]


async def test_who_may_call(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/crm/service-contacts", headers=sales_headers(2))).status_code == 403
    assert (await client.get("/api/crm/service-contacts", headers=member_headers())).status_code == 403
    assert (await client.get("/app/crm/service-contacts", headers=admin_headers())).status_code == 403
    assert (await client.get("/app/crm/service-contacts")).status_code == 401
    allowed = sales_headers(2, "crm:service_contact:list")
    assert (await client.get("/api/crm/service-contacts", headers=allowed)).status_code == 200


async def test_bad_input_is_422_and_writes_nothing(client: httpx.AsyncClient, db: Database) -> None:
    good = {"name": "客服", "phone": "4008001234"}
    for bad in (
        {"phone": "4008001234"},
        {**good, "name": ""},
        {**good, "name": "客\x00服"},
        {**good, "phone": "call me"},
        {"name": "客服"},  # neither phone nor WeChat
        {**good, "shown": 1},
        {**good, "sort": -1},
        {**good, "sort": "1"},
        {**good, "hours": "x" * 65},
        {**good, "unknown": True},
    ):
        resp = await client.post("/api/crm/service-contacts", json=bad, headers=admin_headers())
        assert resp.status_code == 422, (bad, resp.text)
    assert (await client.get("/api/crm/service-contacts?shown=2", headers=admin_headers())).status_code == 422
    assert (
        await client.put("/api/crm/service-contacts/0", json={**good, "version": 1}, headers=admin_headers())
    ).status_code == 422
    assert await scalar(db, "SELECT count(*) FROM crm_service_contacts") == 0
