"""激活: approval charges the cards; the scheduler (two worker instances, injected clock) activates and expires once."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from cardkit import admin, approve_contract, cards_range, charge_cards, contract_event, issue_cards, make_cards
from openpyxl import load_workbook

from cards.activations.jobs import auto_activate, expire_cards, expire_red_packets, scheduled_jobs
from cards.numbers import card_no
from shared.db import Database
from shared.scheduler import Job, run_if_due
from shared.testing import bearer, member


async def _events(pg, key: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    rows = await pg.fetch("SELECT body FROM outbox WHERE routing_key = $1 ORDER BY id", key)
    return [json.loads(r["body"])["payload"] for r in rows]


async def _two_workers(db: Database, other: Database, job: Job, now: datetime) -> list:  # type: ignore[type-arg]
    """Both instances try the same job at the same injected time."""
    return list(await asyncio.gather(run_if_due(db, job, now=now, owner="worker-a"),
                                     run_if_due(other, job, now=now, owner="worker-b")))


@pytest.fixture
async def other_worker(clean_db: str):  # type: ignore[no-untyped-def]
    database = Database(clean_db, pool_size=2)
    yield database
    await database.dispose()


async def test_charge_writes_ledger_entries_and_refuses_bad_plans(client, db, pg) -> None:
    await approve_contract(db, contract_event(71, total_cards=10))
    batch = await make_cards(client, 10)
    start = int(batch["card_no_start"][:-1])
    base = {"contract_id": 71, "ranges": [cards_range(start, 5)],
            "latest_activation_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
            "auto_activate_days": 7, "valid_days": 365, "red_packet_days": 30, "face_value": "800.00"}
    # Not yet issued to the contract: refused.
    response = await client.post("/api/cards/activations", headers=admin(), json=base)
    assert response.status_code == 409 and response.json()["code"] == "cards_not_chargeable"
    await issue_cards(client, 71, start, 10)
    for change in ({"face_value": "-1.00"}, {"face_value": "1.001"}, {"valid_days": 0},
                   {"latest_activation_at": "2020-01-01T00:00:00+08:00"}, {"auto_activate_days": -1},
                   {"latest_activation_at": "2030-01-01T00:00:00"}):
        bad = await client.post("/api/cards/activations", headers=admin(), json={**base, **change})
        assert bad.status_code == 422, (change, bad.text)
    assert await pg.fetchval("SELECT count(*) FROM activations") == 0
    charged = await charge_cards(client, 71, start, 5, face_value="800.00", red_packet="30.00")
    assert charged["status"] == "approved"
    cards = await pg.fetch("SELECT use_status, balance, red_packet_balance, activation_batch_no FROM cards "
                           "WHERE id BETWEEN $1 AND $2", start, start + 4)
    assert {(c["use_status"], c["balance"], c["red_packet_balance"]) for c in cards} == {
        ("charged", Decimal("800.00"), Decimal("30.00"))}
    assert cards[0]["activation_batch_no"] == charged["batch_no"]
    kinds = await pg.fetch("SELECT kind, count(*) AS n, sum(amount) AS total FROM ledger_entries GROUP BY kind")
    assert {(k["kind"], k["n"], k["total"]) for k in kinds} == {
        ("recharge", 5, Decimal("4000.00")), ("red_packet_grant", 5, Decimal("150.00"))}
    event = (await _events(pg, "cards.CardsCharged"))[0]
    assert event["groups"][0]["card_count"] == 5
    assert event["groups"][0]["face_value_total"] == "4000.00"
    # The same cards cannot be charged twice, nor overlap a pending batch.
    again = await client.post("/api/cards/activations", headers=admin(), json=base)
    assert again.status_code == 409
    pending = await client.post("/api/cards/activations", headers=admin(),
                                json={**base, "ranges": [cards_range(start + 5, 3)]})
    assert pending.status_code == 201
    overlapping = await client.post("/api/cards/activations", headers=admin(),
                                    json={**base, "ranges": [cards_range(start + 7, 2)]})
    assert overlapping.status_code == 409 and overlapping.json()["code"] == "ranges_overlap_pending"


async def _bind(client, number: str, password: str, member_id: int = 900):  # type: ignore[no-untyped-def]
    return await client.post("/app/cards/bind", headers=bearer(member(member_id, phone="13912345678"), "cards"),
                             json={"card_no": number, "password": password})


async def test_scheduler_activates_due_cards_once_across_two_workers(client, db, pg, other_worker) -> None:
    await approve_contract(db, contract_event(81, total_cards=30))
    batch = await make_cards(client, 30)
    start = int(batch["card_no_start"][:-1])
    exported = await client.get(f"/api/cards/making-batches/{batch['id']}/export", headers=admin())
    passwords = {str(r[0]): str(r[1]) for r in list(
        load_workbook(io.BytesIO(exported.content), read_only=True).worksheets[0].iter_rows(values_only=True))[1:]}
    await issue_cards(client, 81, start, 30)
    week = await charge_cards(client, 81, start, 20, auto_activate_days=7)
    await charge_cards(client, 81, start + 20, 10, auto_activate_days=14)
    charged_at = datetime.fromisoformat(week["charged_at"])
    # A member activates one card by hand before the scheduler does.
    manual = card_no(start + 5)
    bound = await _bind(client, manual, passwords[manual])
    assert bound.status_code == 201, bound.text
    manual_activated_at = await pg.fetchval("SELECT activated_at FROM cards WHERE id = $1", start + 5)

    job = next(j for j in scheduled_jobs(client._transport.app.state.settings) if j.name == "cards.auto_activate")
    # Not due yet for anyone: the first run happens, finds nothing, emits nothing.
    early = await _two_workers(db, other_worker, job, charged_at + timedelta(days=6))
    assert sorted(r is None for r in early) == [False, True]
    assert next(r for r in early if r)["cards"] == 0

    now = charged_at + timedelta(days=8)
    results = await _two_workers(db, other_worker, job, now)
    ran = [r for r in results if r is not None]
    assert len(ran) == 1 and ran[0]["cards"] == 19
    statuses = await pg.fetch("SELECT id, status, activation_mode, activated_at, effective_until, "
                              "red_packet_expires_at FROM cards ORDER BY id")
    for row in statuses:
        offset = row["id"] - start
        if offset == 5:
            assert (row["status"], row["activation_mode"], row["activated_at"]) == (
                "activated", "manual", manual_activated_at)
        elif offset < 20:
            assert (row["status"], row["activation_mode"], row["activated_at"]) == ("activated", "auto", now)
            assert row["effective_until"] == now + timedelta(days=365)
            assert row["red_packet_expires_at"] == now + timedelta(days=30)
        else:
            assert row["status"] == "issued" and row["activated_at"] is None
    events = [e for e in await _events(pg, "cards.CardsActivated") if e["mode"] == "auto"]
    assert len(events) == 1
    event = events[0]
    assert event["card_count"] == 19
    assert len(event["groups"]) == 1
    group = event["groups"][0]
    assert (group["contract_id"], group["customer_name"]) == (81, "客户81")
    assert group["activation_batch_no"] == week["batch_no"]
    assert (group["face_value_total"], group["red_packet_total"], group["balance_total"]) == (
        "19000.00", "950.00", "19000.00")
    assert group["ranges"] == [
        {"start": card_no(start), "end": card_no(start + 4), "count": 5},
        {"start": card_no(start + 6), "end": card_no(start + 19), "count": 14},
    ]
    # Same instant again: not due. A later run finds nothing more to do and says nothing.
    assert await _two_workers(db, other_worker, job, now) == [None, None]
    later = await _two_workers(db, other_worker, job, now + timedelta(minutes=2))
    assert [r for r in later if r] == [{"cards": 0}]
    assert len([e for e in await _events(pg, "cards.CardsActivated") if e["mode"] == "auto"]) == 1


async def test_red_packet_and_card_expiry_once_with_totals(client, db, pg, other_worker) -> None:
    await approve_contract(db, contract_event(91, total_cards=10))
    batch = await make_cards(client, 10)
    start = int(batch["card_no_start"][:-1])
    await issue_cards(client, 91, start, 10)
    charged = await charge_cards(client, 91, start, 10, auto_activate_days=0, valid_days=100, red_packet_days=10)
    charged_at = datetime.fromisoformat(charged["charged_at"])
    activated_at = charged_at + timedelta(minutes=1)
    assert (await auto_activate(db, activated_at))["cards"] == 10
    # One card spends 70 of its balance and all of its 50 red packet before anything expires.
    from cards.ledger.schemas import DebitIn
    from cards.ledger.service import debit

    async with db.sessions() as session:
        outcome = await debit(session, DebitIn(card_id=start, amount="120.00", order_ref="mall:M1", context="mall"))
    assert outcome.status_code == 201
    jobs = {j.name: j for j in scheduled_jobs(client._transport.app.state.settings)}

    # Red packets: due after 10 days; 9 cards still hold 50.00 each.
    red_run = await _two_workers(db, other_worker, jobs["cards.expire_red_packets"], activated_at + timedelta(days=11))
    assert [r["cards"] for r in red_run if r] == [9]
    assert await pg.fetchval("SELECT sum(red_packet_balance) FROM cards") == 0
    red_events = [e for e in await _events(pg, "cards.CardsExpired") if e["what"] == "red_packets"]
    assert len(red_events) == 1
    assert red_events[0]["card_count"] == 9
    assert red_events[0]["groups"][0]["red_packet_total"] == "450.00"

    # Cards: due after 100 days; what was left lapses through the ledger.
    card_run = await _two_workers(db, other_worker, jobs["cards.expire_cards"], activated_at + timedelta(days=101))
    assert [r["cards"] for r in card_run if r] == [10]
    assert await pg.fetchval("SELECT count(*) FROM cards WHERE status = 'expired' AND balance = 0") == 10
    card_events = [e for e in await _events(pg, "cards.CardsExpired") if e["what"] == "cards"]
    assert len(card_events) == 1
    assert card_events[0]["groups"][0]["balance_total"] == "9930.00"  # 9 x 1000 + 930
    # The ledger still sums to every balance (zero now).
    mismatched = await pg.fetchval(
        "SELECT count(*) FROM cards c LEFT JOIN (SELECT card_id, sum(balance_part) b, sum(red_packet_part) r "
        "FROM ledger_entries GROUP BY card_id) l ON l.card_id = c.id "
        "WHERE coalesce(l.b, 0) <> c.balance OR coalesce(l.r, 0) <> c.red_packet_balance")
    assert mismatched == 0
    # Re-running the job bodies directly (a crashed lease re-run) finds nothing and emits nothing.
    assert (await expire_cards(db, activated_at + timedelta(days=102)))["cards"] == 0
    assert (await expire_red_packets(db, activated_at + timedelta(days=102)))["cards"] == 0
    assert len(await _events(pg, "cards.CardsExpired")) == 2


async def test_review_with_idempotency_key_charges_once(client, db, pg) -> None:
    await approve_contract(db, contract_event(95, total_cards=5))
    batch = await make_cards(client, 5)
    start = int(batch["card_no_start"][:-1])
    await issue_cards(client, 95, start, 5)
    created = await client.post("/api/cards/activations", headers=admin(), json={
        "contract_id": 95, "ranges": [cards_range(start, 5)], "auto_activate_days": 3, "valid_days": 30,
        "red_packet_days": 10, "face_value": "200.00",
        "latest_activation_at": (datetime.now(UTC) + timedelta(days=5)).isoformat()})
    headers = {**admin(), "Idempotency-Key": "review-95"}
    path = f"/api/cards/activations/{created.json()['id']}/review"
    first = await client.post(path, headers=headers, json={"approved": True})
    again = await client.post(path, headers=headers, json={"approved": True})
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert await pg.fetchval("SELECT count(*) FROM ledger_entries WHERE kind = 'recharge'") == 5
    assert len(await _events(pg, "cards.CardsCharged")) == 1
    without_key = await client.post(path, headers=admin(), json={"approved": True})
    assert without_key.status_code == 409
