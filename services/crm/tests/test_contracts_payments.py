"""Contracts and payments: review events, frozen amounts, voiding, numbers, sub-contracts, attachments,
over-collection, payment events with revisions, derived totals, and bad input -> 422 with nothing written."""

from __future__ import annotations

import httpx
from crmkit import admin_headers, make_contract, make_customer, outbox, post_payment, sales_headers, scalar

from shared.db import Database


async def test_review_events_and_frozen_amounts(client: httpx.AsyncClient, db: Database) -> None:
    customer = await make_customer(client, "江西省绿色产业集团有限公司", headers=sales_headers(2))
    contract = await make_contract(
        client,
        customer["id"],
        "HT-2026-001",
        amount="120000.00",
        approve=False,
        headers=sales_headers(2),
        total_cards=100,
        card_type="A类卡",
        face_value_per_card="1200.00",
        signed_at="2026-01-05T10:00:00+08:00",
    )
    assert contract["status"] == "pending" and contract["owner_name"] == "万彬"
    approved = await client.post(
        f"/api/crm/contracts/{contract['id']}/review", json={"approved": True}, headers=admin_headers()
    )
    assert approved.status_code == 200
    events = await outbox(db, "crm.ContractApproved")
    assert len(events) == 1
    payload = events[0]["payload"]
    assert payload["contract_no"] == "HT-2026-001" and payload["amount"] == "120000.00"
    assert payload["total_cards"] == 100 and payload["face_value_per_card"] == "1200.00"
    assert payload["owner_name"] == "万彬" and payload["dept_name"] == "销售一部"
    assert payload["customer_name"] == "江西省绿色产业集团有限公司" and payload["approved_by"]["name"] == "系统管理员"
    assert payload["start_date"] == "2026-01-01"

    frozen = await client.put(
        f"/api/crm/contracts/{contract['id']}",
        json={"name": "改", "amount": "1.00", "version": approved.json()["version"]},
        headers=admin_headers(),
    )
    assert frozen.status_code == 409 and frozen.json()["code"] == "contract_frozen"
    again = await client.post(
        f"/api/crm/contracts/{contract['id']}/review", json={"approved": False, "reason": "x"}, headers=admin_headers()
    )
    assert again.status_code == 409
    assert await scalar(db, "SELECT amount FROM crm_contracts WHERE id = :i", i=contract["id"]) == 120000
    row = (await client.get(f"/api/crm/customers/{customer['id']}", headers=admin_headers())).json()
    assert row["contract_amount"] == "120000.00"

    # Rejected -> edited -> back to review.
    second = await make_contract(client, customer["id"], "HT-2026-002", approve=False)
    rejected = await client.post(
        f"/api/crm/contracts/{second['id']}/review",
        json={"approved": False, "reason": "金额不对"},
        headers=admin_headers(),
    )
    assert rejected.json()["status"] == "rejected"
    assert len(await outbox(db, "crm.ContractRejected")) == 1
    assert (await outbox(db, "crm.ContractRejected"))[0]["payload"]["reason"] == "金额不对"
    resubmitted = await client.put(
        f"/api/crm/contracts/{second['id']}",
        json={"name": "合同2", "amount": "5000.00", "total_cards": 5, "version": rejected.json()["version"]},
        headers=admin_headers(),
    )
    assert resubmitted.status_code == 200 and resubmitted.json()["status"] == "pending"

    # Voiding needs its own permission and only applies to approved contracts.
    no_perm = await client.post(
        f"/api/crm/contracts/{contract['id']}/void", json={"reason": "x"}, headers=sales_headers(2)
    )
    assert no_perm.status_code == 403
    bad_state = await client.post(
        f"/api/crm/contracts/{second['id']}/void", json={"reason": "x"}, headers=admin_headers()
    )
    assert bad_state.status_code == 409
    assert await outbox(db, "crm.ContractVoided") == []  # refused voids announce nothing
    voided = await client.post(
        f"/api/crm/contracts/{contract['id']}/void", json={"reason": "客户取消"}, headers=admin_headers()
    )
    assert voided.json()["status"] == "voided"
    (void_event,) = await outbox(db, "crm.ContractVoided")
    assert void_event["payload"]["contract_id"] == contract["id"] and void_event["payload"]["reason"] == "客户取消"
    assert void_event["payload"]["amount"] == "120000.00" and void_event["payload"]["voided_by"]["name"] == "系统管理员"
    row = (await client.get(f"/api/crm/customers/{customer['id']}", headers=admin_headers())).json()
    assert row["contract_amount"] == "0.00"


