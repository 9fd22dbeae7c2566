"""Import (all or nothing, per-row errors), owner-change requests with review, follow-ups and the due list."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import httpx
from crmkit import admin_headers, make_contract, make_customer, outbox, sales_headers, scalar
from openpyxl import Workbook

from shared.db import Database


def xlsx(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["客户名称", "客户级别", "行业", "人数", "跟进人"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


async def test_import_with_one_bad_row_writes_nothing(client: httpx.AsyncClient, db: Database) -> None:
    bad = xlsx(
        [
            ["南昌市政府办公室", "A", "政府机构", "300", "万彬"],
            ["\t南昌县金融产业中心\t", "Z", "银行", "20", ""],
            ["江西省粮油集团有限公司", "B", "国有企业", "abc", "无名氏"],
        ]
    )
    resp = await client.post(
        "/api/crm/customers/import",
        files={"file": ("客户.xlsx", bad, "application/octet-stream")},
        headers=bearer_import(),
    )
    assert resp.status_code == 422
    errors = resp.json()["errors"]
    assert {(e["row"], e["field"]) for e in errors} == {(3, "level"), (4, "headcount")}
    assert await scalar(db, "SELECT count(*) FROM crm_customers") == 0
    assert await scalar(db, "SELECT count(*) FROM outbox") == 0

    dup = "客户名称,客户级别\n南昌市总工会,A\n南昌市总工会 ,B\n"
    resp = await client.post(
        "/api/crm/customers/import", files={"file": ("c.csv", dup.encode(), "text/csv")}, headers=bearer_import()
    )
    assert resp.status_code == 422 and resp.json()["errors"][0]["row"] == 3

    good = xlsx(
        [["南昌市政府办公室", "A", "政府机构", "300", "万彬"], ["\t南昌县金融产业中心\t", "C", "银行", "20", ""]]
    )
    resp = await client.post(
        "/api/crm/customers/import",
        files={"file": ("客户.xlsx", good, "application/octet-stream")},
        headers=bearer_import(),
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["created"] == 2
    assert await scalar(db, "SELECT owner_name FROM crm_customers WHERE name = '南昌市政府办公室'") == "万彬"
    assert await scalar(db, "SELECT owner_id FROM crm_customers WHERE name = '南昌县金融产业中心'") is None
    assert len(await outbox(db, "crm.CustomerCreated")) == 2
    again = await client.post(
        "/api/crm/customers/import",
        files={"file": ("客户.xlsx", good, "application/octet-stream")},
        headers=bearer_import(),
    )
    assert again.status_code == 422 and "已存在" in again.json()["errors"][0]["message"]


def bearer_import() -> dict[str, str]:
    return admin_headers()


async def test_owner_change_request_review_moves_contracts(client: httpx.AsyncClient, db: Database) -> None:
    customer = await make_customer(client, "江西华赣文化旅游传媒集团有限公司", headers=sales_headers(2))
    contract = await make_contract(client, customer["id"], "HT-OC-1")
    req = await client.post(
        "/api/crm/owner-changes",
        json={"customer_id": customer["id"], "to_owner_id": 5, "note": "区域调整"},
        headers=sales_headers(2),
    )
    assert req.status_code == 201, req.text
    dup = await client.post(
        "/api/crm/owner-changes", json={"customer_id": customer["id"], "to_owner_id": 3}, headers=sales_headers(2)
    )
    assert dup.status_code == 409
    approved = await client.post(
        f"/api/crm/owner-changes/{req.json()['id']}/review", json={"approved": True}, headers=admin_headers()
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert await scalar(db, "SELECT owner_id FROM crm_customers WHERE id = :i", i=customer["id"]) == 5
    assert await scalar(db, "SELECT owner_id FROM crm_contracts WHERE id = :i", i=contract["id"]) == 5
    assert await scalar(db, "SELECT dept_id FROM crm_contracts WHERE id = :i", i=contract["id"]) == 4
    events = await outbox(db, "crm.CustomerOwnerChanged")
    assert len(events) == 1 and events[0]["payload"]["contract_ids"] == [contract["id"]]
    assert events[0]["payload"]["change_id"] == req.json()["id"] and events[0]["payload"]["new_owner"]["name"] == "陈隆"
    # Only pending requests can be deleted; the old owner no longer sees the customer.
    assert (
        await client.delete(f"/api/crm/owner-changes/{req.json()['id']}", headers=admin_headers())
    ).status_code == 409
    assert (await client.get(f"/api/crm/customers/{customer['id']}", headers=sales_headers(2))).status_code == 404

    # A departing salesperson: every customer moves to the pool in one reviewed request.
    for name in ("离职客户一", "离职客户二"):
        await make_customer(client, name, headers=sales_headers(3))
    bulk = await client.post(
        "/api/crm/owner-changes",
        json={"from_owner_id": 3, "to_owner_id": None, "note": "离职"},
        headers=admin_headers(),
    )
    assert bulk.status_code == 201
    done = await client.post(
        f"/api/crm/owner-changes/{bulk.json()['id']}/review", json={"approved": True}, headers=admin_headers()
    )
    assert done.json()["moved_count"] == 2
    assert await scalar(db, "SELECT count(*) FROM crm_customers WHERE owner_id = 3") == 0
    pending = await client.post(
        "/api/crm/owner-changes", json={"customer_id": customer["id"], "to_owner_id": 2}, headers=admin_headers()
    )
    assert (
        await client.delete(f"/api/crm/owner-changes/{pending.json()['id']}", headers=admin_headers())
    ).status_code == 204


async def test_follow_up_resets_clock_and_due_list(client: httpx.AsyncClient, db: Database) -> None:
    customer = await make_customer(client, "南昌市红谷滩区委组织部", headers=sales_headers(2))
    now = datetime.now(UTC)
    body = {
        "customer_id": customer["id"],
        "method": "电话",
        "followed_at": (now - timedelta(days=2)).isoformat(),
        "next_at": (now - timedelta(days=1)).isoformat(),
        "next_plan": "上门送方案",
    }
    first = await client.post("/api/crm/follow-ups", json=body, headers=sales_headers(2))
    assert first.status_code == 201, first.text
    last = await scalar(db, "SELECT last_follow_up_at FROM crm_customers WHERE id = :i", i=customer["id"])
    assert abs((last - (now - timedelta(days=2))).total_seconds()) < 1
    due = (await client.get("/api/crm/follow-ups/due", headers=sales_headers(2))).json()
    assert [r["next_plan"] for r in due["data_list"]] == ["上门送方案"] and due["data_list"][0]["overdue"] is True
    bad = await client.post(
        "/api/crm/follow-ups", json={**body, "next_at": (now - timedelta(days=3)).isoformat()}, headers=sales_headers(2)
    )
    assert bad.status_code == 422
    wrong_method = await client.post(
        "/api/crm/follow-ups", json={**body, "method": "飞鸽传书"}, headers=sales_headers(2)
    )
    assert wrong_method.status_code == 422
    # A later follow-up closes the plan.
    await client.post(
        "/api/crm/follow-ups",
        json={"customer_id": customer["id"], "method": "上门拜访", "followed_at": now.isoformat()},
        headers=sales_headers(2),
    )
    assert (await client.get("/api/crm/follow-ups/due", headers=sales_headers(2))).json()["total"] == 0
    listed = (await client.get("/api/crm/follow-ups", headers=sales_headers(2))).json()
    assert listed["total"] == 2 and listed["data_list"][0]["owner_name"] == "万彬"
    assert (await client.get("/api/crm/follow-ups", headers=sales_headers(3))).json()["total"] == 0
    # Adding and deleting a follow-up are steps of the customer's history, each with the follow-up's summary.
    deleted = await client.delete(f"/api/crm/follow-ups/{first.json()['id']}", headers=admin_headers())
    assert deleted.status_code == 204, deleted.text
    history = (await client.get(f"/api/crm/customers/{customer['id']}/history", headers=admin_headers())).json()
    steps = [(h["action"], h["field"], h["old_value"], h["new_value"]) for h in history["data_list"]]
    followed = [step for step in steps if step[1] == "follow_up"]
    assert [(action, old is None, new is None) for action, _, old, new in followed] == [
        ("follow_up_delete", False, True),
        ("follow_up", True, False),
        ("follow_up", True, False),
    ], steps
    assert followed[0][2].startswith("电话 ") and followed[1][3].startswith("上门拜访 "), steps


async def test_unattended_list_staff_directory_and_export_log(client: httpx.AsyncClient, db: Database) -> None:
    from crmkit import execute

    from shared.events.gateway import StaffChanged

    quiet = await make_customer(client, "领取后未跟进客户", headers=sales_headers(2))
    await make_customer(client, "刚领取客户", headers=sales_headers(2))
    await execute(db, "UPDATE crm_customers SET claimed_at = now() - interval '8 days' WHERE id = :i", i=quiet["id"])
    unattended = (await client.get("/api/crm/customers/unattended", headers=admin_headers())).json()
    assert [r["name"] for r in unattended["data_list"]] == ["领取后未跟进客户"]

    # The staff directory follows gateway.StaffChanged by revision: an older copy arriving late is ignored.
    from crm.handlers import handlers
    from shared.events.envelope import Envelope

    handler = handlers.get("gateway.StaffChanged")
    assert handler is not None
    newer = StaffChanged(staff_id=2, username="wanbin", name="万彬（新）", dept_id=4, dept_name="销售二部", revision=3)
    older = StaffChanged(staff_id=2, username="wanbin", name="万彬（旧）", dept_id=3, dept_name="销售一部", revision=2)
    async with db.sessions() as session:
        for event in (newer, older):
            await handler.fn(session, event, Envelope.wrap("gateway", event))
        await session.commit()
    assert await scalar(db, "SELECT name FROM crm_staff WHERE staff_id = 2") == "万彬（新）"
    # The salesperson's customers follow the new name and department (and so the data scope).
    owner = await scalar(db, "SELECT owner_name || dept_id FROM crm_customers WHERE id = :i", i=quiet["id"])
    assert owner == "万彬（新）4"

    # Exports of customer data are logged: who, what, how many rows.
    exported = await client.get("/api/crm/customers/export", params={"level": "A"}, headers=admin_headers())
    assert exported.status_code == 200
    assert await scalar(db, "SELECT actor_name || ':' || resource || ':' || filters FROM crm_export_logs") == (
        "系统管理员:customers:level=A"
    )
    refused = await client.get("/api/crm/customers/export", headers=bearer_without_export())
    assert refused.status_code == 403


def bearer_without_export() -> dict[str, str]:
    from shared.identity import Scope
    from shared.testing import bearer, staff

    return bearer(staff("crm:customer:list", user_id=2, name="万彬", dept_id=3, scope=Scope.SELF), "crm")
