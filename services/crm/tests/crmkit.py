"""Helpers of the crm tests (imported as `crmkit`, by the e2e flow too): identities, the staff directory, shortcuts."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text

from crm.staff.service import upsert_staff
from shared.db import Database
from shared.events.gateway import StaffChanged
from shared.identity import Scope
from shared.testing import bearer, staff

# The demo organisation: (id, username, name, dept id, dept name).
STAFF = [
    (1, "admin", "系统管理员", 1, "公司"),
    (2, "wanbin", "万彬", 3, "销售一部"),
    (3, "xiongpp", "熊凭凭", 3, "销售一部"),
    (4, "zhanglei", "章磊", 3, "销售一部"),
    (5, "chenlong", "陈隆", 4, "销售二部"),
    (8, "zhou", "周经理", 2, "销售部"),
]
SALES_PERMS = (
    "crm:customer:list",
    "crm:customer:create",
    "crm:customer:update",
    "crm:customer:export",
    "crm:customer:release",
    "crm:pool:list",
    "crm:pool:claim",
    "crm:follow_up:list",
    "crm:follow_up:create",
    "crm:contract:list",
    "crm:contract:create",
    "crm:contract:update",
    "crm:contract:export",
    "crm:payment:list",
    "crm:payment:create",
    "crm:payment:update",
    "crm:payment:export",
    "crm:owner_change:create",
    "crm:owner_change:list",
)


def admin_headers() -> dict[str, str]:
    return bearer(staff(user_id=1, name="系统管理员", dept_id=1, superuser=True), "crm")


def sales_headers(user_id: int, *extra: str) -> dict[str, str]:
    """A salesperson (仅本人) as the gateway forwards them."""
    row = next(s for s in STAFF if s[0] == user_id)
    return bearer(staff(*SALES_PERMS, *extra, user_id=user_id, name=row[2], dept_id=row[3], scope=Scope.SELF), "crm")


async def seed_staff(database: Database) -> None:
    async with database.sessions() as session:
        for staff_id, username, name, dept_id, dept_name in STAFF:
            await upsert_staff(
                session,
                StaffChanged(staff_id=staff_id, username=username, name=name, dept_id=dept_id, dept_name=dept_name),
            )
        await session.commit()


async def scalar(db: Database, sql: str, **params: Any) -> Any:
    async with db.sessions() as session:
        return (await session.execute(text(sql), params)).scalar()


async def execute(db: Database, sql: str, **params: Any) -> None:
    async with db.sessions() as session:
        await session.execute(text(sql), params)
        await session.commit()


async def outbox(db: Database, routing_key: str | None = None) -> list[dict[str, Any]]:
    """Envelopes queued in the outbox, oldest first."""
    import json

    async with db.sessions() as session:
        sql = "SELECT routing_key, body FROM outbox"
        if routing_key:
            sql += " WHERE routing_key = :key"
        rows = (await session.execute(text(sql + " ORDER BY id"), {"key": routing_key})).all()
    return [json.loads(bytes(r.body)) | {"routing_key": r.routing_key} for r in rows]


async def make_customer(
    client: httpx.AsyncClient, name: str, headers: dict[str, str] | None = None, approve: bool = True, **fields: Any
) -> dict[str, Any]:
    resp = await client.post("/api/crm/customers", json={"name": name, **fields}, headers=headers or admin_headers())
    assert resp.status_code == 201, resp.text
    body = resp.json()
    return await _approved(client, f"/api/crm/customers/{body['id']}") if approve else body


async def make_contract(
    client: httpx.AsyncClient,
    customer_id: int,
    no: str,
    amount: str = "10000.00",
    approve: bool = True,
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    body = {
        "customer_id": customer_id,
        "name": f"合同{no}",
        "contract_no": no,
        "amount": amount,
        "total_cards": 10,
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        **fields,
    }
    resp = await client.post("/api/crm/contracts", json=body, headers=headers or admin_headers())
    assert resp.status_code == 201, resp.text
    contract = resp.json()
    return await _approved(client, f"/api/crm/contracts/{contract['id']}") if approve else contract


async def _approved(client: httpx.AsyncClient, path: str) -> dict[str, Any]:
    """The customer or contract at `path`, approved by the admin."""
    resp = await client.post(f"{path}/review", json={"approved": True}, headers=admin_headers())
    assert resp.status_code == 200, resp.text
    return resp.json()


async def post_payment(
    client: httpx.AsyncClient,
    contract_id: int,
    amount: str,
    received_at: str,
    method: str = "现金",
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Records a payment (by the admin unless `headers` say who); the answer is unchecked, for tests of refusals."""
    body = {"contract_id": contract_id, "amount": amount, "method": method, "received_at": received_at}
    return await client.post("/api/crm/payments", json=body, headers=headers or admin_headers())