async def test_contract_no_change_sub_contracts_and_attachments(client: httpx.AsyncClient, db: Database) -> None:
    customer = await make_customer(client, "南昌市市容环境事务中心", headers=sales_headers(2))
    parent = await make_contract(client, customer["id"], "HT-P-1")
    dup = await client.post(
        "/api/crm/contracts",
        json={"customer_id": customer["id"], "name": "x", "contract_no": "HT-P-1", "amount": "1.00"},
        headers=admin_headers(),
    )
    assert dup.status_code == 409 and dup.json()["code"] == "duplicate_contract_no"
    child = await make_contract(client, customer["id"], "HT-P-1-A", parent_id=parent["id"], amount="500.00")
    detail = (await client.get(f"/api/crm/contracts/{parent['id']}", headers=admin_headers())).json()
    assert [c["contract_no"] for c in detail["children"]] == ["HT-P-1-A"]
    assert child["parent_id"] == parent["id"]

    no_perm = await client.post(
        f"/api/crm/contracts/{parent['id']}/contract-no", json={"contract_no": "HT-P-2"}, headers=sales_headers(2)
    )
    assert no_perm.status_code == 403
    changed = await client.post(
        f"/api/crm/contracts/{parent['id']}/contract-no",
        json={"contract_no": "HT-P-2", "reason": "编号录错"},
        headers=admin_headers(),
    )
    assert changed.status_code == 200 and changed.json()["contract_no"] == "HT-P-2"
    assert (
        await scalar(db, "SELECT old_value || '>' || new_value FROM crm_history WHERE action = 'change_no'")
        == "HT-P-1>HT-P-2"
    )

    pdf = b"%PDF-1.4 contract"
    up = await client.post(
        f"/api/crm/contracts/{parent['id']}/attachments",
        files={"file": ("合同扫描件.pdf", pdf, "application/pdf")},
        headers=admin_headers(),
    )
    assert up.status_code == 201, up.text
    att = up.json()
    down = await client.get(f"/api/crm/contracts/{parent['id']}/attachments/{att['id']}", headers=admin_headers())
    assert down.status_code == 200 and down.content == pdf
    exe = await client.post(
        f"/api/crm/contracts/{parent['id']}/attachments",
        files={"file": ("virus.exe", b"MZ", "application/octet-stream")},
        headers=admin_headers(),
    )
    assert exe.status_code == 415
    big = await client.post(
        f"/api/crm/contracts/{parent['id']}/attachments",
        files={"file": ("big.pdf", b"0" * (20 * 1024 * 1024 + 1), "application/pdf")},
        headers=admin_headers(),
    )
    assert big.status_code == 413
    assert await scalar(db, "SELECT count(*) FROM crm_contract_attachments") == 1
    listed = (await client.get("/api/crm/contracts", params={"top_only": "true"}, headers=admin_headers())).json()
    assert [(c["contract_no"], c["attachment_count"]) for c in listed["data_list"]] == [("HT-P-2", 1)]
    gone = await client.delete(f"/api/crm/contracts/{parent['id']}/attachments/{att['id']}", headers=admin_headers())
    assert gone.status_code == 204
    assert (
        await client.get(f"/api/crm/contracts/{parent['id']}/attachments/{att['id']}", headers=admin_headers())
    ).status_code == 404


