"""The member side: binding activates a card; password guessing is stopped per member and per card."""

from __future__ import annotations

import io
import json

from cardkit import admin, approve_contract, charge_cards, contract_event, internal, issue_cards, make_cards
from openpyxl import load_workbook

from cards.numbers import card_no
from shared.testing import bearer, member


def as_member(member_id: int, phone: str = "13912345678") -> dict[str, str]:
    return bearer(member(member_id, phone=phone), "cards")


async def _charged_cards(client, db, count: int) -> tuple[int, dict[str, str]]:  # type: ignore[no-untyped-def]
    await approve_contract(db, contract_event(11, total_cards=count))
    batch = await make_cards(client, count)
    start = int(batch["card_no_start"][:-1])
    exported = await client.get(f"/api/cards/making-batches/{batch['id']}/export", headers=admin())
    rows = list(load_workbook(io.BytesIO(exported.content), read_only=True).worksheets[0].iter_rows(values_only=True))
    await issue_cards(client, 11, start, count)
    await charge_cards(client, 11, start, count)
    return start, {str(r[0]): str(r[1]) for r in rows[1:]}


async def bind(client, member_id: int, number: str, password: str):  # type: ignore[no-untyped-def]
    return await client.post("/app/cards/bind", headers=as_member(member_id), json={"card_no": number,
                                                                                  "password": password})


def wrong(password: str) -> str:
    return f"{(int(password) + 1) % 10**8:08d}"


async def test_bind_activates_at_once_and_shows_in_mine(client, db, pg) -> None:
    start, passwords = await _charged_cards(client, db, 3)
    number = card_no(start)
    bound = await bind(client, 7, number, passwords[number])
    assert bound.status_code == 201, bound.text
    assert (bound.json()["status"], bound.json()["balance"], bound.json()["red_packet_balance"]) == (
        "activated", "1000.00", "50.00")
    assert passwords[number] not in bound.text
    events = [json.loads(r["body"])["payload"] for r in await pg.fetch(
        "SELECT body FROM outbox WHERE routing_key = 'cards.CardsActivated'")]
    assert len(events) == 1 and events[0]["mode"] == "manual" and events[0]["card_count"] == 1
    assert events[0]["groups"][0]["ranges"] == [{"start": number, "end": number, "count": 1}]
    assert (await bind(client, 7, number, passwords[number])).json()["code"] == "already_bound"
    assert (await bind(client, 8, number, passwords[number])).json()["code"] == "card_bound_to_other"
    mine = await client.get("/app/cards/mine", headers=as_member(7))
    assert [c["card_no"] for c in mine.json()["data_list"]] == [number]
    assert (await client.get("/app/cards/mine", headers=as_member(8))).json()["data_list"] == []
    # The member pays with it, then reads the ledger; another member cannot.
    paid = await client.post("/internal/cards/debits", headers=internal(), json={
        "card_no": number, "amount": "20.00", "order_ref": "mall:1", "context": "mall", "member_id": 7})
    assert paid.status_code == 201
    ledger = await client.get(f"/app/cards/{start}/ledger", headers=as_member(7))
    assert [e["kind"] for e in ledger.json()["data_list"]] == ["debit", "red_packet_grant", "recharge"]
    assert (await client.get(f"/app/cards/{start}/ledger", headers=as_member(8))).status_code == 404
    # The admin sees the same ledger, sums and all.
    admin_ledger = await client.get(f"/api/cards/cards/{start}/ledger", headers=admin("cards:card:list"))
    assert [(e["kind"], e["amount"]) for e in admin_ledger.json()["data_list"]] == [
        ("debit", "-20.00"), ("red_packet_grant", "50.00"), ("recharge", "1000.00")]
    # Admin lists never show the full phone number, nor anything about the password.
    by_phone = await client.get("/api/cards/cards", headers=admin(), params={"member_phone": "13912345678"})
    assert [c["card_no"] for c in by_phone.json()["data_list"]] == [number]
    listed = await client.get("/api/cards/cards", headers=admin(), params={"member_id": 7})
    assert listed.json()["data_list"][0]["member_phone"] == "139****5678"
    assert "13912345678" not in listed.text and "password" not in listed.text
    # Staff tokens cannot use the member routes.
    assert (await client.get("/app/cards/mine", headers=admin())).status_code == 403


