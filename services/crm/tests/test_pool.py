"""Public pool: atomic claims, caps/cooldown/daily limit, assignment, and the return job under an injected clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
from crmkit import admin_headers, execute, make_customer, outbox, sales_headers, scalar

from crm.pool.service import run_return_job
from shared.db import Database
from shared.identity import Scope
from shared.testing import bearer, staff


async def put_rule(client: httpx.AsyncClient, key: str, **rule: object) -> None:
    current = (await client.get("/api/crm/pool-rules", headers=admin_headers())).json()
    existing = next((r for r in current["data_list"] if r["scope_key"] == key), None)
    body = {**rule, **({"version": existing["version"]} if existing else {})}
    resp = await client.put(f"/api/crm/pool-rules/{key}", json=body, headers=admin_headers())
    assert resp.status_code == 200, resp.text


async def test_fifty_concurrent_claims_one_winner(client: httpx.AsyncClient, db: Database) -> None:
    customer = await make_customer(client, "南昌市红谷滩区卫生健康委员会", to_pool=True)
    # 50 different salespeople (ids 100..149) in the staff directory.
    for i in range(100, 150):
        await execute(
            db,
            "INSERT INTO crm_staff (staff_id, username, name, dept_id, dept_name, phone, position, active, "
            "revision) VALUES (:i, :u, :n, 3, '销售一部', '', '', true, 1)",
            i=i,
            u=f"s{i}",
            n=f"销售{i}",
        )

    async def claim(user_id: int) -> httpx.Response:
        headers = bearer(
            staff("crm:pool:claim", user_id=user_id, name=f"销售{user_id}", dept_id=3, scope=Scope.SELF), "crm"
        )
        return await client.post(f"/api/crm/pool/{customer['id']}/claim", headers=headers)

    responses = await asyncio.gather(*(claim(i) for i in range(100, 150)))
    codes = sorted(r.status_code for r in responses)
    assert codes.count(200) == 1 and codes.count(409) == 49, codes
    assert all(r.json()["code"] == "already_claimed" for r in responses if r.status_code == 409)
    winner = next(r for r in responses if r.status_code == 200).json()["owner_id"]
    assert await scalar(db, "SELECT owner_id FROM crm_customers WHERE id = :c", c=customer["id"]) == winner
    assert await scalar(db, "SELECT count(*) FROM crm_pool_claims") == 1
    assert len(await outbox(db, "crm.CustomerOwnerChanged")) == 1


async def test_cap_daily_limit_and_cooldown_refuse(client: httpx.AsyncClient, db: Database) -> None:
    await put_rule(client, "ALL", hold_cap=2, daily_claim_limit=3, cooldown_days=7)
    ids = [(await make_customer(client, f"公海客户{i}", to_pool=True))["id"] for i in range(5)]
    assert (await client.post(f"/api/crm/pool/{ids[0]}/claim", headers=sales_headers(2))).status_code == 200
    assert (await client.post(f"/api/crm/pool/{ids[1]}/claim", headers=sales_headers(2))).status_code == 200
    capped = await client.post(f"/api/crm/pool/{ids[2]}/claim", headers=sales_headers(2))
    assert capped.status_code == 409 and capped.json()["code"] == "hold_cap_reached"

    # Release one: back under the cap, but the same salesperson may not take it back for 7 days.
    await client.post(f"/api/crm/customers/{ids[0]}/release", json={"reason": "失去联系"}, headers=sales_headers(2))
    cooldown = await client.post(f"/api/crm/pool/{ids[0]}/claim", headers=sales_headers(2))
    assert cooldown.status_code == 409 and cooldown.json()["code"] == "cooldown"
    assert (await client.post(f"/api/crm/pool/{ids[2]}/claim", headers=sales_headers(2))).status_code == 200
    await client.post(f"/api/crm/customers/{ids[2]}/release", json={"reason": "其他"}, headers=sales_headers(2))
    daily = await client.post(f"/api/crm/pool/{ids[3]}/claim", headers=sales_headers(2))
    assert daily.status_code == 409 and daily.json()["code"] == "daily_limit_reached"
    # Another salesperson can still claim the released customer.
    assert (await client.post(f"/api/crm/pool/{ids[0]}/claim", headers=sales_headers(3))).status_code == 200

    # A manager's assignment obeys the same caps.
    manager = bearer(
        staff(
            "crm:pool:assign",
            "crm:pool:list",
            user_id=8,
            name="周经理",
            dept_id=2,
            scope=Scope.DEPT_TREE,
            dept_ids=[2, 3, 4],
        ),
        "crm",
    )
    assigned = await client.post(f"/api/crm/pool/{ids[4]}/assign", json={"staff_id": 3}, headers=manager)
    assert assigned.status_code == 200 and assigned.json()["owner_name"] == "熊凭凭"
    over = await client.post(f"/api/crm/pool/{ids[3]}/assign", json={"staff_id": 2}, headers=manager)
    assert over.status_code == 409
    assert await scalar(db, "SELECT count(*) FROM crm_customers WHERE owner_id = 2") == 1


async def test_return_job_per_level_with_injected_clock(client: httpx.AsyncClient, db: Database) -> None:
    await put_rule(client, "ALL", no_follow_up_days=30, no_deal_days=90, exempt_dealt=True, remind_days=5)
    await put_rule(client, "A", no_follow_up_days=10, no_deal_days=None, exempt_dealt=False)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    names = {
        "a_stale": "A",
        "a_fresh": "A",
        "a_locked": "A",
        "b_stale": "B",
        "b_followed": "B",
        "c_no_deal": "C",
        "c_dealt": "C",
        "a_dealt": "A",
    }
    ids = {}
    for name, level in names.items():
        ids[name] = (await make_customer(client, name, headers=sales_headers(2), level=level))["id"]
    await execute(db, "UPDATE crm_customers SET claimed_at = :t", t=t0)
    await execute(
        db, "UPDATE crm_customers SET last_follow_up_at = :t WHERE id = :i", t=t0 + timedelta(days=8), i=ids["a_fresh"]
    )
    await execute(db, "UPDATE crm_customers SET locked = true WHERE id = :i", i=ids["a_locked"])
    await execute(
        db,
        "UPDATE crm_customers SET last_follow_up_at = :t WHERE id IN (:i, :j, :k)",
        t=t0 + timedelta(days=60),
        i=ids["b_followed"],
        j=ids["c_no_deal"],
        k=ids["c_dealt"],
    )
    await execute(
        db, "UPDATE crm_customers SET dealt_at = :t WHERE id IN (:i, :j)", t=t0, i=ids["c_dealt"], j=ids["a_dealt"]
    )

    async def owners() -> dict[str, int | None]:
        return {n: await scalar(db, "SELECT owner_id FROM crm_customers WHERE id = :i", i=i) for n, i in ids.items()}

    # Day 12: A's 10-day rule returns a_stale and a_dealt (A does not exempt dealt customers);
    # a_fresh was followed on day 8.
    result = await run_return_job(db, t0 + timedelta(days=12))
    assert result["returned"] == 2
    pooled = {n for n, o in (await owners()).items() if o is None}
    assert pooled == {"a_stale", "a_dealt"}
    # Day 31: the global rule returns b_stale (no follow-up for 30 days); a_fresh goes too (10 days after day 8).
    await run_return_job(db, t0 + timedelta(days=31))
    pooled = {n for n, o in (await owners()).items() if o is None}
    assert pooled == {"a_stale", "a_dealt", "b_stale", "a_fresh"}
    # Day 91: no deal for 90 days returns c_no_deal and b_followed; c_dealt is exempt, a_locked never returns.
    await run_return_job(db, t0 + timedelta(days=91))
    kept = {n for n, o in (await owners()).items() if o is not None}
    assert kept == {"a_locked", "c_dealt"}
    # A rerun changes nothing and every return is in history and the outbox once.
    again = await run_return_job(db, t0 + timedelta(days=92))
    assert again["returned"] == 0
    assert await scalar(db, "SELECT count(*) FROM crm_history WHERE action = 'pool_return'") == 6
    events = await outbox(db, "crm.CustomerOwnerChanged")
    assert len(events) == 6
    reasons = {e["payload"]["customer_name"]: e["payload"]["reason"] for e in events}
    assert reasons["a_stale"] == "超过 10 天未跟进" and reasons["c_no_deal"] == "超过 90 天未成交"
    assert events[0]["payload"]["old_owner"] == {"id": 2, "name": "万彬"}
    note = await scalar(db, "SELECT release_note FROM crm_customers WHERE id = :i", i=ids["b_stale"])
    assert note == "超过 30 天未跟进"


async def test_due_to_return_list(client: httpx.AsyncClient, db: Database) -> None:
    await put_rule(client, "ALL", no_follow_up_days=30, no_deal_days=None, remind_days=5)
    soon = await make_customer(client, "快到期客户", headers=sales_headers(2))
    later = await make_customer(client, "还早客户", headers=sales_headers(2))
    now = datetime.now(UTC)
    await execute(
        db, "UPDATE crm_customers SET claimed_at = :t WHERE id = :i", t=now - timedelta(days=27), i=soon["id"]
    )
    await execute(
        db, "UPDATE crm_customers SET claimed_at = :t WHERE id = :i", t=now - timedelta(days=5), i=later["id"]
    )
    due = (await client.get("/api/crm/pool/due", headers=sales_headers(2))).json()
    assert [r["name"] for r in due["data_list"]] == ["快到期客户"]
    assert due["data_list"][0]["reason"] == "超过 30 天未跟进"
    assert (await client.get("/api/crm/pool/due", headers=sales_headers(3))).json()["total"] == 0