async def test_payments_over_collection_and_events(client: httpx.AsyncClient, db: Database) -> None:
    customer = await make_customer(client, "江西省红壤科技服务有限公司", headers=sales_headers(2))
    pending = await make_contract(client, customer["id"], "HT-PAY-0", approve=False)
    refused = await post_payment(client, pending["id"], "1.00", "2026-02-01T10:00:00+08:00")
    assert refused.status_code == 409 and refused.json()["code"] == "contract_not_approved"
    contract = await make_contract(client, customer["id"], "HT-PAY-1", amount="10000.00")
    body = {
        "contract_id": contract["id"],
        "amount": "6000.00",
        "method": "银行转账",
        "received_at": "2026-02-01T10:00:00+08:00",
    }
    first = await client.post("/api/crm/payments", json=body, headers={**sales_headers(2), "Idempotency-Key": "k1"})
    assert first.status_code == 201, first.text
    replay = await client.post("/api/crm/payments", json=body, headers={**sales_headers(2), "Idempotency-Key": "k1"})
    assert replay.json()["id"] == first.json()["id"]
    over = await client.post("/api/crm/payments", json={**body, "amount": "4000.01"}, headers=sales_headers(2))
    assert over.status_code == 409 and over.json()["code"] == "over_collection"
    pay = first.json()
    edit_over = await client.put(
        f"/api/crm/payments/{pay['id']}",
        json={"amount": "10000.01", "method": "现金", "received_at": body["received_at"], "version": pay["version"]},
        headers=sales_headers(2),
    )
    assert edit_over.status_code == 409
    edited = await client.put(
        f"/api/crm/payments/{pay['id']}",
        json={"amount": "7000.00", "method": "支付宝", "received_at": body["received_at"], "version": pay["version"]},
        headers=sales_headers(2),
    )
    assert edited.status_code == 200, edited.text
    row = (await client.get(f"/api/crm/customers/{customer['id']}", headers=admin_headers())).json()
    assert row["payment_amount"] == "7000.00"
    no_perm = await client.delete(f"/api/crm/payments/{pay['id']}", headers=sales_headers(2))
    assert no_perm.status_code == 403
    assert (await client.delete(f"/api/crm/payments/{pay['id']}", headers=admin_headers())).status_code == 204
    row = (await client.get(f"/api/crm/customers/{customer['id']}", headers=admin_headers())).json()
    assert row["payment_amount"] == "0.00"

    recorded = await outbox(db, "crm.PaymentRecorded")
    changed = await outbox(db, "crm.PaymentChanged")
    deleted = await outbox(db, "crm.PaymentDeleted")
    assert len(recorded) == 1 and len(changed) == 1 and len(deleted) == 1
    assert recorded[0]["payload"]["amount"] == "6000.00" and recorded[0]["payload"]["revision"] == 1
    assert changed[0]["payload"]["amount"] == "7000.00" and changed[0]["payload"]["method"] == "支付宝"
    assert changed[0]["payload"]["revision"] == 2 and deleted[0]["payload"]["revision"] == 3
    assert recorded[0]["payload"]["contract_no"] == "HT-PAY-1" and recorded[0]["payload"]["owner_id"] == 2


async def test_bad_money_dates_enums_are_422_and_write_nothing(client: httpx.AsyncClient, db: Database) -> None:
    customer = await make_customer(client, "南昌市发展和改革委员会")
    base = {"customer_id": customer["id"], "name": "合同", "contract_no": "HT-BAD", "amount": "100.00"}
    for bad in (
        {"amount": "-1.00"},
        {"amount": "1.005"},
        {"amount": "abc"},
        {"contract_type": "保险"},
        {"start_date": "2026-12-31", "end_date": "2026-01-01"},
        {"total_cards": -1},
    ):
        resp = await client.post("/api/crm/contracts", json={**base, **bad}, headers=admin_headers())
        assert resp.status_code == 422, (bad, resp.text)
        assert resp.json()["errors"]
    assert await scalar(db, "SELECT count(*) FROM crm_contracts") == 0
    contract = await make_contract(client, customer["id"], "HT-GOOD")
    pay = {
        "contract_id": contract["id"],
        "amount": "10.00",
        "method": "银行转账",
        "received_at": "2026-02-01T10:00:00Z",
    }
    for bad in ({"amount": "-5.00"}, {"amount": "0.001"}, {"method": "微信"}, {"received_at": "昨天"}):
        resp = await client.post("/api/crm/payments", json={**pay, **bad}, headers=admin_headers())
        assert resp.status_code == 422, (bad, resp.text)
    reversed_range = await client.get(
        "/api/crm/payments",
        params={"date_from": "2026-03-01", "date_to": "2026-01-01"},
        headers=admin_headers(),
    )
    assert reversed_range.status_code == 422
    assert await scalar(db, "SELECT count(*) FROM crm_payments") == 0
    assert len(await outbox(db, "crm.PaymentRecorded")) == 0


