"""Withdrawals: the amount is held at once and never above the balance, even under 20 concurrent requests;
review, payment and rejection each write one ledger entry; a rejection returns the held amount once."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import text

from escort.escorts import ledger
from escort.settings import EscortSettings
from shared.db import Database

from .conftest import admin_headers, build_world, escort_headers, post


async def credit(escort_id: int, amount: str) -> None:
    db = Database(EscortSettings().database_url, pool_size=1)
    try:
        async with db.sessions() as session:
            assert await ledger.move(session, escort_id, "earning", amount=Decimal(amount), memo="测试入账")
            await session.commit()
    finally:
        await db.dispose()


async def books(escort_id: int) -> dict[str, Any]:
    """The escort's balance and held part, and what his ledger adds up to."""
    db = Database(EscortSettings().database_url, pool_size=1)
    try:
        async with db.sessions() as session:
            row = (await session.execute(text(
                """
                SELECT e.balance, e.held, COALESCE(SUM(l.amount), 0) AS ledger_balance,
                       COALESCE(SUM(l.held_amount), 0) AS ledger_held, count(l.id) AS entries
                  FROM escorts e LEFT JOIN escort_ledger l ON l.escort_id = e.id
                 WHERE e.id = :id GROUP BY e.id
                """), {"id": escort_id})).one()
            return dict(row._mapping)
    finally:
        await db.dispose()


def ask(item_id: int, amount: str) -> dict[str, Any]:
    return {"item_id": item_id, "amount": amount, "account_name": "陪诊师一", "account_no": "6222020000001234"}


async def test_twenty_concurrent_withdrawals_never_overdraw(client: httpx.AsyncClient) -> None:
    world = await build_world(client, escorts=1)
    escort_id = world.escorts[0]["id"]
    await credit(escort_id, "1000.00")
    headers = escort_headers(escort_id)
    answers = await asyncio.gather(*(client.post("/partner/escort/withdrawals", json=ask(world.item["id"], "150.00"),
                                                 headers=headers) for _ in range(20)))
    codes = [a.status_code for a in answers]
    assert codes.count(201) == 6 and codes.count(409) == 14, codes
    state = await books(escort_id)
    assert state["balance"] == Decimal("100.00") and state["held"] == Decimal("900.00")
    assert (state["ledger_balance"], state["ledger_held"]) == (state["balance"], state["held"])
    assert state["entries"] == 1 + 6


async def test_review_pay_and_reject_each_write_one_entry(client: httpx.AsyncClient) -> None:
    world = await build_world(client, escorts=1)
    escort_id = world.escorts[0]["id"]
    await credit(escort_id, "500.00")
    headers = escort_headers(escort_id)
    paid = await post(client, "/partner/escort/withdrawals", ask(world.item["id"], "200.00"), headers=headers)
    rejected = await post(client, "/partner/escort/withdrawals", ask(world.item["id"], "100.00"), headers=headers)
    assert paid["status"] == "pending" and paid["net_amount"] == "200.00"

    # Paying before approval is refused; approval then payment.
    early = await client.post(f"/api/escort/withdrawals/{paid['id']}/pay", json={"reference": "TX001"},
                              headers=admin_headers())
    assert early.status_code == 409
    await post(client, f"/api/escort/withdrawals/{paid['id']}/review", {"action": "approve"}, expect=200)
    pays = await asyncio.gather(*(client.post(f"/api/escort/withdrawals/{paid['id']}/pay",
                                              json={"reference": "TX001"}, headers=admin_headers())
                                  for _ in range(3)))
    assert sorted(p.status_code for p in pays) == [200, 409, 409]

    # A rejection needs a reason; concurrent rejections return the held amount once.
    no_reason = await client.post(f"/api/escort/withdrawals/{rejected['id']}/review", json={"action": "reject"},
                                  headers=admin_headers())
    assert no_reason.status_code == 422
    rejects = await asyncio.gather(*(client.post(f"/api/escort/withdrawals/{rejected['id']}/review",
                                                 json={"action": "reject", "reason": "账户名不符"},
                                                 headers=admin_headers()) for _ in range(3)))
    assert sorted(r.status_code for r in rejects) == [200, 409, 409]
    state = await books(escort_id)
    assert (state["balance"], state["held"]) == (Decimal("300.00"), Decimal("0.00"))
    assert (state["ledger_balance"], state["ledger_held"]) == (state["balance"], state["held"])
    kinds = (await client.get("/partner/escort/earnings", headers=headers)).json()["ledger"]["data_list"]
    assert [k["kind"] for k in kinds] == ["withdrawal_return", "withdrawal_paid", "withdrawal_hold",
                                          "withdrawal_hold", "earning"]
    listed = (await client.get("/api/escort/withdrawals", params={"status": "paid"}, headers=admin_headers())).json()
    assert [w["paid_reference"] for w in listed["data_list"]] == ["TX001"]
    mine = (await client.get("/partner/escort/withdrawals", headers=headers)).json()
    assert mine["total"] == 2


async def test_refusals_change_nothing(client: httpx.AsyncClient) -> None:
    world = await build_world(client, escorts=2)
    escort_id = world.escorts[0]["id"]
    await credit(escort_id, "100.00")
    headers = escort_headers(escort_id)
    disabled = await post(client, "/api/escort/withdrawal-items", {"name": "微信", "method": "wechat",
                                                                   "min_amount": "1.00", "enabled": False})
    fee_item = await post(client, "/api/escort/withdrawal-items", {"name": "支付宝", "method": "alipay",
                                                                   "min_amount": "1.00", "fee_fixed": "2.00"})
    cases = [
        (ask(world.item["id"], "5.00"), 422),  # below the method's minimum
        (ask(world.item["id"], "100.01"), 409),  # above the balance
        (ask(disabled["id"], "50.00"), 422),
        (ask(999999, "50.00"), 422),
        (ask(fee_item["id"], "2.00"), 422),  # nothing left after the fee
        (ask(world.item["id"], "-5.00"), 422),
        (ask(world.item["id"], "5.001"), 422),
        (ask(world.item["id"], "50.00") | {"account_no": "62\u000022"}, 422),
    ]
    for body, status in cases:
        response = await client.post("/partner/escort/withdrawals", json=body, headers=headers)
        assert response.status_code == status, (body, response.text)
    state = await books(escort_id)
    assert (state["balance"], state["held"], state["entries"]) == (Decimal("100.00"), Decimal("0.00"), 1)
    # The fee is kept from the amount.
    with_fee = await post(client, "/partner/escort/withdrawals", ask(fee_item["id"], "50.00"), headers=headers)
    assert (with_fee["fee"], with_fee["net_amount"]) == ("2.00", "48.00")
    # Another escort's withdrawal is not in his list; a retried request with one key holds once.
    other = escort_headers(world.escorts[1]["id"])
    assert (await client.get("/partner/escort/withdrawals", headers=other)).json()["total"] == 0
    keyed = headers | {"Idempotency-Key": "wd-1"}
    again = await asyncio.gather(*(client.post("/partner/escort/withdrawals", json=ask(world.item["id"], "10.00"),
                                               headers=keyed) for _ in range(3)))
    assert sorted(a.status_code for a in again) == [200, 200, 201]
    assert (await books(escort_id))["balance"] == Decimal("40.00")
