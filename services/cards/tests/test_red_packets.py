"""红包管理: grants through review (exactly once per card, even reviewed twice at once), per-card refusals, revoke
(used amounts stay), spending order, expiry by the scheduler job, lists, export, the member's view, permissions."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from cardkit import activated_cards, admin, internal
from openpyxl import load_workbook

from cards.activations.jobs import expire_red_packets
from cards.numbers import card_no
from shared.identity import Scope
from shared.testing import bearer, member, staff

GRANT_PERMS = ("cards:red_packet:list", "cards:red_packet:create", "cards:red_packet:review",
               "cards:red_packet:revoke", "cards:red_packet:export")


def operator(*perms: str, user_id: int = 7) -> dict[str, str]:
    return bearer(staff(*(perms or GRANT_PERMS), user_id=user_id, name=f"运营{user_id}"), "cards")


async def ledger_matches_cards(pg: Any) -> None:
    """Per card the ledger sums to the balances, and the granted packets to the card's granted part."""
    mismatched = await pg.fetchval(
        "SELECT count(*) FROM cards c LEFT JOIN (SELECT card_id, sum(balance_part) b, sum(red_packet_part) r "
        "FROM ledger_entries GROUP BY card_id) l ON l.card_id = c.id "
        "LEFT JOIN (SELECT card_id, sum(balance) g FROM red_packets GROUP BY card_id) p ON p.card_id = c.id "
        "WHERE coalesce(l.b, 0) <> c.balance OR coalesce(l.r, 0) <> c.red_packet_balance "
        "OR coalesce(p.g, 0) <> c.granted_red_packet_balance")
    assert mismatched == 0
    broken = await pg.fetchval("SELECT count(*) FROM red_packets WHERE amount <> used + revoked + expired + balance "
                               "OR balance < 0")
    assert broken == 0


async def grant(client: httpx.AsyncClient, body: dict[str, Any], *, approve: bool = True) -> dict[str, Any]:
    body = {"amount": "30.00", "valid_days": 10} | body
    created = await client.post("/api/cards/red-packet-grants", headers=operator(), json=body)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "pending"
    if not approve:
        return created.json()
    reviewed = await client.post(f"/api/cards/red-packet-grants/{created.json()['id']}/review",
                                 headers=operator(user_id=8), json={"approved": True})
    assert reviewed.status_code == 200, reviewed.text
    return reviewed.json()


async def debit(client: httpx.AsyncClient, card_id: int, amount: str, order_ref: str) -> httpx.Response:
    return await client.post("/internal/cards/debits", headers=internal(), json={
        "card_id": card_id, "amount": amount, "order_ref": order_ref, "context": "mall"})


async def test_range_grant_reviewed_twice_at_once_puts_one_packet_on_every_grantable_card(client, db, pg) -> None:
    first = await activated_cards(client, db, 5)  # each: 1000.00 balance, 50.00 red packet for 30 days
    frozen = await client.post(f"/api/cards/cards/{first + 2}/freeze", headers=admin("cards:card:freeze"),
                               json={"reason": "挂失"})
    assert frozen.status_code == 200, frozen.text
    created = await grant(client, {"card_no_from": card_no(first), "card_no_to": card_no(first + 4)},
                          approve=False)
    assert (created["target"], created["quantity"]) == ("range", 5)

    async def review(user_id: int) -> httpx.Response:
        return await client.post(f"/api/cards/red-packet-grants/{created['id']}/review",
                                 headers=operator(user_id=user_id), json={"approved": True})

    first_pair = await asyncio.gather(review(8), review(9))
    assert sorted(r.status_code for r in first_pair) == [200, 409]
    again = await review(8)
    assert (again.status_code, again.json()["code"]) == (409, "not_pending")

    approved = next(r for r in first_pair if r.status_code == 200).json()
    assert (approved["status"], approved["granted_count"], approved["refused_count"]) == ("approved", 4, 1)
    assert approved["refused"] == [{"card_no": card_no(first + 2), "reason": "卡片已冻结"}]
    per_card = await pg.fetch("SELECT card_id, count(*) AS n FROM red_packets GROUP BY card_id ORDER BY card_id")
    assert [(r["card_id"], r["n"]) for r in per_card] == [(first + i, 1) for i in (0, 1, 3, 4)]
    grants = await pg.fetchval("SELECT count(*) FROM ledger_entries WHERE kind = 'red_packet_grant' "
                               "AND memo LIKE '红包发放 HB%'")
    assert grants == 4
    balances = await pg.fetch("SELECT id, red_packet_balance FROM cards ORDER BY id")
    assert [b["red_packet_balance"] for b in balances] == [Decimal("80.00")] * 2 + [Decimal("50.00")] + [
        Decimal("80.00")] * 2
    assert await pg.fetchval("SELECT count(*) FROM outbox WHERE routing_key = 'cards.RedPacketsGranted'") == 1
    await ledger_matches_cards(pg)


