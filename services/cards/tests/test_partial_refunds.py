"""Several partial refunds of one debit (mall's partial returns): each has its own order_ref and names the debit
in `debit_ref`; together they never exceed the debit, also when sent at once; red packets are given back first,
net of what earlier refunds of the debit gave back."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal
from typing import Any

import httpx
from cardkit import activated_cards, internal
from test_red_packets import debit, grant, ledger_matches_cards, operator

from cards.numbers import card_no


async def refund(client: httpx.AsyncClient, order_ref: str, amount: str, debit_ref: str | None = None
                 ) -> httpx.Response:
    body = {"order_ref": order_ref, "amount": amount, "context": "mall", "reason": "部分退货"}
    if debit_ref is not None:
        body["debit_ref"] = debit_ref
    return await client.post("/internal/cards/credits", headers=internal("mall"), json=body)


def parts(response: httpx.Response) -> tuple[str, str]:
    assert response.status_code == 201, response.text
    return response.json()["red_packet_part"], response.json()["balance_part"]


async def balances(pg: Any, card_id: int) -> tuple[Decimal, Decimal]:
    row = await pg.fetchrow("SELECT balance, red_packet_balance FROM cards WHERE id = $1", card_id)
    return row["balance"], row["red_packet_balance"]


async def moved(pg: Any) -> tuple[int, int, int]:
    """What a refused refund must leave as it was: entries, refills and events."""
    return (await pg.fetchval("SELECT count(*) FROM ledger_entries"),
            await pg.fetchval("SELECT count(*) FROM red_packet_refills"),
            await pg.fetchval("SELECT count(*) FROM outbox WHERE routing_key = 'cards.CardCredited'"))


async def test_two_and_three_partial_refunds_add_up_to_the_debit_and_no_further(client, db, pg) -> None:
    card_id = await activated_cards(client, db, 1)  # 1000.00 balance + the card's own 50.00 red packet
    assert parts(await debit(client, card_id, "300.00", "mall:P1")) == ("50.00", "250.00")
    # The first refund keeps the debit's order_ref (as before partial refunds); later ones name the debit.
    assert parts(await refund(client, "mall:P1", "100.00")) == ("50.00", "50.00")
    assert parts(await refund(client, "mall:P1#2", "100.00", "mall:P1")) == ("0.00", "100.00")
    third = await refund(client, "mall:P1#3", "100.00", "mall:P1")
    assert parts(third) == ("0.00", "100.00")
    assert (third.json()["balance_after"], third.json()["red_packet_after"]) == ("1000.00", "50.00")

    before = await moved(pg)
    beyond = await refund(client, "mall:P1#4", "0.01", "mall:P1")
    assert (beyond.status_code, beyond.json()["code"]) == (409, "refund_exceeds_debit"), beyond.text
    assert (beyond.json()["refunded_amount"], beyond.json()["refundable_amount"]) == ("300.00", "0.00")
    assert await moved(pg) == before
    assert await balances(pg, card_id) == (Decimal("1000.00"), Decimal("50.00"))

    # Two refunds of another debit; the one that would go beyond is refused whole, what is left still refunds.
    assert parts(await debit(client, card_id, "200.00", "mall:P2")) == ("50.00", "150.00")
    assert parts(await refund(client, "mall:P2#a", "120.00", "mall:P2")) == ("50.00", "70.00")
    before = await moved(pg)
    over = await refund(client, "mall:P2#b", "80.01", "mall:P2")
    assert (over.status_code, over.json()["code"], over.json()["refundable_amount"]) == (
        409, "refund_exceeds_debit", "80.00")
    assert await moved(pg) == before
    assert parts(await refund(client, "mall:P2#b", "80.00", "mall:P2")) == ("0.00", "80.00")
    assert await balances(pg, card_id) == (Decimal("1000.00"), Decimal("50.00"))

    # The events keep their shape: one CardCredited per refund, by the refund's own order_ref.
    credited = [json.loads(r["body"])["payload"] for r in await pg.fetch(
        "SELECT body FROM outbox WHERE routing_key = 'cards.CardCredited' ORDER BY id")]
    assert [(c["order_ref"], c["amount"], c["red_packet_part"]) for c in credited] == [
        ("mall:P1", "100.00", "50.00"), ("mall:P1#2", "100.00", "0.00"), ("mall:P1#3", "100.00", "0.00"),
        ("mall:P2#a", "120.00", "50.00"), ("mall:P2#b", "80.00", "0.00")]
    await ledger_matches_cards(pg)


async def test_one_refund_sent_again_and_at_once_moves_money_once(client, db, pg) -> None:
    card_id = await activated_cards(client, db, 1)
    assert parts(await debit(client, card_id, "300.00", "mall:D1")) == ("50.00", "250.00")
    assert parts(await debit(client, card_id, "10.00", "mall:D2")) == ("0.00", "10.00")
    answers = await asyncio.gather(*(refund(client, "mall:D1#2", "70.00", "mall:D1") for _ in range(6)))
    assert sorted(a.status_code for a in answers) == [200] * 5 + [201], [a.text for a in answers]
    assert len({json.dumps(a.json(), sort_keys=True) for a in answers}) == 1
    again = await refund(client, "mall:D1#2", "70.00", "mall:D1")
    assert again.status_code == 200 and again.json() == answers[0].json()
    # Its order_ref is the refund's: the same one naming another debit is a conflict, not a second refund.
    other = await refund(client, "mall:D1#2", "5.00", "mall:D2")
    assert (other.status_code, other.json()["code"]) == (409, "order_ref_conflict"), other.text
    assert await pg.fetchval("SELECT count(*) FROM ledger_entries WHERE kind = 'refund'") == 1
    assert await pg.fetchval("SELECT count(*) FROM outbox WHERE routing_key = 'cards.CardCredited'") == 1
    assert await balances(pg, card_id) == (Decimal("1000.00") - Decimal("260.00") + Decimal("20.00"),
                                           Decimal("50.00"))
    await ledger_matches_cards(pg)


async def test_concurrent_partial_refunds_never_exceed_the_debit(client, db, pg) -> None:
    card_id = await activated_cards(client, db, 1)
    assert parts(await debit(client, card_id, "100.00", "mall:C1", )) == ("50.00", "50.00")
    answers = await asyncio.gather(*(refund(client, f"mall:C1#{i}", "30.00", "mall:C1") for i in range(10)))
    codes = sorted((a.status_code, a.json().get("code")) for a in answers)
    assert codes == [(201, None)] * 3 + [(409, "refund_exceeds_debit")] * 7, [a.text for a in answers]
    refunded = await pg.fetchval("SELECT sum(amount) FROM ledger_entries WHERE kind = 'refund'")
    assert refunded == Decimal("90.00")
    # Red packet first: 50.00 of the 90.00 went back to the card's own red packet.
    assert await balances(pg, card_id) == (Decimal("990.00"), Decimal("50.00"))
    assert parts(await refund(client, "mall:C1#last", "10.00", "mall:C1")) == ("0.00", "10.00")
    await ledger_matches_cards(pg)


async def test_red_packet_parts_are_net_of_earlier_refunds(client, db, pg) -> None:
    first = await activated_cards(client, db, 2)  # each: the card's own 50.00 for 30 days
    granted = await grant(client, {"card_no_from": card_no(first), "card_no_to": card_no(first + 1),
                                   "amount": "100.00", "valid_days": 5})
    for card_id, order in ((first, "mall:R1"), (first + 1, "mall:R2")):
        # 100.00 granted (sooner) + the card's own 50.00 + 50.00 of the balance
        assert parts(await debit(client, card_id, "200.00", order)) == ("150.00", "50.00")

    async def packet(card_id: int) -> tuple[Decimal, Decimal]:
        row = await pg.fetchrow("SELECT used, balance FROM red_packets WHERE card_id = $1", card_id)
        return row["used"], row["balance"]

    # Each refund gives back red packet first: the granted packet (what it paid), then the card's own, then balance.
    assert parts(await refund(client, "mall:R1", "60.00")) == ("60.00", "0.00")
    assert await packet(first) == (Decimal("40.00"), Decimal("60.00"))
    assert parts(await refund(client, "mall:R1#2", "60.00", "mall:R1")) == ("60.00", "0.00")  # 40 granted + 20 own
    assert await packet(first) == (Decimal("0.00"), Decimal("100.00"))
    assert parts(await refund(client, "mall:R1#3", "80.00", "mall:R1")) == ("30.00", "50.00")
    assert await balances(pg, first) == (Decimal("1000.00"), Decimal("150.00"))
    assert await pg.fetchval("SELECT granted_red_packet_balance FROM cards WHERE id = $1", first) == Decimal("100.00")

    # The second card's packet is revoked after the first refund: what it paid and did not get back goes to the
    # balance, the card's own part only once.
    assert parts(await refund(client, "mall:R2", "60.00")) == ("60.00", "0.00")
    revoked = await client.post(f"/api/cards/red-packet-grants/{granted['id']}/revoke", headers=operator(),
                                json={"card_no": card_no(first + 1), "reason": "活动结束"})
    assert revoked.json()["revoked_amount"] == "60.00", revoked.text
    assert parts(await refund(client, "mall:R2#2", "60.00", "mall:R2")) == ("50.00", "10.00")
    assert parts(await refund(client, "mall:R2#3", "80.00", "mall:R2")) == ("0.00", "80.00")
    assert await balances(pg, first + 1) == (Decimal("1040.00"), Decimal("50.00"))
    assert await packet(first + 1) == (Decimal("40.00"), Decimal("0.00"))
    await ledger_matches_cards(pg)
