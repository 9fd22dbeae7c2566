"""List filters mean one thing everywhere: `date_from`/`date_to` are whole Shanghai days (both included, as in the
reports), `customer_id`/`contract_id`/`owner_id`/`dept_id` the same ids on every list; option lists appear only
when asked for; the old names are refused instead of silently ignored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from crmkit import admin_headers, execute, make_contract, make_customer, post_payment, sales_headers, scalar

from shared.db import Database


async def names(client: httpx.AsyncClient, path: str, key: str, **params: object) -> list[str]:
    resp = await client.get(path, params={**params, "with_options": 0}, headers=admin_headers())
    assert resp.status_code == 200, resp.text
    return sorted(str(row[key]) for row in resp.json()["data_list"])


async def test_same_names_same_meaning_on_every_list(client: httpx.AsyncClient, db: Database) -> None:
    first = await make_customer(client, "南昌市第一医院", headers=sales_headers(2))  # 销售一部 (dept 3)
    second = await make_customer(client, "九江市第二医院", headers=sales_headers(5))  # 销售二部 (dept 4)
    # 2026-03-01 00:30 in Shanghai is still 2026-02-28 in UTC: the day is Shanghai's.
    await execute(
        db,
        "UPDATE crm_customers SET created_at = :t WHERE id = :i",
        t=datetime(2026, 2, 28, 16, 30, tzinfo=UTC),
        i=first["id"],
    )
    await execute(
        db,
        "UPDATE crm_customers SET created_at = :t WHERE id = :i",
        t=datetime(2026, 3, 2, 16, 0, tzinfo=UTC),
        i=second["id"],
    )
    customers = "/api/crm/customers"
    assert await names(client, customers, "name", date_from="2026-03-01", date_to="2026-03-01") == ["南昌市第一医院"]
    assert await names(client, customers, "name", date_from="2026-03-02") == ["九江市第二医院"]
    assert await names(client, customers, "name", date_to="2026-02-28") == []
    assert await names(client, customers, "name", dept_id=4) == ["九江市第二医院"]
    assert await names(client, customers, "name", customer_id=first["id"]) == ["南昌市第一医院"]

    one = await make_contract(client, first["id"], "HT-F-1", signed_at="2026-03-01T09:00:00+08:00")
    two = await make_contract(client, second["id"], "HT-F-2", amount="500.00", signed_at="2026-03-05T09:00:00+08:00")
    contracts = "/api/crm/contracts"
    assert await names(client, contracts, "contract_no", date_from="2026-03-01", date_to="2026-03-04") == ["HT-F-1"]
    assert await names(client, contracts, "contract_no", dept_id=4) == ["HT-F-2"]
    assert await names(client, contracts, "contract_no", customer_id=first["id"]) == ["HT-F-1"]
    for contract, received in ((one, "2026-03-10T10:00:00+08:00"), (two, "2026-03-20T10:00:00+08:00")):
        paid = await post_payment(client, contract["id"], "500.00", received)
        assert paid.status_code == 201, paid.text
    # The sales report's names: payment_amount received, outstanding still due.
    detail = (await client.get(f"/api/crm/contracts/{one['id']}", headers=admin_headers())).json()
    assert (detail["amount"], detail["payment_amount"], detail["outstanding"]) == ("10000.00", "500.00", "9500.00")
    assert "paid_total" not in detail and "unpaid" not in detail
    assert await names(client, contracts, "contract_no", outstanding="false") == ["HT-F-2"]
    customer = (await client.get(f"/api/crm/customers/{second['id']}", headers=admin_headers())).json()
    assert (customer["contract_amount"], customer["payment_amount"]) == ("500.00", "500.00")

    payments = "/api/crm/payments"
    assert await names(client, payments, "contract_no", date_from="2026-03-15") == ["HT-F-2"]
    assert await names(client, payments, "contract_no", dept_id=3) == ["HT-F-1"]
    assert await names(client, payments, "contract_no", contract_id=one["id"]) == ["HT-F-1"]
    # A payment's keyword finds its contract as the contract list does: by number or customer name.
    assert await names(client, payments, "contract_no", keyword="ht-f-2") == ["HT-F-2"]
    assert await names(client, payments, "contract_no", keyword=" 南昌市 ") == ["HT-F-1"]
    assert await names(client, payments, "contract_no", keyword="赣州") == []
    assert await names(client, payments, "contract_no", method="现金", owner_id=2) == ["HT-F-1"]

    followed = datetime.now(UTC) - timedelta(hours=1)
    for c in (first, second):
        created = await client.post(
            "/api/crm/follow-ups",
            json={"customer_id": c["id"], "method": "电话", "followed_at": followed.isoformat()},
            headers=admin_headers(),
        )
        assert created.status_code == 201, created.text
    follow_ups = "/api/crm/follow-ups"
    assert await names(client, follow_ups, "customer_name", dept_id=3) == ["南昌市第一医院"]
    assert await names(client, follow_ups, "customer_name", owner_id=5) == ["九江市第二医院"]
    assert await names(client, follow_ups, "customer_name", date_to="2020-01-01") == []
    assert await names(client, follow_ups, "customer_name", keyword="九江") == ["九江市第二医院"]
    assert await names(client, follow_ups, "customer_name", method="微信") == []

    change = await client.post(
        "/api/crm/owner-changes", json={"customer_id": first["id"], "to_owner_id": 3}, headers=admin_headers()
    )
    assert change.status_code == 201, change.text
    changes = "/api/crm/owner-changes"
    assert await names(client, changes, "customer_name", owner_id=3) == ["南昌市第一医院"]
    assert await names(client, changes, "customer_name", customer_id=second["id"]) == []
    assert await names(client, changes, "customer_name", keyword="第一") == ["南昌市第一医院"]
    assert await names(client, changes, "customer_name", keyword="九江") == []

    # Option lists only when asked for (with_options=1, the default); the old filter names are refused.
    with_options = (await client.get(customers, headers=admin_headers())).json()
    assert with_options["level_list"][0] == {"label": "A", "value": "A"}
    without = (await client.get(customers, params={"with_options": 0}, headers=admin_headers())).json()
    assert not [key for key in without if key.endswith("_list") and key != "data_list"]
    # The staff select (admin_list) of every page that has one: read when asked for, left out otherwise.
    unattended = "/api/crm/customers/unattended"
    for path in (customers, unattended, payments, follow_ups, changes, "/api/crm/tickets"):
        asked = (await client.get(path, headers=admin_headers())).json()
        assert {"label": "系统管理员", "value": "1"} in asked["admin_list"], path
        bare = (await client.get(path, params={"with_options": 0}, headers=admin_headers())).json()
        assert not [key for key in bare if key.endswith("_list") and key != "data_list"], path
    for path, old in ((customers, "created_from"), (contracts, "unpaid"), (payments, "received_from")):
        refused = await client.get(path, params={old: "2026-01-01"}, headers=admin_headers())
        assert refused.status_code == 422, (path, old)


async def test_values_the_schema_forbids_are_refused(client: httpx.AsyncClient, db: Database) -> None:
    """What pydantic's lax mode would take against the OpenAPI (schemathesis found these: 0 as false, 0 as
    1970-01-01, false as 0) is a 422 and writes nothing."""
    customer = await make_customer(client, "南昌市第三医院")
    contract = await make_contract(client, customer["id"], "HT-LAX")
    refused = [
        ("post", "/api/crm/customers", {"name": "新建区某单位", "to_pool": 0}),
        ("post", "/api/crm/follow-ups", {"customer_id": customer["id"], "method": "电话", "followed_at": 0}),
        ("put", f"/api/crm/contracts/{contract['id']}/payment-plans", {"items": [{"amount": "1.00", "due_date": 0}]}),
        ("put", "/api/crm/pool-rules/ALL", {"remind_days": False}),
        ("post", f"/api/crm/customers/{customer['id']}/lock", {"locked": 1}),
        ("get", "/api/crm/contracts?date_from=0", None),
    ]
    for method, path, body in refused:
        resp = await client.request(method, path, json=body, headers=admin_headers())
        assert resp.status_code == 422, (method, path, resp.text)
    assert await scalar(db, "SELECT count(*) FROM crm_customers") == 1
    assert await scalar(db, "SELECT count(*) FROM crm_follow_ups") == 0
    assert await scalar(db, "SELECT count(*) FROM crm_payment_plans") == 0
    assert await scalar(db, "SELECT count(*) FROM crm_pool_rules") == 0