async def test_an_activation_batch_grant_and_the_idempotency_key_replay(client, db, pg) -> None:
    first = await activated_cards(client, db, 3)
    activation_id = await pg.fetchval("SELECT activation_id FROM cards WHERE id = $1", first)
    valid_to = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    created = await client.post("/api/cards/red-packet-grants", headers=operator(), json={
        "activation_id": activation_id, "amount": "12.50", "valid_to": valid_to})
    assert created.status_code == 201, created.text
    assert (created.json()["target"], created.json()["quantity"]) == ("activation", 3)
    assert created.json()["customer_name"] == "客户11"
    path = f"/api/cards/red-packet-grants/{created.json()['id']}/review"
    key = {"Idempotency-Key": "review-once-1"}
    one = await client.post(path, headers=operator(user_id=8) | key, json={"approved": True})
    two = await client.post(path, headers=operator(user_id=8) | key, json={"approved": True})
    assert (one.status_code, two.status_code) == (200, 200)
    assert one.json() == two.json()
    assert await pg.fetchval("SELECT count(*) FROM red_packets") == 3
    assert await pg.fetchval("SELECT sum(granted_red_packet_balance) FROM cards") == Decimal("37.50")
    await ledger_matches_cards(pg)


async def test_spending_takes_red_packets_first_soonest_expiry_first_and_revoke_leaves_used_amounts(
    client, db, pg
) -> None:
    first = await activated_cards(client, db, 2)  # the card's own 50.00 packet lasts 30 days
    granted = await grant(client, {"card_no_from": card_no(first), "card_no_to": card_no(first + 1),
                                   "amount": "100.00", "valid_days": 5})
    paid = await debit(client, first, "40.00", "mall:O1")
    assert paid.status_code == 201, paid.text
    # Red packets before the balance, and the granted packet (5 days) before the card's own (30 days).
    assert (paid.json()["red_packet_part"], paid.json()["balance_part"]) == ("40.00", "0.00")
    assert await pg.fetchval("SELECT used FROM red_packets WHERE card_id = $1", first) == Decimal("40.00")

    path = f"/api/cards/red-packet-grants/{granted['id']}/revoke"
    one_card = await client.post(path, headers=operator(), json={"card_no": card_no(first), "reason": "发错了"})
    assert one_card.status_code == 200, one_card.text
    assert (one_card.json()["card_count"], one_card.json()["revoked_amount"]) == (1, "60.00")
    assert one_card.json()["grant"]["status"] == "approved"  # the other card still holds its packet
    row = await pg.fetchrow("SELECT used, revoked, balance FROM red_packets WHERE card_id = $1", first)
    assert (row["used"], row["revoked"], row["balance"]) == (Decimal("40.00"), Decimal("60.00"), Decimal("0.00"))
    again = await client.post(path, headers=operator(), json={"card_no": card_no(first), "reason": "发错了"})
    assert (again.status_code, again.json()["card_count"], again.json()["revoked_amount"]) == (200, 0, "0.00")

    whole = await client.post(path, headers=operator(), json={"reason": "活动取消"})
    assert (whole.json()["card_count"], whole.json()["revoked_amount"]) == (1, "100.00")
    assert (whole.json()["grant"]["status"], whole.json()["grant"]["revoked_total"]) == ("revoked", "160.00")
    repeat = await client.post(path, headers=operator(), json={"reason": "活动取消"})
    assert (repeat.status_code, repeat.json()["card_count"], repeat.json()["revoked_amount"]) == (200, 0, "0.00")
    assert await pg.fetchval("SELECT count(*) FROM ledger_entries WHERE kind = 'red_packet_revoke'") == 2
    assert await pg.fetchval("SELECT count(*) FROM outbox WHERE routing_key = 'cards.RedPacketsRevoked'") == 2

    # Only the card's own 50.00 is left to spend first: the revoked packet is gone, the used 40.00 stays spent.
    after = await debit(client, first, "70.00", "mall:O2")
    assert (after.json()["red_packet_part"], after.json()["balance_part"]) == ("50.00", "20.00")
    card = await pg.fetchrow("SELECT red_packet_amount, red_packet_used, red_packet_balance FROM cards WHERE id = $1",
                             first)
    assert (card["red_packet_amount"], card["red_packet_used"], card["red_packet_balance"]) == (
        Decimal("150.00"), Decimal("90.00"), Decimal("0.00"))
    detail = await client.get(f"/api/cards/red-packets/{first}", headers=operator())
    assert [(e["kind"], e["red_packet_part"]) for e in detail.json()["entries"]] == [
        ("red_packet_grant", "50.00"), ("red_packet_grant", "100.00"), ("debit", "-40.00"),
        ("red_packet_revoke", "-60.00"), ("debit", "-50.00")]
    await ledger_matches_cards(pg)


