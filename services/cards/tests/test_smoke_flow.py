"""The whole card pipeline through the API: make -> issue -> charge -> activate -> debit."""

from __future__ import annotations

from cardkit import activated_cards, admin, internal


async def test_pipeline_end_to_end(client, db, pg):
    first = await activated_cards(client, db, 3)
    card = await client.get(f"/api/cards/cards/{first}", headers=admin())
    assert card.status_code == 200, card.text
    assert card.json()["status"] == "activated"
    assert card.json()["balance"] == "1000.00"
    paid = await client.post("/internal/cards/debits", headers=internal(), json={
        "card_id": first, "amount": "120.00", "order_ref": "health:HO1", "context": "health"})
    assert paid.status_code == 201, paid.text
    assert paid.json()["red_packet_part"] == "50.00"
    assert paid.json()["balance_part"] == "70.00"
