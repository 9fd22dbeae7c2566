"""配置项管理 (`/api/ops/configs`): typed values checked against their rule (bad input is a 422 naming the field
and changes nothing), the history of every change, built-in keys, concurrent saves counted once, the snapshot
the services poll and the gateway's own live reading of a moved setting."""

from __future__ import annotations

import asyncio
from typing import Any

from gateway.configs.service import seed_builtin
from shared.runtime_settings import GATEWAY_PARTNER_RATE_LIMIT, runtime_settings
from shared.testing import bearer, member, service_bearer

OPS = ("yunying", "demo123")
SALES = ("wanbin", "demo123")
BASE = "/api/ops/configs"


def new_setting(**overrides: Any) -> dict[str, Any]:
    body = {"key": "app.max_cart_items", "name": "购物车上限", "group": "app", "type": "integer", "value": 20,
            "default": 20, "description": "购物车最多几件", "rules": {"min": 1, "max": 99}}
    return body | overrides


async def seeded(harness) -> None:  # type: ignore[no-untyped-def]
    assert harness.gateway.db is not None
    async with harness.gateway.db.sessions() as session:
        await seed_builtin(session)


async def by_key(harness, headers: dict[str, str], key: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    listed = await harness.client.get(BASE, params={"keyword": key}, headers=headers)
    assert listed.status_code == 200, listed.text
    return next(row for row in listed.json()["data_list"] if row["key"] == key)


async def test_crud_list_filters_and_history(harness) -> None:
    await seeded(harness)
    ops = await harness.headers(*OPS)
    created = await harness.client.post(BASE, json=new_setting(), headers=ops)
    assert created.status_code == 201, created.text
    row = created.json()
    assert (row["type_label"], row["builtin"], row["value"], row["rules"]) == ("整数", False, 20,
                                                                             {"min": "1", "max": "99"})
    decimal = await harness.client.post(BASE, headers=ops, json=new_setting(
        key="app.points_rate", type="decimal", value=0.5, default="0.50", rules={"min": "0", "max": "1"}))
    assert decimal.status_code == 201 and decimal.json()["value"] == "0.5", decimal.text

    page = await harness.client.get(BASE, params={"group": "app", "page_size": 10}, headers=ops)
    body = page.json()
    assert set(body) == {"data_list", "page", "page_size", "total", "group_list", "type_list", "builtin_list"}
    assert body["total"] == 2 and {r["key"] for r in body["data_list"]} == {"app.max_cart_items", "app.points_rate"}
    builtins = (await harness.client.get(BASE, params={"builtin": "true", "with_options": 0}, headers=ops)).json()
    assert "type_list" not in builtins
    keys = {r["key"] for r in builtins["data_list"]}
    assert keys >= {"mall.order.auto_complete_days", GATEWAY_PARTNER_RATE_LIMIT.key}

    changed = await harness.client.put(f"{BASE}/{row['id']}", headers=ops, json={
        **{k: v for k, v in new_setting().items() if k not in ("key", "type")}, "value": 30, "version": row["version"]})
    assert changed.status_code == 200 and changed.json()["value"] == 30, changed.text
    assert changed.json()["updated_by_name"] == "运营小王"
    deleted = await harness.client.delete(f"{BASE}/{row['id']}", headers=ops)
    assert deleted.status_code == 204
    assert (await harness.client.get(f"{BASE}/{row['id']}", headers=ops)).status_code == 404

    history = (await harness.client.get(f"{BASE}/history", params={"key": "app.max_cart_items"}, headers=ops)).json()
    assert [c["action"] for c in history["data_list"]] == ["delete", "update", "create"]
    delete, update, create = history["data_list"]
    assert create["before"] is None and create["after"]["value"] == 20
    assert (update["before"]["value"], update["after"]["value"]) == (20, 30)
    assert delete["before"]["value"] == 30 and delete["after"] is None
    assert {c["changed_by_name"] for c in history["data_list"]} == {"运营小王"}
    assert delete["settings_version"] > update["settings_version"] > create["settings_version"]
    assert history["action_list"][0] == {"label": "新增", "value": "create"}


async def test_a_value_that_does_not_fit_is_a_422_naming_the_field_and_changes_nothing(harness) -> None:
    await seeded(harness)
    ops = await harness.headers(*OPS)
    setting = await by_key(harness, ops, "mall.aftersale.return_window_days")
    version_before = await harness.scalar("SELECT coalesce(max(version), 0) FROM system_settings_state")
    fields = {k: setting[k] for k in ("name", "group", "value", "default", "description", "rules")}
    bad_values = [("value", "abc"), ("value", 7.5), ("value", True), ("value", "7"), ("value", 91), ("value", -1),
                  ("value", None), ("default", 8)]
    for field, value in bad_values:
        answer = await harness.client.put(f"{BASE}/{setting['id']}", headers=ops,
                                          json={**fields, field: value, "version": setting["version"]})
        assert answer.status_code == 422, (field, value, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["errors"][0]["field"] == field, (field, value, answer.json())
    # A built-in key's rule is the code's.
    loosened = await harness.client.put(f"{BASE}/{setting['id']}", headers=ops,
                                        json={**fields, "rules": {"min": 0, "max": 900}, "version": setting["version"]})
    assert loosened.status_code == 422 and loosened.json()["errors"][0]["field"] == "rules"
    bad_new = [new_setting(value="x"), new_setting(type="boolean", value=1, default=True, rules={}),
               new_setting(type="string", value="abc", default="abc", rules={"pattern": "^[0-9]+$"}),
               new_setting(type="string", value="1", default="1", rules={"pattern": "("}),
               new_setting(rules={"min": 5, "max": 1}), new_setting(rules={"min": True}),
               new_setting(type="boolean", value=True, default=True),
               new_setting(type="string", value="c", default="a", rules={"choices": ["a", "b"]}),
               new_setting(key="App Key"), new_setting(type="float")]
    for body in bad_new:
        answer = await harness.client.post(BASE, headers=ops, json=body)
        assert answer.status_code == 422, (body, answer.text)
    assert await harness.scalar("SELECT count(*) FROM system_settings WHERE key = 'app.max_cart_items'") == 0
    assert await harness.scalar("SELECT count(*) FROM system_setting_changes") == 0
    assert await harness.scalar("SELECT coalesce(max(version), 0) FROM system_settings_state") == version_before
    assert (await by_key(harness, ops, setting["key"]))["value"] == 7


async def test_builtin_keys_cannot_be_deleted(harness) -> None:
    await seeded(harness)
    ops = await harness.headers(*OPS)
    setting = await by_key(harness, ops, "mall.order.auto_complete_days")
    refused = await harness.client.delete(f"{BASE}/{setting['id']}", headers=ops)
    assert refused.status_code == 409 and refused.json()["code"] == "builtin_setting"
    duplicate = await harness.client.post(BASE, headers=ops, json=new_setting(key="mall.order.auto_complete_days"))
    assert duplicate.status_code == 409
    assert await harness.scalar("SELECT count(*) FROM system_settings WHERE builtin") >= 4


async def test_concurrent_saves_and_duplicate_creates_count_once(harness) -> None:
    await seeded(harness)
    ops = await harness.headers(*OPS)
    creates = await asyncio.gather(*(harness.client.post(BASE, headers=ops, json=new_setting()) for _ in range(4)))
    assert sorted(r.status_code for r in creates) == [201, 409, 409, 409], [r.text for r in creates]
    row = next(r.json() for r in creates if r.status_code == 201)
    fields = {k: row[k] for k in ("name", "group", "default", "description", "rules")}
    saves = await asyncio.gather(*(harness.client.put(f"{BASE}/{row['id']}", headers=ops, json={
        **fields, "value": 40 + i, "version": row["version"]}) for i in range(4)))
    assert sorted(r.status_code for r in saves) == [200, 409, 409, 409], [r.text for r in saves]
    winner = next(r.json() for r in saves if r.status_code == 200)
    assert await harness.scalar("SELECT count(*) FROM system_setting_changes WHERE key = 'app.max_cart_items'") == 2
    assert (await by_key(harness, ops, "app.max_cart_items"))["value"] == winner["value"]
    # Saving what is already there records nothing and bumps no version.
    same = await harness.client.put(f"{BASE}/{row['id']}", headers=ops,
                                    json={**fields, "value": winner["value"], "version": winner["version"]})
    assert same.status_code == 200
    assert await harness.scalar("SELECT count(*) FROM system_setting_changes WHERE key = 'app.max_cart_items'") == 2


async def test_permissions(harness) -> None:
    await seeded(harness)
    sales = await harness.headers(*SALES)  # a salesperson holds no ops:config:* code
    for method, path, code in (("GET", BASE, "ops:config:list"), ("GET", f"{BASE}/history", "ops:config:list"),
                               ("GET", f"{BASE}/1", "ops:config:list"), ("POST", BASE, "ops:config:create"),
                               ("PUT", f"{BASE}/1", "ops:config:update"), ("DELETE", f"{BASE}/1", "ops:config:delete")):
        assert (await harness.client.request(method, path, json={})).status_code == 401
        refused = await harness.client.request(method, path, json={}, headers=sales)
        assert refused.status_code == 403 and refused.json()["permission"] == code, (method, path, refused.text)
    assert await harness.scalar("SELECT count(*) FROM system_setting_changes") == 0


async def test_snapshot_for_services_only_and_cheap_when_unchanged(harness) -> None:
    await seeded(harness)
    path = "/internal/system/settings"
    assert (await harness.client.get(path)).status_code == 401
    assert (await harness.client.get(path, headers=bearer(member(), "gateway"))).status_code == 403
    assert (await harness.client.get(path, headers=service_bearer("mall", "crm"))).status_code == 401
    full = await harness.client.get(path, headers=service_bearer("mall", "gateway"))
    assert full.status_code == 200, full.text
    snapshot = full.json()
    assert snapshot["changed"] is True
    assert {"key": "mall.order.auto_complete_days", "type": "integer", "value": 10} in snapshot["settings"]
    same = await harness.client.get(path, params={"after_version": snapshot["version"]},
                                    headers=service_bearer("mall", "gateway"))
    assert same.json() == {"version": snapshot["version"], "changed": False}


async def test_the_gateway_reads_the_partner_default_rate_limit_live(harness) -> None:
    await seeded(harness)
    ops = await harness.headers(*OPS)
    admin = await harness.headers()
    setting = await by_key(harness, ops, GATEWAY_PARTNER_RATE_LIMIT.key)
    fields = {k: setting[k] for k in ("name", "group", "default", "description", "rules")}
    saved = await harness.client.put(f"{BASE}/{setting['id']}", headers=ops,
                                     json={**fields, "value": 2, "version": setting["version"]})
    assert saved.status_code == 200, saved.text
    await runtime_settings.refresh()  # what the background poll does within its interval
    assert runtime_settings.get(GATEWAY_PARTNER_RATE_LIMIT) == 2
    created = await harness.client.post("/api/system/api-keys", headers=admin, json={
        "name": "默认限流", "partner_type": "hospital", "partner_id": 12})
    assert created.status_code == 201 and created.json()["rate_limit"] == 2
    key = {"x-api-key": created.json()["key"]}
    answers = [(await harness.client.get("/partner/health/echo", headers=key)).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