async def refund(client: httpx.AsyncClient, order_ref: str, amount: str) -> httpx.Response:
    return await client.post("/internal/cards/credits", headers=internal(), json={
        "order_ref": order_ref, "amount": amount, "context": "mall", "reason": "退货"})


async def test_a_refund_refills_the_packets_that_paid_it_while_they_are_live(client, db, pg) -> None:
    first = await activated_cards(client, db, 2)  # each: the card's own 50.00 for 30 days
    granted = await grant(client, {"card_no_from": card_no(first), "card_no_to": card_no(first + 1),
                                   "amount": "100.00", "valid_days": 5})
    for card_id, order in ((first, "mall:R1"), (first + 1, "mall:R2")):
        paid = await debit(client, card_id, "120.00", order)  # 100.00 granted (sooner) + 20.00 of its own
        assert (paid.json()["red_packet_part"], paid.json()["balance_part"]) == ("120.00", "0.00")

    back = await refund(client, "mall:R1", "30.00")
    assert (back.json()["red_packet_part"], back.json()["balance_part"]) == ("30.00", "0.00")
    packet = await pg.fetchrow("SELECT used, balance FROM red_packets WHERE card_id = $1", first)
    assert (packet["used"], packet["balance"]) == (Decimal("70.00"), Decimal("30.00"))
    revoked = await client.post(f"/api/cards/red-packet-grants/{granted['id']}/revoke", headers=operator(),
                                json={"card_no": card_no(first), "reason": "活动结束"})
    assert revoked.json()["revoked_amount"] == "30.00"  # what the refund put back, and nothing that was used

    # The second card's packet is revoked before its refund: its part goes to the balance, the card's own
    # 20.00 back to its own red packet, and the revoked packet takes nothing.
    await client.post(f"/api/cards/red-packet-grants/{granted['id']}/revoke", headers=operator(),
                      json={"card_no": card_no(first + 1), "reason": "活动结束"})
    late = await refund(client, "mall:R2", "120.00")
    assert (late.json()["red_packet_part"], late.json()["balance_part"]) == ("20.00", "100.00")
    packet = await pg.fetchrow("SELECT used, revoked, balance FROM red_packets WHERE card_id = $1", first + 1)
    assert (packet["used"], packet["revoked"], packet["balance"]) == (Decimal("100.00"), 0, 0)
    card = await pg.fetchrow("SELECT balance, red_packet_balance, granted_red_packet_balance FROM cards "
                             "WHERE id = $1", first + 1)
    assert (card["balance"], card["red_packet_balance"], card["granted_red_packet_balance"]) == (
        Decimal("1100.00"), Decimal("50.00"), 0)
    await ledger_matches_cards(pg)


