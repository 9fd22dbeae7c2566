"""Customers: create -> review, edits with versions and history, normalised unique names, pinyin search,
lock, release with a reason, soft delete and restore, bad input -> 422 with nothing written."""

from __future__ import annotations

import httpx
from crmkit import admin_headers, make_contract, make_customer, outbox, sales_headers, scalar

from shared.db import Database
from shared.identity import Scope
from shared.testing import bearer, staff


async def test_create_review_edit_history(client: httpx.AsyncClient, db: Database) -> None:
    resp = await client.post(
        "/api/crm/customers",
        json={
            "name": " \t南昌市  红谷滩区\t教育体育局 ",
            "level": "A",
            "industry": "政府机构",
            "headcount": 120,
            "contacts": [{"name": "李主任", "phone": "13800000001", "decision_maker": True}],
        },
        headers=sales_headers(2),
    )
    assert resp.status_code == 201, resp.text
    customer = resp.json()
    assert customer["name"] == "南昌市 红谷滩区 教育体育局"
    assert customer["owner_name"] == "万彬" and customer["dept_name"] == "销售一部"
    assert customer["review_status"] == "pending" and customer["contract_amount"] == "0.00"

    approved = await client.post(
        f"/api/crm/customers/{customer['id']}/review", json={"approved": True}, headers=admin_headers()
    )
    assert approved.json()["review_status"] == "approved"
    assert approved.json()["reviewer"]["name"] == "系统管理员"
    again = await client.post(
        f"/api/crm/customers/{customer['id']}/review", json={"approved": False, "reason": "x"}, headers=admin_headers()
    )
    assert again.status_code == 409

    version = approved.json()["version"]
    edit = await client.put(
        f"/api/crm/customers/{customer['id']}", json={"level": "B", "version": version}, headers=sales_headers(2)
    )
    assert edit.status_code == 200, edit.text
    stale = await client.put(
        f"/api/crm/customers/{customer['id']}", json={"level": "C", "version": version}, headers=sales_headers(2)
    )
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"

    renamed = await client.put(
        f"/api/crm/customers/{customer['id']}",
        json={"name": "南昌市红谷滩区教育体育局", "version": edit.json()["version"]},
        headers=sales_headers(2),
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "南昌市红谷滩区教育体育局"
    history = (await client.get(f"/api/crm/customers/{customer['id']}/history", headers=sales_headers(2))).json()
    level_change = [h for h in history["data_list"] if h["field"] == "level"]
    assert level_change[0]["old_value"] == "A" and level_change[0]["new_value"] == "B"
    assert level_change[0]["actor"]["name"] == "万彬"

    # Events: one CustomerCreated, then one CustomerUpdated per change, with growing revisions.
    created = await outbox(db, "crm.CustomerCreated")
    updated = await outbox(db, "crm.CustomerUpdated")
    assert len(created) == 1 and created[0]["payload"]["owner_name"] == "万彬"
    assert [u["payload"]["revision"] for u in updated] == [2, 3, 4]
    assert updated[-1]["payload"]["level"] == "B" and updated[-1]["payload"]["review_status"] == "approved"
    assert updated[-1]["payload"]["name"] == "南昌市红谷滩区教育体育局"


async def test_duplicate_name_refused_naming_owner(client: httpx.AsyncClient, db: Database) -> None:
    first = await make_customer(client, "江西省粮油集团有限公司", headers=sales_headers(2), approve=False)
    resp = await client.post("/api/crm/customers", json={"name": "江西省粮油集团有限公司\t"}, headers=sales_headers(3))
    assert resp.status_code == 409
    body = resp.json()
    assert body["code"] == "duplicate_customer" and body["existing_id"] == first["id"]
    assert "万彬" in body["detail"]
    assert await scalar(db, "SELECT count(*) FROM crm_customers") == 1


async def test_keyword_matches_pinyin_initials(client: httpx.AsyncClient) -> None:
    await make_customer(client, "南昌市市容环境事务中心")
    await make_customer(client, "江西省红壤科技服务有限公司")
    found = (await client.get("/api/crm/customers", params={"keyword": "ncs"}, headers=admin_headers())).json()
    assert [r["name"] for r in found["data_list"]] == ["南昌市市容环境事务中心"]
    by_name = (await client.get("/api/crm/customers", params={"keyword": "红壤"}, headers=admin_headers())).json()
    assert by_name["total"] == 1
    assert {o["value"] for o in by_name["level_list"]} == {"A", "B", "C", "D"}
    assert {"label": "万彬", "value": "2"} in by_name["admin_list"]
    assert by_name["status_list"][0] == {"label": "待审核", "value": "pending"}


async def test_bad_input_is_422_and_writes_nothing(client: httpx.AsyncClient, db: Database) -> None:
    bad_bodies = [
        {"name": "某单位", "level": "E"},
        {"name": "某单位", "industry": "航天"},
        {"name": "某单位", "headcount": -1},
        {"name": "某单位", "credit_code": "123"},
        {"name": "   "},
        {"name": "某单位", "unknown_field": 1},
        {"name": "某单位", "contacts": [{"name": "张三", "email": "not-an-email"}]},
    ]
    for body in bad_bodies:
        resp = await client.post("/api/crm/customers", json=body, headers=admin_headers())
        assert resp.status_code == 422, (body, resp.text)
        assert resp.headers["content-type"].startswith("application/problem+json")
        assert resp.json()["errors"], body
    reversed_range = await client.get(
        "/api/crm/customers",
        params={"date_from": "2026-02-01", "date_to": "2026-01-01"},
        headers=admin_headers(),
    )
    assert reversed_range.status_code == 422
    assert await scalar(db, "SELECT count(*) FROM crm_customers") == 0
    assert await scalar(db, "SELECT count(*) FROM outbox") == 0


async def test_lock_release_delete_restore(client: httpx.AsyncClient, db: Database) -> None:
    customer = await make_customer(client, "南昌市总工会", headers=sales_headers(2))
    cid = customer["id"]
    lock = await client.post(f"/api/crm/customers/{cid}/lock", json={"locked": True}, headers=admin_headers())
    assert lock.status_code == 200 and lock.json()["locked"] is True
    refused = await client.post(
        f"/api/crm/customers/{cid}/release", json={"reason": "需求变化"}, headers=sales_headers(2)
    )
    assert refused.status_code == 409 and refused.json()["code"] == "customer_locked"
    await client.post(f"/api/crm/customers/{cid}/lock", json={"locked": False}, headers=admin_headers())
    no_reason = await client.post(
        f"/api/crm/customers/{cid}/release", json={"reason": "不想要了"}, headers=sales_headers(2)
    )
    assert no_reason.status_code == 422
    released = await client.post(
        f"/api/crm/customers/{cid}/release", json={"reason": "需求变化", "note": "预算取消"}, headers=sales_headers(2)
    )
    assert released.status_code == 200 and released.json()["owner_id"] is None
    pool = (await client.get("/api/crm/pool", headers=sales_headers(3))).json()
    assert pool["data_list"][0]["release_reason"] == "需求变化" and pool["data_list"][0]["release_note"] == "预算取消"
    assert pool["data_list"][0]["previous_owner_name"] == "万彬"
    moved = await outbox(db, "crm.CustomerOwnerChanged")
    assert len(moved) == 1 and moved[0]["payload"]["old_owner"] == {"id": 2, "name": "万彬"}
    assert moved[0]["payload"]["new_owner"]["id"] is None

    deleted = await client.delete(f"/api/crm/customers/{cid}", headers=admin_headers())
    assert deleted.status_code == 204
    assert (await client.get(f"/api/crm/customers/{cid}", headers=admin_headers())).status_code == 404
    trash = (await client.get("/api/crm/customers", params={"deleted": "true"}, headers=admin_headers())).json()
    assert trash["total"] == 1
    no_perm = await client.get("/api/crm/customers", params={"deleted": "true"}, headers=sales_headers(2))
    assert no_perm.status_code == 403
    restored = await client.post(f"/api/crm/customers/{cid}/restore", headers=admin_headers())
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None
    assert (
        await scalar(db, "SELECT count(*) FROM crm_history WHERE customer_id = :c AND action = 'restore'", c=cid) == 1
    )


async def test_a_new_staff_member_works_before_staff_changed_arrives(client: httpx.AsyncClient, db: Database) -> None:
    """Staff 77 was created in the gateway a moment ago: crm has not seen gateway.StaffChanged yet, but the
    identity token vouches for the caller, so they create and claim customers at once (issue 15)."""
    newcomer = bearer(
        staff(
            "crm:customer:create",
            "crm:customer:list",
            "crm:pool:list",
            "crm:pool:claim",
            user_id=77,
            name="新同事",
            dept_id=3,
            scope=Scope.SELF,
        ),
        "crm",
    )
    assert await scalar(db, "SELECT count(*) FROM crm_staff WHERE staff_id = 77") == 0
    created = await client.post("/api/crm/customers", json={"name": "新余市第一中学"}, headers=newcomer)
    assert created.status_code == 201, created.text
    assert created.json()["owner_id"] == 77 and created.json()["owner_name"] == "新同事"
    pooled = await make_customer(client, "新余市第二中学", to_pool=True)
    claimed = await client.post(f"/api/crm/pool/{pooled['id']}/claim", headers=newcomer)
    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["owner_id"] == 77
    # The directory now knows them provisionally; the event's first revision replaces that copy.
    assert await scalar(db, "SELECT revision FROM crm_staff WHERE staff_id = 77") == 0
    # Someone else's unknown id is still refused: only the caller is vouched for.
    other = await client.post(
        "/api/crm/customers", json={"name": "新余市第三中学", "owner_id": 78}, headers=admin_headers()
    )
    assert other.status_code == 422 and other.json()["code"] == "unknown_staff"


async def test_a_rejection_needs_a_reason(client: httpx.AsyncClient) -> None:
    """Customers, contracts and owner changes: a rejection without a reason is a 422 on `reason` and leaves the row
    pending; with one it is rejected."""
    customer = await make_customer(client, "南昌市青山湖区卫生健康委员会")
    contract = await make_contract(client, customer["id"], "HT-REJECT", approve=False)
    change = await client.post(
        "/api/crm/owner-changes", json={"customer_id": customer["id"], "to_owner_id": 3}, headers=admin_headers()
    )
    assert change.status_code == 201, change.text
    pending = await make_customer(client, "南昌市青山湖区教育体育局", approve=False)
    for path, status_key in (
        (f"/api/crm/customers/{pending['id']}", "review_status"),
        (f"/api/crm/contracts/{contract['id']}", "status"),
        (f"/api/crm/owner-changes/{change.json()['id']}", "status"),
    ):
        review = f"{path}/review"
        refused = await client.post(review, json={"approved": False, "reason": "  "}, headers=admin_headers())
        assert refused.status_code == 422, (path, refused.text)
        assert refused.json()["errors"] == [{"field": "reason", "message": "驳回时必填"}], path
        rejected = await client.post(review, json={"approved": False, "reason": "资料不全"}, headers=admin_headers())
        assert rejected.status_code == 200, (path, rejected.text)
        assert rejected.json()[status_key] == "rejected", path
