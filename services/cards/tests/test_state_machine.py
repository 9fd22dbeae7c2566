"""The card state machine (docs/domains/cards.md): the table itself over all pairs, and every admin operation
over every state."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from cardkit import admin, make_cards

from cards.cards.state import (
    RULES,
    CardAction,
    CardStatus,
    UseStatus,
    allowed,
    can_move,
    sources,
)

S = CardStatus
U = UseStatus

# docs/domains/cards.md, written out independently of the implementation: 库存中 -> 已领卡 -> 已激活 ->
# (expired by date); 作废 from 库存中 or 已领卡; every other move is refused.
DOCUMENTED_MOVES = {
    (S.IN_STOCK, S.ISSUED),
    (S.ISSUED, S.ACTIVATED),
    (S.ACTIVATED, S.EXPIRED),
    (S.IN_STOCK, S.VOIDED),
    (S.ISSUED, S.VOIDED),
}


@pytest.mark.parametrize(("source", "target"), list(itertools.product(S, S)))
def test_every_status_pair(source: CardStatus, target: CardStatus) -> None:
    assert can_move(source, target) is ((source, target) in DOCUMENTED_MOVES)


def test_every_action_leads_only_along_allowed_moves() -> None:
    for action, rule in RULES.items():
        if rule.target is None:
            continue
        for status in S:
            if status in rule.statuses:
                assert (status, rule.target) in DOCUMENTED_MOVES, (action, status)
            else:
                assert not allowed(action, status.value, U.CHARGED.value)


def test_set_based_operations_read_their_sources_from_the_table() -> None:
    assert sources(CardAction.ISSUE) == ["in_stock"]
    assert sources(CardAction.ACTIVATE) == ["issued"]
    assert sources(CardAction.EXPIRE) == ["activated"]
    assert sources(CardAction.VOID) == ["in_stock", "issued"]


# Which admin operation each (卡片状态, 使用状态) admits, again written out from the spec.
def expected(action: str, status: CardStatus, use: UseStatus) -> bool:
    if action == "void":
        return status in (S.IN_STOCK, S.ISSUED)
    if action == "freeze":
        return status in (S.ISSUED, S.ACTIVATED) and use in (U.UNCHARGED, U.CHARGED)
    if action == "unfreeze":
        return status in (S.ISSUED, S.ACTIVATED) and use is U.FROZEN
    if action == "extend":
        return status is S.ACTIVATED
    raise AssertionError(action)


BODIES = {"void": {"reason": "损坏"}, "freeze": {"reason": "挂失"}, "unfreeze": {"reason": "找回"},
          "extend": {"days": 30, "reason": "客户申请"}}


async def test_every_operation_in_every_state_over_the_api(client, pg) -> None:
    batch = await make_cards(client, 1)
    card_id = int(batch["card_no_start"][:-1])
    later = datetime.now(UTC) + timedelta(days=10)
    checked = 0
    for status, use, action in itertools.product(S, U, BODIES):
        await pg.execute(
            "UPDATE cards SET status = $2, use_status = $3, use_status_before_freeze = $4, effective_until = $5, "
            "balance = 0, red_packet_balance = 0 WHERE id = $1",
            card_id, status.value, use.value, "charged" if use is U.FROZEN else None,
            later if status in (S.ACTIVATED, S.EXPIRED) else None,
        )
        before = dict(await pg.fetchrow("SELECT status, use_status, effective_until FROM cards WHERE id = $1", card_id))
        response = await client.post(f"/api/cards/cards/{card_id}/{action}", headers=admin(), json=BODIES[action])
        after = dict(await pg.fetchrow("SELECT status, use_status, effective_until FROM cards WHERE id = $1", card_id))
        if expected(action, status, use):
            assert response.status_code == 200, (status, use, action, response.text)
            assert response.json()["operation"]["action"] == action
        else:
            assert response.status_code == 409, (status, use, action, response.text)
            assert response.json()["code"] == "invalid_state_transition"
            assert after == before, (status, use, action)
        checked += 1
    assert checked == len(S) * len(U) * len(BODIES)
    # Every accepted operation is recorded with who did it.
    recorded = await pg.fetchval("SELECT count(*) FROM card_operations WHERE card_id = $1", card_id)
    accepted = sum(expected(a, s, u) for s, u, a in itertools.product(S, U, BODIES))
    assert recorded == accepted


async def test_operations_are_audited_and_results_visible(client, pg) -> None:
    batch = await make_cards(client, 1)
    card_id = int(batch["card_no_start"][:-1])
    await pg.execute("UPDATE cards SET status = 'issued' WHERE id = $1", card_id)
    frozen = await client.post(f"/api/cards/cards/{card_id}/freeze", headers=admin(name="运营小王"),
                               json={"reason": "挂失"})
    assert frozen.json()["use_status"] == "frozen"
    unfrozen = await client.post(f"/api/cards/cards/{card_id}/unfreeze", headers=admin(), json={})
    assert unfrozen.json()["use_status"] == "uncharged"
    detail = await client.get(f"/api/cards/cards/{card_id}", headers=admin())
    operations = detail.json()["operations"]
    assert [o["action"] for o in operations] == ["freeze", "unfreeze"]
    assert operations[0]["created_by"]["name"] == "运营小王"
    assert operations[0]["reason"] == "挂失"


async def test_extend_moves_the_effective_end_only_forward(client, pg) -> None:
    batch = await make_cards(client, 1)
    card_id = int(batch["card_no_start"][:-1])
    end = datetime(2027, 1, 1, tzinfo=UTC)
    await pg.execute("UPDATE cards SET status = 'activated', use_status = 'charged', valid_until = $2, "
                     "effective_until = $2 WHERE id = $1", card_id, end)
    earlier = await client.post(f"/api/cards/cards/{card_id}/extend", headers=admin(),
                                json={"effective_until": "2026-12-01T00:00:00+08:00"})
    assert earlier.status_code == 422
    both = await client.post(f"/api/cards/cards/{card_id}/extend", headers=admin(),
                             json={"days": 3, "effective_until": "2027-12-01T00:00:00+08:00"})
    assert both.status_code == 422
    ok = await client.post(f"/api/cards/cards/{card_id}/extend", headers=admin(), json={"days": 31})
    assert ok.status_code == 200
    row = await pg.fetchrow("SELECT valid_until, effective_until FROM cards WHERE id = $1", card_id)
    assert row["valid_until"] == end
    assert row["effective_until"] == end + timedelta(days=31)
