"""模块管理 (`/api/ops/modules`), 服务管理 (`/api/ops/services`) and `GET /app/home`: links validated by kind, time
windows and hidden entries respected, order by sort, permissions, concurrent saves counted once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

OPS = ("yunying", "demo123")
SALES = ("wanbin", "demo123")


def moment(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def module(title: str, **overrides: Any) -> dict[str, Any]:
    return {"position": "banner", "title": title, "image_url": "https://img.example.com/a.png",
            "link_kind": "url", "link_url": "https://example.com/x", "sort": 0} | overrides


def entry(title: str, **overrides: Any) -> dict[str, Any]:
    return {"title": title, "icon_url": "/static/icon.png", "link_kind": "none", "sort": 0} | overrides


async def member_headers(harness, phone: str = "13900000077") -> dict[str, str]:  # type: ignore[no-untyped-def]
    registered = await harness.client.post("/app/auth/register",
                                           json={"phone": phone, "password": "secret1", "name": "首页会员"})
    assert registered.status_code == 201, registered.text
    return {"authorization": f"Bearer {registered.json()['access_token']}"}


async def test_app_home_shows_what_is_live_now_in_order(harness) -> None:
    ops = await harness.headers(*OPS)
    bodies = [
        module("第二", sort=2, link_kind="package", link_id=3, link_url=None),
        module("第一", sort=1, starts_at=moment(-1), ends_at=moment(1)),
        module("已结束", sort=0, starts_at=moment(-3), ends_at=moment(-1)),
        module("未开始", sort=0, starts_at=moment(1)),
        module("隐藏", sort=0, shown=False),
        module("宫格", position="grid", link_kind="goods", link_id=8, link_url=None),
    ]
    for body in bodies:
        created = await harness.client.post("/api/ops/modules", headers=ops, json=body)
        assert created.status_code == 201, created.text
    for body in (entry("客服", sort=2), entry("我的卡片", sort=1, link_kind="escort_product", link_id=5),
                 entry("隐藏的服务", shown=False)):
        assert (await harness.client.post("/api/ops/services", headers=ops, json=body)).status_code == 201

    home = await harness.client.get("/app/home", headers=await member_headers(harness))
    assert home.status_code == 200, home.text
    body = home.json()
    assert [b["title"] for b in body["banners"]] == ["第一", "第二"]
    assert body["banners"][1] | {"id": 0} == {"id": 0, "title": "第二", "image_url": "https://img.example.com/a.png",
                                              "link_kind": "package", "link_id": 3, "link_url": ""}
    assert [g["title"] for g in body["grids"]] == ["宫格"]
    assert [s["title"] for s in body["services"]] == ["我的卡片", "客服"]
    assert body["services"][0]["image_url"] == "/static/icon.png"

    live = (await harness.client.get("/api/ops/modules", params={"live": "true"}, headers=ops)).json()
    assert {m["title"] for m in live["data_list"]} == {"第一", "第二", "宫格"}
    not_live = (await harness.client.get("/api/ops/modules", params={"live": "false"}, headers=ops)).json()
    assert {m["title"] for m in not_live["data_list"]} == {"已结束", "未开始", "隐藏"}
    assert set(live) >= {"data_list", "page", "page_size", "total", "position_list", "link_kind_list", "shown_list"}

    # Hiding an entry takes it off the home at once.
    first = next(m for m in live["data_list"] if m["title"] == "第一")
    hidden = await harness.client.put(f"/api/ops/modules/{first['id']}", headers=ops, json={
        **module("第一", sort=1, starts_at=first["starts_at"], ends_at=first["ends_at"]), "shown": False,
        "version": first["version"]})
    assert hidden.status_code == 200 and hidden.json()["live"] is False, hidden.text
    home = (await harness.client.get("/app/home", headers=await member_headers(harness, "13900000078"))).json()
    assert [b["title"] for b in home["banners"]] == ["第二"]


async def test_links_and_windows_are_validated_and_bad_input_changes_nothing(harness) -> None:
    ops = await harness.headers(*OPS)
    bad = [
        (module("a", link_kind="package", link_url=None), "link_id"),
        (module("a", link_kind="goods", link_id=1), "link_url"),
        (module("a", link_kind="url", link_url="javascript:alert(1)"), "link_url"),
        (module("a", link_kind="url", link_url=None), "link_url"),
        (module("a", link_kind="url", link_id=4), "link_id"),
        (module("a", link_kind="none", link_url="https://example.com"), "link_kind"),
        (module("a", link_kind="hotel", link_url=None), "link_kind"),
        (module("a", link_kind="escort_product", link_id=0, link_url=None), "link_id"),
        (module("a", image_url="ftp://x/y.png"), "image_url"),
        (module("a", starts_at=moment(1), ends_at=moment(-1)), "ends_at"),
        (module("a", starts_at=1767225600), "starts_at"),
        (module("a", sort=True), "sort"),
        (module("a", position="popup"), "position"),
        (module("", sort=1), "title"),
    ]
    for body, field in bad:
        answer = await harness.client.post("/api/ops/modules", headers=ops, json=body)
        assert answer.status_code == 422, (body, answer.text)
        assert answer.json()["errors"][0]["field"] == field, (body, answer.json())
    refused = await harness.client.post("/api/ops/services", headers=ops,
                                        json=entry("x", link_kind="url", link_url="not a url"))
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "link_url"
    assert await harness.scalar("SELECT count(*) FROM home_modules") == 0
    assert await harness.scalar("SELECT count(*) FROM home_services") == 0


async def test_concurrent_saves_count_once(harness) -> None:
    ops = await harness.headers(*OPS)
    created = (await harness.client.post("/api/ops/services", headers=ops, json=entry("客服"))).json()
    saves = await asyncio.gather(*(harness.client.put(f"/api/ops/services/{created['id']}", headers=ops, json={
        **entry(f"客服{i}"), "version": created["version"]}) for i in range(4)))
    assert sorted(r.status_code for r in saves) == [200, 409, 409, 409], [r.text for r in saves]
    stored = await harness.scalar(f"SELECT title || '/' || version FROM home_services WHERE id = {created['id']}")
    winner = next(r.json() for r in saves if r.status_code == 200)
    assert stored == f"{winner['title']}/2"
    assert (await harness.client.delete(f"/api/ops/services/{created['id']}", headers=ops)).status_code == 204
    assert (await harness.client.delete(f"/api/ops/services/{created['id']}", headers=ops)).status_code == 404


async def test_permissions(harness) -> None:
    sales = await harness.headers(*SALES)
    routes = [("GET", "/api/ops/modules", "ops:module:list"), ("GET", "/api/ops/modules/1", "ops:module:list"),
              ("POST", "/api/ops/modules", "ops:module:create"), ("PUT", "/api/ops/modules/1", "ops:module:update"),
              ("DELETE", "/api/ops/modules/1", "ops:module:delete"), ("GET", "/api/ops/services", "ops:service:list"),
              ("POST", "/api/ops/services", "ops:service:create"),
              ("PUT", "/api/ops/services/1", "ops:service:update"),
              ("DELETE", "/api/ops/services/1", "ops:service:delete")]
    for method, path, code in routes:
        assert (await harness.client.request(method, path, json={})).status_code == 401, path
        refused = await harness.client.request(method, path, json={}, headers=sales)
        assert refused.status_code == 403 and refused.json()["permission"] == code, (method, path, refused.text)
    # The home is for members: no token is a 401, a staff token a 403.
    assert (await harness.client.get("/app/home")).status_code == 401
    assert (await harness.client.get("/app/home", headers=await harness.headers(*OPS))).status_code == 403
    member = await member_headers(harness, "13900000079")
    assert (await harness.client.get("/api/ops/modules", headers=member)).status_code == 403
    operations = harness.app.openapi()["paths"]
    assert operations["/app/home"]["get"]["x-auth"] == "member"
    assert operations["/api/ops/services"]["post"]["x-permission"] == "ops:service:create"
