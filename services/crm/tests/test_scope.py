"""Data scope: a 仅本人 salesperson sees only their own customers, contracts and payments; others' ids answer 404."""

from __future__ import annotations

import io

import httpx
from crmkit import make_contract, make_customer, post_payment, sales_headers
from openpyxl import load_workbook

from shared.db import Database
from shared.identity import Scope
from shared.testing import bearer, staff


async def test_self_scope_hides_others_rows(client: httpx.AsyncClient, db: Database) -> None:
    mine = await make_customer(client, "万彬的客户", headers=sales_headers(2))
    theirs = await make_customer(client, "陈隆的客户", headers=sales_headers(5))
    their_contract = await make_contract(client, theirs["id"], "HT-CL-1")
    my_contract = await make_contract(client, mine["id"], "HT-WB-1")
    pay = await post_payment(client, their_contract["id"], "10.00", "2026-02-01T00:00:00Z")
    their_payment = pay.json()
    me = sales_headers(2)

    listed = (await client.get("/api/crm/customers", headers=me)).json()
    assert [r["name"] for r in listed["data_list"]] == ["万彬的客户"]
    assert (await client.get(f"/api/crm/customers/{theirs['id']}", headers=me)).status_code == 404
    edit = await client.put(
        f"/api/crm/customers/{theirs['id']}", json={"level": "A", "version": theirs["version"]}, headers=me
    )
    assert edit.status_code == 404
    assert (await client.get(f"/api/crm/customers/{theirs['id']}/history", headers=me)).status_code == 404
    exported = await client.get("/api/crm/customers/export", headers=me)
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["万彬的客户"]

    contracts = (await client.get("/api/crm/contracts", headers=me)).json()
    assert [c["id"] for c in contracts["data_list"]] == [my_contract["id"]]
    assert (await client.get(f"/api/crm/contracts/{their_contract['id']}", headers=me)).status_code == 404
    assert (await client.get(f"/api/crm/contracts/{their_contract['id']}/attachments", headers=me)).status_code == 404
    payments = (await client.get("/api/crm/payments", headers=me)).json()
    assert payments["total"] == 0
    assert (await client.get(f"/api/crm/payments/{their_payment['id']}", headers=me)).status_code == 404
    edit_pay = await client.put(
        f"/api/crm/payments/{their_payment['id']}",
        json={"amount": "1.00", "method": "现金", "received_at": "2026-02-01T00:00:00Z", "version": 1},
        headers=me,
    )
    assert edit_pay.status_code == 404
    sneaky = await post_payment(client, their_contract["id"], "1.00", "2026-02-01T00:00:00Z", headers=me)
    assert sneaky.status_code == 404
    contract_export = await client.get("/api/crm/contracts/export", headers=me)
    rows = list(load_workbook(io.BytesIO(contract_export.content)).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in rows] == ["HT-WB-1"]

    # A department-tree manager sees both departments' customers; without the permission: 403.
    manager = bearer(
        staff("crm:customer:list", user_id=8, name="周经理", dept_id=2, scope=Scope.DEPT_TREE, dept_ids=[2, 3, 4]),
        "crm",
    )
    assert (await client.get("/api/crm/customers", headers=manager)).json()["total"] == 2
    no_perm = bearer(staff("crm:contract:list", user_id=3, name="熊凭凭", dept_id=3, scope=Scope.SELF), "crm")
    assert (await client.get("/api/crm/customers", headers=no_perm)).status_code == 403
    assert (await client.get("/api/crm/customers")).status_code == 401
