"""The card ledger's internal API: exact under concurrency, idempotent by order_ref, never below zero."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

from cardkit import activated_cards, admin, internal

from cards.numbers import card_no
from shared.testing import bearer, staff


async def _ledger_matches_cards(pg) -> None:  # type: ignore[no-untyped-def]
    mismatched = await pg.fetchval(
        "SELECT count(*) FROM cards c LEFT JOIN (SELECT card_id, sum(balance_part) b, sum(red_packet_part) r "
        "FROM ledger_entries GROUP BY card_id) l ON l.card_id = c.id "
        "WHERE coalesce(l.b, 0) <> c.balance OR coalesce(l.r, 0) <> c.red_packet_balance")
    assert mismatched == 0


async def debit(client, card_id: int, amount: str, order_ref: str, **extra):  # type: ignore[no-untyped-def]
    return await client.post("/internal/cards/debits", headers=internal(), json={
        "card_id": card_id, "amount": amount, "order_ref": order_ref, "context": "health", **extra})


async def test_200_concurrent_debits_on_one_card_are_exact(client, db, pg) -> None:
    card_id = await activated_cards(client, db, 1)  # 1000.00 balance + 50.00 red packet
    responses = await asyncio.gather(*(debit(client, card_id, "7.00", f"health:HO{i:04d}") for i in range(200)))
    codes = [r.status_code for r in responses]
    # 1050.00 available, 7.00 each: exactly 150 fit; the rest are refused, none half-applied.
    assert codes.count(201) == 150, codes
    assert codes.count(409) == 50
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"insufficient_balance"}
    card = await pg.fetchrow("SELECT balance, red_packet_balance, red_packet_used FROM cards WHERE id = $1", card_id)
    assert (card["balance"], card["red_packet_balance"], card["red_packet_used"]) == (
        Decimal("0.00"), Decimal("0.00"), Decimal("50.00"))
    assert await pg.fetchval("SELECT count(*) FROM ledger_entries WHERE kind = 'debit'") == 150
    assert await pg.fetchval("SELECT min(balance_after) FROM ledger_entries") >= 0
    assert await pg.fetchval("SELECT min(red_packet_after) FROM ledger_entries") >= 0
    await _ledger_matches_cards(pg)
    # Each success saw the balance the previous one left: the balances after form one unbroken chain.
    afters = sorted((Decimal(r.json()["balance_after"]) + Decimal(r.json()["red_packet_after"]))
                    for r in responses if r.status_code == 201)
    assert afters == [Decimal("7.00") * i for i in range(150)]
    assert await pg.fetchval("SELECT count(*) FROM outbox WHERE routing_key = 'cards.CardDebited'") == 150


async def test_same_order_ref_is_one_entry(client, db, pg) -> None:
    card_id = await activated_cards(client, db, 1)
    first = await debit(client, card_id, "120.00", "health:HO20261123001")
    assert first.status_code == 201
    assert first.json() == {
        "entry_id": first.json()["entry_id"], "card_id": card_id, "card_no": card_no(card_id), "amount": "120.00",
        "red_packet_part": "50.00", "balance_part": "70.00", "balance_after": "930.00", "red_packet_after": "0.00"}
    # The bytes and media type JSONResponse would send (the routes write the body with pydantic-core).
    assert first.headers["content-type"] == "application/json"
    assert first.content == json.dumps(first.json(), ensure_ascii=False, separators=(",", ":")).encode()
    again = await debit(client, card_id, "120.00", "health:HO20261123001")
    assert again.status_code == 200 and again.json() == first.json()
    conflict = await debit(client, card_id, "121.00", "health:HO20261123001")
    assert conflict.status_code == 409 and conflict.json()["code"] == "order_ref_conflict"
    # The same new order_ref ten times at once: one entry, every answer names it.
    burst = await asyncio.gather(*(debit(client, card_id, "10.00", "mall:M77") for _ in range(10)))
    assert sorted(r.status_code for r in burst) == [200] * 9 + [201]
    assert len({r.json()["entry_id"] for r in burst}) == 1
    assert await pg.fetchval("SELECT count(*) FROM ledger_entries WHERE kind = 'debit'") == 2
    assert await pg.fetchval("SELECT balance FROM cards WHERE id = $1", card_id) == Decimal("920.00")
    await _ledger_matches_cards(pg)


async def test_debit_refusals(client, db, pg) -> None:
    card_id = await activated_cards(client, db, 3)
    before = await pg.fetchval("SELECT count(*) FROM ledger_entries")
    cases = [
        ({"card_id": 1}, 404, "card_not_found"),
        ({"card_id": None, "card_no": "1234"}, 404, "card_not_found"),
        ({"member_id": 4242}, 403, "card_not_owned"),
        ({"amount": "5000.00"}, 409, "insufficient_balance"),
        ({"amount": "-1.00"}, 422, "validation_error"),
        ({"amount": "0.00"}, 422, "validation_error"),
        ({"amount": "1.005"}, 422, "validation_error"),
        ({"context": "bank"}, 422, "validation_error"),
        ({"card_id": None}, 422, "validation_error"),
        ({"card_no": card_no(card_id + 1)}, 422, "card_mismatch"),
    ]
    for change, status, code in cases:
        body = {"card_id": card_id, "amount": "10.00", "order_ref": "health:X", "context": "health", **change}
        response = await client.post("/internal/cards/debits", headers=internal(), json=body)
        assert (response.status_code, response.json()["code"]) == (status, code), (change, response.text)
    await client.post(f"/api/cards/cards/{card_id + 1}/freeze", headers=admin(), json={})
    frozen = await debit(client, card_id + 1, "10.00", "health:F")
    assert (frozen.status_code, frozen.json()["code"]) == (409, "card_not_usable")
    await pg.execute("UPDATE cards SET effective_until = now() - interval '1 day' WHERE id = $1", card_id + 2)
    past = await debit(client, card_id + 2, "10.00", "health:P")
    assert (past.status_code, past.json()["code"]) == (409, "card_not_usable")
    assert await pg.fetchval("SELECT count(*) FROM ledger_entries") == before
    # Only services may call it: no token is a 401, a staff token a 403.
    assert (await client.post("/internal/cards/debits", json={})).status_code == 401
    staff_call = await client.post("/internal/cards/debits", headers=bearer(staff(superuser=True), "cards"),
                                   json={"card_id": card_id, "amount": "1.00", "order_ref": "x", "context": "mall"})
    assert staff_call.status_code == 403


async def test_balance_only_and_credits(client, db, pg) -> None:
    card_id = await activated_cards(client, db, 1)
    no_packet = await debit(client, card_id, "100.00", "escort:E1", use_red_packet=False)
    assert (no_packet.json()["red_packet_part"], no_packet.json()["balance_part"]) == ("0.00", "100.00")
    mixed = await debit(client, card_id, "80.00", "health:H2")
    assert (mixed.json()["red_packet_part"], mixed.json()["balance_part"]) == ("50.00", "30.00")
    assert (await client.post("/internal/cards/credits", headers=internal(), json={
        "order_ref": "health:nope", "amount": "1.00", "context": "health"})).json()["code"] == "debit_not_found"
    too_much = await client.post("/internal/cards/credits", headers=internal(), json={
        "order_ref": "health:H2", "amount": "80.01", "context": "health"})
    assert too_much.status_code == 422
    refund = await client.post("/internal/cards/credits", headers=internal(), json={
        "order_ref": "health:H2", "amount": "60.00", "context": "health", "reason": "取消预约"})
    assert refund.status_code == 201, refund.text
    # The red-packet part goes back to the red packets first (still valid), the rest to the balance.
    assert (refund.json()["red_packet_part"], refund.json()["balance_part"]) == ("50.00", "10.00")
    assert (refund.json()["balance_after"], refund.json()["red_packet_after"]) == ("880.00", "50.00")
    again = await client.post("/internal/cards/credits", headers=internal(), json={
        "order_ref": "health:H2", "amount": "60.00", "context": "health"})
    assert again.status_code == 200 and again.json() == refund.json()
    card = await pg.fetchrow("SELECT balance, red_packet_balance, red_packet_used FROM cards WHERE id = $1", card_id)
    assert (card["balance"], card["red_packet_balance"], card["red_packet_used"]) == (
        Decimal("880.00"), Decimal("50.00"), Decimal("0.00"))
    await _ledger_matches_cards(pg)
    credited = [json.loads(r["body"])["payload"] for r in await pg.fetch(
        "SELECT body FROM outbox WHERE routing_key = 'cards.CardCredited'")]
    assert len(credited) == 1
    assert (credited[0]["order_ref"], credited[0]["amount"], credited[0]["contract_id"]) == ("health:H2", "60.00", 11)
    # 红包管理 shows the grant, the use and the refund of this card's red packet.
    detail = await client.get(f"/api/cards/red-packets/{card_id}", headers=admin("cards:red_packet:list"))
    assert detail.status_code == 200
    assert [(e["kind"], e["red_packet_part"]) for e in detail.json()["entries"]] == [
        ("red_packet_grant", "50.00"), ("debit", "-50.00"), ("refund", "50.00")]
    listed = await client.get("/api/cards/red-packets", headers=admin("cards:red_packet:list"),
                              params={"state": "available"})
    assert listed.json()["total"] == 1


async def test_debit_event_is_the_envelope_emit_writes(client, db, pg) -> None:
    from shared.events.cards import CardDebited
    from shared.events.envelope import Envelope

    card_id = await activated_cards(client, db, 2)
    await pg.execute("UPDATE cards SET member_id = 77 WHERE id = $1", card_id + 1)
    plain = await debit(client, card_id, "120.00", 'mall:"引号"\\\t/x')
    owned = await debit(client, card_id + 1, "30.00", "health:M1", member_id=77, use_red_packet=False,
                        memo="备注")
    assert (plain.status_code, owned.status_code) == (201, 201), (plain.text, owned.text)
    rows = await pg.fetch("SELECT event_id, body FROM outbox WHERE routing_key = 'cards.CardDebited' ORDER BY id")
    assert len(rows) == 2
    for row, response in zip(rows, (plain, owned), strict=True):
        body = bytes(row["body"])
        envelope = Envelope.from_bytes(body)
        assert envelope.event_id == row["event_id"]
        # Byte for byte what shared.bus.emit would have written for the same event.
        again = Envelope.wrap("cards", CardDebited(**envelope.payload), correlation_id=envelope.correlation_id,
                              occurred_at=envelope.occurred_at, event_id=envelope.event_id)
        assert again.to_bytes() == body
        answer = response.json()
        entry = await pg.fetchrow("SELECT * FROM ledger_entries WHERE id = $1", answer["entry_id"])
        card = await pg.fetchrow("SELECT * FROM cards WHERE id = $1", answer["card_id"])
        payload = envelope.payload
        assert {k: payload[k] for k in answer} == answer
        assert payload["order_ref"] == entry["order_ref"]
        assert (payload["member_id"], payload["customer_id"], payload["contract_id"], payload["activation_id"],
                payload["activation_batch_no"]) == (entry["member_id"], card["customer_id"], card["contract_id"],
                                                    card["activation_id"], card["activation_batch_no"])
        assert payload["context"] == "health"
        assert envelope.correlation_id and response.headers["x-request-id"] == envelope.correlation_id
    assert envelope.payload["member_id"] == 77
    assert (await pg.fetchval("SELECT memo FROM ledger_entries WHERE order_ref = 'health:M1'")) == "备注"


async def test_a_debit_whose_pooled_connection_was_terminated_is_answered_once(client, db, pg) -> None:
    card_id = await activated_cards(client, db, 1)
    assert (await debit(client, card_id, "10.00", "health:DEAD1")).status_code == 201
    # Every backend of this test database but `pg`'s own: the connection the debit route keeps pooled is dead.
    killed = await pg.fetchval("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    assert killed >= 1
    await asyncio.sleep(0.2)
    # The dead connection is dropped from the pool and the request runs again on a fresh one: no error, one entry.
    for order_ref in ("health:DEAD2", "health:DEAD3"):
        answer = await debit(client, card_id, "20.00", order_ref)
        assert answer.status_code == 201, answer.text
    assert await pg.fetchval("SELECT count(*) FROM ledger_entries WHERE kind = 'debit'") == 3
    assert await pg.fetchval("SELECT balance + red_packet_balance FROM cards WHERE id = $1", card_id) == Decimal(
        "1000.00")
    await _ledger_matches_cards(pg)
