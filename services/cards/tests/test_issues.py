"""Entitlements from ContractApproved (idempotent) and issuing against them: refusals change nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from cardkit import admin, approve_contract, cards_range, contract_event, issue_cards, make_cards

from cards.handlers import handlers
from cards.numbers import card_no
from shared.events.envelope import Envelope


async def _snapshot(pg) -> list[tuple]:  # type: ignore[no-untyped-def]
    cards = await pg.fetch("SELECT id, status, issue_id, customer_id FROM cards ORDER BY id")
    issues = await pg.fetch("SELECT id, status, quantity FROM card_issues ORDER BY id")
    entitlements = await pg.fetch("SELECT contract_id, issued_cards FROM entitlements ORDER BY contract_id")
    return [tuple(r) for r in (*cards, *issues, *entitlements)]


async def test_handlers_match_the_subscriptions() -> None:
    handlers.check_subscriptions()


async def test_duplicate_contract_approved_gives_one_entitlement(db, pg) -> None:
    event = contract_event(21, total_cards=50)
    registered = handlers.get("crm.ContractApproved")
    assert registered is not None
    envelope = Envelope.wrap("crm", event)
    for _ in range(2):  # the same event delivered twice
        async with db.sessions() as session:
            await registered.fn(session, registered.model.model_validate(envelope.payload), envelope)
            await session.commit()
    # A re-approval with a newer time updates the terms; an older copy arriving late changes nothing.
    newer = contract_event(21, total_cards=80, approved_at=datetime.now(UTC) + timedelta(minutes=1))
    older = contract_event(21, total_cards=10, approved_at=datetime.now(UTC) - timedelta(days=1))
    await approve_contract(db, newer)
    await approve_contract(db, older)
    rows = await pg.fetch("SELECT contract_id, total_cards, customer_name, face_value_per_card FROM entitlements")
    assert len(rows) == 1
    assert rows[0]["total_cards"] == 80
    assert str(rows[0]["face_value_per_card"]) == "1000.00"


async def test_issue_refusals_change_nothing(client, db, pg) -> None:
    await approve_contract(db, contract_event(31, total_cards=10))
    batch = await make_cards(client, 30)
    start = int(batch["card_no_start"][:-1])
    before = await _snapshot(pg)

    async def refused(body: dict, status: int, code: str) -> None:  # type: ignore[type-arg]
        response = await client.post("/api/cards/issues", headers=admin(), json=body)
        assert response.status_code == status, (body, response.text)
        assert response.json()["code"] == code
        assert await _snapshot(pg) == before

    base = {"contract_id": 31, "card_type": "实体卡"}
    await refused({**base, "contract_id": 999, "ranges": [cards_range(start, 5)]}, 409, "contract_not_approved")
    await refused({**base, "ranges": [cards_range(start, 11)]}, 409, "contract_total_exceeded")
    await refused({**base, "ranges": [cards_range(start, 5), cards_range(start + 4, 3)]}, 422, "ranges_overlap")
    await refused({**base, "ranges": [{"start": card_no(start + 5), "end": card_no(start)}]}, 422, "invalid_range")
    typo = card_no(start)[:-1] + str((int(card_no(start)[-1]) + 1) % 10)
    await refused({**base, "ranges": [{"start": typo, "end": card_no(start)}]}, 422, "invalid_card_no")
    await refused({**base, "ranges": [cards_range(start + 28, 5)]}, 409, "cards_not_found")
    await refused({**base, "card_type": "电子卡", "ranges": [cards_range(start, 5)]}, 409, "card_type_mismatch")
    await refused({**base, "ranges": [cards_range(start, 3)], "recycled_card_nos": [card_no(start + 9)]}, 422,
                  "recycled_outside_ranges")
    await refused({**base, "ranges": []}, 422, "validation_error")
    # Cards that are not 库存中 (one voided) are refused too.
    voided = await client.post(f"/api/cards/cards/{start + 2}/void", headers=admin(), json={"reason": "损坏"})
    assert voided.status_code == 200
    before = await _snapshot(pg)
    await refused({**base, "ranges": [cards_range(start, 5)]}, 409, "cards_not_in_stock")
    # With the voided card recycled (held back), the request is fine.
    ok = await client.post("/api/cards/issues", headers=admin(),
                           json={**base, "ranges": [cards_range(start, 5)], "recycled_card_nos": [card_no(start + 2)]})
    assert ok.status_code == 201, ok.text
    assert ok.json()["quantity"] == 4
    before = await _snapshot(pg)
    # A second request overlapping the pending one, or pushing past the total with it, is refused.
    await refused({**base, "ranges": [cards_range(start + 4, 2)]}, 409, "ranges_overlap_pending")
    await refused({**base, "ranges": [cards_range(start + 10, 7)]}, 409, "contract_total_exceeded")


async def test_approval_issues_cards_and_emits_cards_issued(client, db, pg) -> None:
    await approve_contract(db, contract_event(41, total_cards=20))
    batch = await make_cards(client, 20)
    start = int(batch["card_no_start"][:-1])
    created = await client.post("/api/cards/issues", headers=admin(), json={
        "contract_id": 41, "card_type": "实体卡", "ranges": [cards_range(start, 10)],
        "recycled_card_nos": [card_no(start + 4)], "remark": "首批"})
    assert created.status_code == 201
    issue_id = created.json()["id"]
    approved = await client.post(f"/api/cards/issues/{issue_id}/review", headers=admin(), json={"approved": True})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status_label"] == "已通过"
    rows = await pg.fetch("SELECT id, status, customer_id, contract_id, owner_id, owner_name, card_kind FROM cards "
                          "WHERE id BETWEEN $1 AND $2 ORDER BY id", start, start + 9)
    for row in rows:
        if row["id"] == start + 4:
            assert row["status"] == "in_stock" and row["customer_id"] is None
        else:
            assert (row["status"], row["customer_id"], row["contract_id"], row["owner_id"], row["owner_name"],
                    row["card_kind"]) == ("issued", 541, 41, 2, "万彬", "体检卡")
    assert await pg.fetchval("SELECT issued_cards FROM entitlements WHERE contract_id = 41") == 9
    bodies = [json.loads(r["body"]) for r in await pg.fetch(
        "SELECT body FROM outbox WHERE routing_key = 'cards.CardsIssued'")]
    assert len(bodies) == 1
    payload = bodies[0]["payload"]
    assert payload["quantity"] == 9
    assert payload["ranges"] == [
        {"start": card_no(start), "end": card_no(start + 3), "count": 4},
        {"start": card_no(start + 5), "end": card_no(start + 9), "count": 5},
    ]
    again = await client.post(f"/api/cards/issues/{issue_id}/review", headers=admin(), json={"approved": True})
    assert again.status_code == 409
    # The contract's total counts issued cards: 11 more would exceed 20.
    over = await client.post("/api/cards/issues", headers=admin(), json={
        "contract_id": 41, "card_type": "实体卡", "ranges": [cards_range(start + 10, 10), cards_range(start + 4, 1)]})
    assert over.status_code == 201  # exactly 20


async def test_approval_refused_when_stock_changed_meanwhile(client, db, pg) -> None:
    await approve_contract(db, contract_event(51, total_cards=20))
    batch = await make_cards(client, 5)
    start = int(batch["card_no_start"][:-1])
    created = await client.post("/api/cards/issues", headers=admin(), json={
        "contract_id": 51, "card_type": "实体卡", "ranges": [cards_range(start, 5)]})
    await client.post(f"/api/cards/cards/{start + 1}/void", headers=admin(), json={})
    before = await _snapshot(pg)
    response = await client.post(f"/api/cards/issues/{created.json()['id']}/review", headers=admin(),
                                 json={"approved": True})
    assert response.status_code == 409
    assert response.json()["code"] == "cards_not_in_stock"
    assert await _snapshot(pg) == before
    assert await pg.fetchval("SELECT count(*) FROM outbox WHERE routing_key = 'cards.CardsIssued'") == 0


async def test_data_scope_hides_other_salespeople_issues(client, db) -> None:
    from shared.identity import Scope
    from shared.testing import bearer, staff

    await approve_contract(db, contract_event(61, total_cards=5, owner_id=5, owner_name="陈隆", dept_id=4))
    batch = await make_cards(client, 5)
    start = int(batch["card_no_start"][:-1])
    created = await client.post("/api/cards/issues", headers=admin(), json={
        "contract_id": 61, "card_type": "实体卡", "ranges": [cards_range(start, 5)]})
    mine_only = bearer(staff("cards:issue:list", user_id=2, dept_id=3, scope=Scope.SELF), "cards")
    listed = await client.get("/api/cards/issues", headers=mine_only)
    assert listed.json()["total"] == 0
    hidden = await client.get(f"/api/cards/issues/{created.json()['id']}", headers=mine_only)
    assert hidden.status_code == 404
    dept = bearer(staff("cards:issue:list", user_id=8, dept_id=2, scope=Scope.DEPT_TREE, dept_ids=[2, 3, 4]), "cards")
    assert (await client.get("/api/cards/issues", headers=dept)).json()["total"] == 1
    # Once issued, the cards follow the contract's owner: 陈隆 sees them, 万彬 does not.
    await client.post(f"/api/cards/issues/{created.json()['id']}/review", headers=admin(), json={"approved": True})
    owner = bearer(staff("cards:card:list", user_id=5, dept_id=4, scope=Scope.SELF), "cards")
    other = bearer(staff("cards:card:list", user_id=2, dept_id=3, scope=Scope.SELF), "cards")
    assert (await client.get("/api/cards/cards", headers=owner)).json()["total"] == 5
    assert (await client.get("/api/cards/cards", headers=other)).json()["total"] == 0
    assert (await client.get(f"/api/cards/cards/{start}", headers=other)).status_code == 404
    assert (await client.get(f"/api/cards/cards/{start}", headers=owner)).status_code == 200


async def test_rejecting_a_request_needs_a_reason_and_ends_its_review(client, db, pg) -> None:
    """领卡 and 激活 requests share one review rule: a rejection needs a reason, records who rejected it and
    changes no card; a reviewed request is not reviewed again."""
    await approve_contract(db, contract_event(81, total_cards=20))
    batch = await make_cards(client, 10)
    start = int(batch["card_no_start"][:-1])
    await issue_cards(client, 81, start, 5)
    issue = await client.post("/api/cards/issues", headers=admin(), json={
        "contract_id": 81, "card_type": "实体卡", "ranges": [cards_range(start + 5, 5)]})
    activation = await client.post("/api/cards/activations", headers=admin(), json={
        "contract_id": 81, "ranges": [cards_range(start, 5)], "face_value": "500.00", "auto_activate_days": 7,
        "latest_activation_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(), "valid_days": 365,
        "red_packet_days": 30})
    assert (issue.status_code, activation.status_code) == (201, 201), (issue.text, activation.text)
    # Overlapping a pending request names it: the 领卡 by its id, the 激活 by its batch number.
    overlaps = await client.post("/api/cards/issues", headers=admin(), json={
        "contract_id": 81, "card_type": "实体卡", "ranges": [cards_range(start + 9, 1)]})
    assert overlaps.json()["detail"] == f"卡号范围与待审核的领卡申请 #{issue.json()['id']} 重叠"
    overlaps = await client.post("/api/cards/activations", headers=admin(), json={
        **{k: v for k, v in activation.json().items() if k in ("contract_id", "latest_activation_at")},
        "ranges": [cards_range(start + 4, 1)], "auto_activate_days": 7, "valid_days": 365, "red_packet_days": 30,
        "face_value": "500.00"})
    assert overlaps.json()["detail"] == f"卡号范围与待审核的激活批次 {activation.json()['batch_no']} 重叠"
    before = await pg.fetch("SELECT id, status, use_status, balance FROM cards ORDER BY id")
    for path, kind in ((f"/api/cards/issues/{issue.json()['id']}", "领卡申请"),
                       (f"/api/cards/activations/{activation.json()['id']}", "激活批次")):
        silent = await client.post(f"{path}/review", headers=admin(), json={"approved": False, "reason": " "})
        assert (silent.status_code, silent.json()["code"]) == (422, "reason_required")
        assert (await client.get(path, headers=admin())).json()["status"] == "pending"
        rejected = await client.post(f"{path}/review", headers=admin(user_id=7, name="审核员"),
                                     json={"approved": False, "reason": "数量不对"})
        assert rejected.status_code == 200, rejected.text
        body = rejected.json()
        assert (body["status"], body["status_label"], body["review_reason"]) == ("rejected", "已驳回", "数量不对")
        assert body["reviewer"] == {"id": 7, "name": "审核员"} and body["reviewed_at"] is not None
        again = await client.post(f"{path}/review", headers=admin(), json={"approved": True})
        assert (again.status_code, again.json()["code"], again.json()["detail"]) == (
            409, "not_pending", f"该{kind}已审核过")
    assert await pg.fetch("SELECT id, status, use_status, balance FROM cards ORDER BY id") == before