async def test_concurrent_debits_over_granted_packets_stay_exact(client, db, pg) -> None:
    first = await activated_cards(client, db, 1)
    await grant(client, {"card_no_from": card_no(first), "card_no_to": card_no(first), "amount": "25.00"})
    await grant(client, {"card_no_from": card_no(first), "card_no_to": card_no(first), "amount": "35.00",
                         "valid_days": 20})
    responses = await asyncio.gather(*(debit(client, first, "9.00", f"mall:C{i}") for i in range(30)))
    assert [r.status_code for r in responses].count(201) == 30
    spent = sum(Decimal(r.json()["red_packet_part"]) for r in responses)
    assert spent == Decimal("110.00")  # 50 + 25 + 35: every red packet is used before the balance
    assert await pg.fetchval("SELECT sum(balance) FROM red_packets") == 0
    await ledger_matches_cards(pg)


async def test_granted_packets_lapse_through_the_expiry_job_once(client, db, pg) -> None:
    first = await activated_cards(client, db, 1)
    await grant(client, {"card_no_from": card_no(first), "card_no_to": card_no(first), "valid_days": 3})
    await debit(client, first, "60.00", "mall:E1")  # 30.00 granted (3 days) + 30.00 of the card's own
    later = datetime.now(UTC) + timedelta(days=3, hours=1)
    assert (await expire_red_packets(db, later))["cards"] == 0  # the granted packet was used up
    await grant(client, {"card_no_from": card_no(first), "card_no_to": card_no(first), "amount": "45.00",
                         "valid_days": 3})
    result = await expire_red_packets(db, later)
    assert result["cards"] == 1
    assert (await expire_red_packets(db, later))["cards"] == 0  # a rerun finds nothing left
    packet = await pg.fetchrow("SELECT expired, balance FROM red_packets ORDER BY id DESC LIMIT 1")
    assert (packet["expired"], packet["balance"]) == (Decimal("45.00"), Decimal("0.00"))
    card = await pg.fetchrow("SELECT red_packet_balance, granted_red_packet_balance FROM cards WHERE id = $1", first)
    assert (card["red_packet_balance"], card["granted_red_packet_balance"]) == (Decimal("20.00"), Decimal("0.00"))
    assert await pg.fetchval("SELECT count(*) FROM outbox WHERE routing_key = 'cards.CardsExpired'") == 1
    listed = await client.get("/api/cards/red-packets/packets", headers=operator(),
                              params={"status": "expired", "card_no_from": card_no(first)})
    assert [(r["amount"], r["status"]) for r in listed.json()["data_list"]] == [("45.00", "expired")]
    await ledger_matches_cards(pg)