async def test_password_guessing_is_stopped_per_member_and_per_card(client, db, pg, settings) -> None:
    start, passwords = await _charged_cards(client, db, 3)
    first, second, third = (card_no(start + i) for i in range(3))
    limit = settings.bind_max_failures
    for attempt in range(limit):
        response = await bind(client, 21, first, wrong(passwords[first]))
        assert response.status_code == 400, response.text
        assert response.json()["code"] == "card_or_password_wrong"
        assert response.json()["attempts_left"] == limit - attempt - 1
    # The member is stopped, even with the right password, and on other cards too.
    blocked = await bind(client, 21, first, passwords[first])
    assert blocked.status_code == 429 and blocked.json()["code"] == "too_many_attempts"
    assert int(blocked.headers["retry-after"]) > 0
    assert (await bind(client, 21, second, passwords[second])).status_code == 429
    # The card is stopped for everyone (guessing one card from many accounts).
    assert (await bind(client, 22, first, passwords[first])).status_code == 429
    # Many members guessing the same card: the card counter stops them.
    for member_id in range(30, 30 + limit):
        assert (await bind(client, member_id, third, wrong(passwords[third]))).status_code == 400
    assert (await bind(client, 99, third, passwords[third])).status_code == 429
    # Unknown card numbers count as failures too, with the same answer as a wrong password.
    unknown = await bind(client, 40, card_no(start + 500), "12345678")
    assert (unknown.status_code, unknown.json()["code"]) == (400, "card_or_password_wrong")
    # Nothing was bound or activated by any of this.
    assert await pg.fetchval("SELECT count(*) FROM cards WHERE member_id IS NOT NULL") == 0
    # Another member, another card: unaffected.
    assert (await bind(client, 23, second, passwords[second])).status_code == 201


async def test_binding_refused_outside_the_rules(client, db, pg) -> None:
    start, passwords = await _charged_cards(client, db, 2)
    number = card_no(start)
    await pg.execute("UPDATE cards SET latest_activation_at = now() - interval '1 minute' WHERE id = $1", start)
    late = await bind(client, 5, number, passwords[number])
    assert (late.status_code, late.json()["code"]) == (409, "activation_deadline_passed")
    other = card_no(start + 1)
    await client.post(f"/api/cards/cards/{start + 1}/freeze", headers=admin(), json={})
    frozen = await bind(client, 5, other, passwords[other])
    assert (frozen.status_code, frozen.json()["code"]) == (409, "invalid_state_transition")
    assert await pg.fetchval("SELECT count(*) FROM cards WHERE status = 'activated' OR member_id IS NOT NULL") == 0
    malformed = await client.post("/app/cards/bind", headers=as_member(5), json={"card_no": number})
    assert malformed.status_code == 422


async def test_internal_active_cards_answer_customer_and_card_kind_of_held_cards_only(client, db, pg) -> None:
    from cardkit import activated_cards

    first = await activated_cards(client, db, 3)
    await pg.execute("UPDATE cards SET member_id = 77 WHERE id BETWEEN $1 AND $2", first, first + 2)
    await pg.execute("UPDATE cards SET use_status = 'frozen' WHERE id = $1", first + 1)
    await pg.execute("UPDATE cards SET effective_until = now() - interval '1 day' WHERE id = $1", first + 2)
    answer = await client.post("/internal/cards/active-cards", headers=internal("health"), json={"member_id": 77})
    assert answer.status_code == 200, answer.text
    assert [(c["card_no"], c["customer_id"], c["card_kind"]) for c in answer.json()["data_list"]] == [
        (card_no(first), 511, "体检卡")]
    nobody = await client.post("/internal/cards/active-cards", headers=internal("health"), json={"member_id": 78})
    assert nobody.json() == {"member_id": 78, "data_list": []}
    as_staff = await client.post("/internal/cards/active-cards", headers=admin(), json={"member_id": 77})
    assert as_staff.status_code in (401, 403)
    bad = await client.post("/internal/cards/active-cards", headers=internal("health"), json={"member_id": 0})
    assert bad.status_code == 422