async def test_payment_plan_status(client: httpx.AsyncClient) -> None:
    customer = await make_customer(client, "南昌市金融工作办公室")
    contract = await make_contract(client, customer["id"], "HT-PLAN", amount="3000.00")
    too_much = await client.put(
        f"/api/crm/contracts/{contract['id']}/payment-plans",
        json={"items": [{"due_date": "2026-01-10", "amount": "3000.01"}]},
        headers=admin_headers(),
    )
    assert too_much.status_code == 422
    plan = await client.put(
        f"/api/crm/contracts/{contract['id']}/payment-plans",
        json={
            "items": [
                {"due_date": "2020-01-10", "amount": "1000.00"},
                {"due_date": "2020-02-10", "amount": "1000.00"},
                {"due_date": "2099-03-10", "amount": "1000.00"},
            ]
        },
        headers=admin_headers(),
    )
    assert plan.status_code == 200
    await post_payment(client, contract["id"], "1500.00", "2020-01-09T10:00:00Z")
    rows = (await client.get(f"/api/crm/contracts/{contract['id']}/payment-plans", headers=admin_headers())).json()
    assert [r["status"] for r in rows["data_list"]] == ["已回款", "已逾期", "待回款"]
    overdue = (
        await client.get("/api/crm/payment-plans", params={"overdue_only": "true"}, headers=admin_headers())
    ).json()
    assert [r["due_date"] for r in overdue["data_list"]] == ["2020-02-10"]


async def test_contract_list_filters_expiring_expired_unpaid(client: httpx.AsyncClient) -> None:
    from datetime import date, timedelta

    customer = await make_customer(client, "南昌市公路事业发展中心")
    today = date.today()
    await make_contract(
        client,
        customer["id"],
        "HT-EXP-SOON",
        start_date=str(today - timedelta(days=300)),
        end_date=str(today + timedelta(days=10)),
    )
    await make_contract(client, customer["id"], "HT-EXPIRED", start_date="2020-01-01", end_date="2020-12-31")
    paid = await make_contract(
        client,
        customer["id"],
        "HT-PAID",
        amount="100.00",
        start_date=str(today),
        end_date=str(today + timedelta(days=365)),
    )
    await post_payment(client, paid["id"], "100.00", "2026-01-01T00:00:00Z")

    async def numbers(**params: object) -> list[str]:
        body = (await client.get("/api/crm/contracts", params=params, headers=admin_headers())).json()
        return sorted(c["contract_no"] for c in body["data_list"])

    assert await numbers(expiring_within=30) == ["HT-EXP-SOON"]
    assert await numbers(expired="true") == ["HT-EXPIRED"]
    assert await numbers(outstanding="true") == ["HT-EXP-SOON", "HT-EXPIRED"]
    assert await numbers(keyword="PAID") == ["HT-PAID"]
    reversed_dates = await client.get(
        "/api/crm/contracts", params={"end_from": "2026-12-31", "end_to": "2026-01-01"}, headers=admin_headers()
    )
    assert reversed_dates.status_code == 422


async def test_concurrent_payments_never_exceed_the_contract(client: httpx.AsyncClient, db: Database) -> None:
    import asyncio

    customer = await make_customer(client, "江西省赣农蜂业有限公司")
    contract = await make_contract(client, customer["id"], "HT-RACE", amount="10000.00")
    body = {
        "contract_id": contract["id"],
        "amount": "2000.00",
        "method": "银行转账",
        "received_at": "2026-02-01T00:00:00Z",
    }
    responses = await asyncio.gather(
        *(client.post("/api/crm/payments", json=body, headers=admin_headers()) for _ in range(8))
    )
    codes = sorted(r.status_code for r in responses)
    assert codes.count(201) == 5 and codes.count(409) == 3, codes
    assert await scalar(db, "SELECT sum(amount) FROM crm_payments WHERE contract_id = :c", c=contract["id"]) == 10000
    assert await scalar(db, "SELECT paid_total FROM crm_customers WHERE id = :c", c=customer["id"]) == 10000