async def test_packets_lapse_with_their_card_when_it_expires_or_is_voided(client, db, pg) -> None:
    from cardkit import approve_contract, charge_cards, contract_event, issue_cards, make_cards

    from cards.activations.jobs import expire_cards

    first = await activated_cards(client, db, 1)  # activated (8 days from now), valid for 365 days
    await approve_contract(db, contract_event(12, total_cards=10))
    batch = await make_cards(client, 1)
    issued = int(batch["card_no_start"][:-1])
    await issue_cards(client, 12, issued, 1)
    await charge_cards(client, 12, issued, 1)  # 已领卡, 已充值: grantable before activation
    for card_id in (first, issued):
        await grant(client, {"card_no_from": card_no(card_id), "card_no_to": card_no(card_id), "valid_days": 900})
    voided = await client.post(f"/api/cards/cards/{issued}/void", headers=admin("cards:card:void"),
                               json={"reason": "损坏"})
    assert voided.status_code == 200, voided.text
    assert (await expire_cards(db, datetime.now(UTC) + timedelta(days=400)))["cards"] == 1
    packets = await pg.fetch("SELECT card_id, expired, balance FROM red_packets ORDER BY card_id")
    assert [(p["card_id"], p["expired"], p["balance"]) for p in packets] == [
        (first, Decimal("30.00"), 0), (issued, Decimal("30.00"), 0)]
    cards = await pg.fetch("SELECT red_packet_balance, granted_red_packet_balance FROM cards ORDER BY id")
    assert {(c["red_packet_balance"], c["granted_red_packet_balance"]) for c in cards} == {(0, 0)}
    await ledger_matches_cards(pg)


async def test_bad_grant_input_is_422_and_changes_nothing(client, db, pg) -> None:
    first = await activated_cards(client, db, 2)
    cards = {"card_no_from": card_no(first), "card_no_to": card_no(first + 1)}
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    bodies = [
        cards | {"amount": "0.00", "valid_days": 5},
        cards | {"amount": "-5.00", "valid_days": 5},
        cards | {"amount": "1.234", "valid_days": 5},
        cards | {"amount": "abc", "valid_days": 5},
        {"card_no_from": card_no(first + 1), "card_no_to": card_no(first), "amount": "5.00", "valid_days": 5},
        {"amount": "5.00", "valid_days": 5},
        {"card_no_from": "12345", "amount": "5.00", "valid_days": 5},
        {"activation_id": 99999, "amount": "5.00", "valid_days": 5},
        cards | {"activation_id": 1, "amount": "5.00", "valid_days": 5},
        cards | {"amount": "5.00"},
        cards | {"amount": "5.00", "valid_days": 5, "valid_to": (datetime.now(UTC) + timedelta(days=9)).isoformat()},
        cards | {"amount": "5.00", "valid_to": past},
        cards | {"amount": "5.00", "valid_days": 0},
        {"card_no_from": card_no(first + 50), "card_no_to": card_no(first + 60), "amount": "5.00", "valid_days": 5},
    ]
    for body in bodies:
        response = await client.post("/api/cards/red-packet-grants", headers=operator(), json=body)
        assert response.status_code == 422, (body, response.text)
    assert await pg.fetchval("SELECT count(*) FROM red_packet_grants") == 0
    created = await grant(client, cards, approve=False)
    path = f"/api/cards/red-packet-grants/{created['id']}/review"
    no_reason = await client.post(path, headers=operator(), json={"approved": False})
    assert no_reason.status_code == 422
    rejected = await client.post(path, headers=operator(), json={"approved": False, "reason": "金额不对"})
    assert (rejected.status_code, rejected.json()["status"]) == (200, "rejected")
    revoke = await client.post(f"/api/cards/red-packet-grants/{created['id']}/revoke", headers=operator(),
                               json={"reason": "x"})
    assert revoke.status_code == 409
    assert await pg.fetchval("SELECT count(*) FROM red_packets") == 0
    assert await pg.fetchval("SELECT count(*) FROM ledger_entries WHERE kind <> 'recharge' "
                             "AND memo LIKE '红包%'") == 0


async def test_permissions_are_enforced(client, db, pg) -> None:
    first = await activated_cards(client, db, 1)
    body = {"card_no_from": card_no(first), "card_no_to": card_no(first), "amount": "5.00", "valid_days": 5}
    refused = await client.post("/api/cards/red-packet-grants", headers=operator("cards:red_packet:list"), json=body)
    assert refused.status_code == 403
    created = await grant(client, body, approve=False)
    path = f"/api/cards/red-packet-grants/{created['id']}"
    for method, suffix, perm, payload in (
        ("post", "/review", "cards:red_packet:create", {"approved": True}),
        ("post", "/revoke", "cards:red_packet:review", {"reason": "x"}),
    ):
        response = await client.request(method, path + suffix, headers=operator(perm), json=payload)
        assert response.status_code == 403, (suffix, response.text)
    export = await client.get("/api/cards/red-packets/packets/export", headers=operator("cards:red_packet:list"))
    assert export.status_code == 403
    assert (await client.get("/api/cards/red-packet-grants", headers=operator("cards:red_packet:create"))
            ).status_code == 403
    assert await pg.fetchval("SELECT count(*) FROM red_packets") == 0
    # A data scope of one's own: another's request is not there at all.
    own = bearer(staff(*GRANT_PERMS, user_id=99, scope=Scope.SELF), "cards")
    assert (await client.get(path, headers=own)).status_code == 404


async def test_lists_export_and_the_members_view(client, db, pg) -> None:
    first = await activated_cards(client, db, 3)
    granted = await grant(client, {"card_no_from": card_no(first), "card_no_to": card_no(first + 2)})
    await grant(client, {"card_no_from": card_no(first), "card_no_to": card_no(first)}, approve=False)
    grants = await client.get("/api/cards/red-packet-grants", headers=operator(), params={"status": "approved"})
    assert [g["id"] for g in grants.json()["data_list"]] == [granted["id"]]
    assert {o["value"] for o in grants.json()["status_list"]} >= {"pending", "approved", "rejected", "revoked"}
    packets = await client.get("/api/cards/red-packets/packets", headers=operator(), params={
        "card_no_from": card_no(first + 1), "card_no_to": card_no(first + 2), "status": "available",
        "date_from": datetime.now(UTC).date().isoformat()})
    assert packets.status_code == 200, packets.text
    assert [p["card_no"] for p in packets.json()["data_list"]] == [card_no(first + 2), card_no(first + 1)]
    reversed_range = await client.get("/api/cards/red-packets/packets", headers=operator(), params={
        "card_no_from": card_no(first + 2), "card_no_to": card_no(first)})
    assert reversed_range.status_code == 422
    export = await client.get("/api/cards/red-packets/packets/export", headers=operator(),
                              params={"grant_id": granted["id"]})
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content), read_only=True).worksheets[0]
    exported = list(sheet.iter_rows(values_only=True))
    assert exported[0][:2] == ("发放单号", "卡号") and len(exported) == 4
    grant_sheet = await client.get("/api/cards/red-packet-grants/export", headers=operator(),
                                   params={"status": "pending"})
    rows = list(load_workbook(io.BytesIO(grant_sheet.content), read_only=True).worksheets[0]
                .iter_rows(values_only=True))
    assert [r[12] for r in rows[1:]] == ["待审核"]
    assert (await client.get("/api/cards/red-packet-grants/export", headers=operator("cards:red_packet:list"))
            ).status_code == 403

    await pg.execute("UPDATE cards SET member_id = 501 WHERE id = $1", first)
    mine = await client.get(f"/app/cards/{first}/red-packets", headers=bearer(member(501), "cards"))
    assert mine.status_code == 200, mine.text
    assert mine.json()["red_packet_balance"] == "80.00"
    assert [(p["source"], p["amount"], p["balance"], p["status"]) for p in mine.json()["data_list"]] == [
        ("activation", "50.00", "50.00", "available"), ("grant", "30.00", "30.00", "available")]
    assert (await client.get(f"/app/cards/{first}/red-packets", headers=bearer(member(502), "cards"))
            ).status_code == 404
