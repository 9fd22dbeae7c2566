"""制卡: review generates contiguous, check-digited, non-overlapping numbers; passwords hashed; one export each."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from cardkit import admin, make_cards
from openpyxl import load_workbook

from cards.making.service import finish_unfinished, review_batch
from cards.numbers import card_no, check_digit, parse_card_no
from cards.passwords import password_matches


async def test_bad_requests_write_nothing(client, pg) -> None:
    bad = [
        {"city": "南昌", "card_type": "实体卡", "quantity": 0},
        {"city": "南昌", "card_type": "实体卡", "quantity": 1_000_001},
        {"city": "南昌", "card_type": "金卡", "quantity": 10},
        {"card_type": "实体卡", "quantity": 10},
        {"city": "南昌", "card_type": "实体卡", "quantity": "ten"},
    ]
    for body in bad:
        response = await client.post("/api/cards/making-batches", headers=admin(), json=body)
        assert response.status_code == 422, body
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await pg.fetchval("SELECT count(*) FROM making_batches") == 0
    denied = await client.post("/api/cards/making-batches", headers=admin("cards:making:list"),
                               json={"city": "南昌", "card_type": "实体卡", "quantity": 1})
    assert denied.status_code == 403


async def test_approval_makes_contiguous_checked_numbers_that_never_overlap(client, pg) -> None:
    first = await make_cards(client, 250)
    second = await make_cards(client, 100, card_type="电子卡")
    start1, end1 = int(first["card_no_start"][:-1]), int(first["card_no_end"][:-1])
    start2, end2 = int(second["card_no_start"][:-1]), int(second["card_no_end"][:-1])
    assert end1 - start1 + 1 == 250 and end2 - start2 + 1 == 100
    assert start2 == end1 + 1  # contiguous allocation, no overlap
    rows = await pg.fetch("SELECT id, card_no, status, use_status, password_hash FROM cards ORDER BY id")
    assert len(rows) == 350
    assert [r["id"] for r in rows] == list(range(start1, end2 + 1))
    for row in rows:
        assert row["card_no"] == card_no(row["id"])
        assert int(row["card_no"][-1]) == check_digit(row["id"])
        assert (row["status"], row["use_status"]) == ("in_stock", "uncharged")
        assert row["password_hash"] is not None and len(row["password_hash"]) == 32
    # One typo in any digit is caught by the check digit.
    number = rows[0]["card_no"]
    for position in range(len(number)):
        for digit in "0123456789":
            if digit != number[position]:
                typo = number[:position] + digit + number[position + 1:]
                assert parse_card_no(typo) is None
    assert (await client.post(f"/api/cards/making-batches/{first['id']}/review", headers=admin(),
                              json={"approved": True})).status_code == 409
    made = await pg.fetch("SELECT routing_key FROM outbox WHERE routing_key = 'cards.CardsMade'")
    assert len(made) == 2


async def test_rejection_needs_a_reason_and_makes_nothing(client, pg) -> None:
    created = (await client.post("/api/cards/making-batches", headers=admin(),
                                 json={"city": "南昌", "card_type": "实体卡", "quantity": 5})).json()
    no_reason = await client.post(f"/api/cards/making-batches/{created['id']}/review", headers=admin(),
                                  json={"approved": False})
    assert no_reason.status_code == 422
    rejected = await client.post(f"/api/cards/making-batches/{created['id']}/review", headers=admin(),
                                 json={"approved": False, "reason": "数量有误"})
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["status_label"] == "已驳回"
    assert await pg.fetchval("SELECT count(*) FROM cards") == 0


async def _hashes(pg) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return {r["card_no"]: bytes(r["password_hash"]) for r in await pg.fetch("SELECT card_no, password_hash FROM cards")}


async def _export(client, batch_id: int, **params):  # type: ignore[no-untyped-def]
    return await client.get(f"/api/cards/making-batches/{batch_id}/export", headers=admin(), params=params)


def _sheet(content: bytes) -> dict[str, str]:
    ws = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("卡号", "密码")
    return {str(r[0]): str(r[1]) for r in rows[1:]}


async def test_passwords_exported_once_and_reset_makes_a_new_export(client, pg, settings) -> None:
    batch = await make_cards(client, 20)
    denied = await client.get(f"/api/cards/making-batches/{batch['id']}/export",
                              headers=admin("cards:making:list"))
    assert denied.status_code == 403
    exported = await _export(client, batch["id"])
    assert exported.status_code == 200
    passwords = _sheet(exported.content)
    assert len(passwords) == 20
    hashes = await _hashes(pg)
    for number, password in passwords.items():
        assert len(password) == 8 and password.isdigit()
        assert password_matches(settings.password_key, number, password, hashes[number])
    # The plain passwords now exist only in that file: the seed is gone and a second export is refused.
    assert await pg.fetchval("SELECT count(*) FROM password_sets WHERE seed IS NOT NULL") == 0
    again = await _export(client, batch["id"])
    assert again.status_code == 409
    assert again.json()["code"] == "already_exported"
    # Lost file: reset the passwords of part of the batch, export the new set once.
    numbers = sorted(passwords)
    bad_range = await client.post(f"/api/cards/making-batches/{batch['id']}/reset-passwords", headers=admin(),
                                  json={"card_no_from": numbers[9], "card_no_to": numbers[5]})
    assert bad_range.status_code == 422
    reset = await client.post(f"/api/cards/making-batches/{batch['id']}/reset-passwords", headers=admin(),
                              json={"card_no_from": numbers[5], "card_no_to": numbers[9], "reason": "文件丢失"})
    assert reset.status_code == 201, reset.text
    assert reset.json()["card_count"] == 5 and reset.json()["exported"] is False
    new_passwords = _sheet((await _export(client, batch["id"])).content)
    assert sorted(new_passwords) == numbers[5:10]
    hashes = await _hashes(pg)
    for number in numbers:
        if number in new_passwords:
            assert password_matches(settings.password_key, number, new_passwords[number], hashes[number])
            assert not password_matches(settings.password_key, number, passwords[number], hashes[number])
        else:
            assert password_matches(settings.password_key, number, passwords[number], hashes[number])
    assert (await _export(client, batch["id"])).status_code == 409
    sets = (await client.get(f"/api/cards/making-batches/{batch['id']}/password-sets", headers=admin())).json()
    assert [(s["kind"], s["exported"]) for s in sets["data_list"]] == [("making", True), ("reset", True)]


async def test_idempotency_key_makes_one_batch(client, pg) -> None:
    body = {"city": "南昌", "card_type": "实体卡", "quantity": 3}
    headers = {**admin(), "Idempotency-Key": "mk-1"}
    first = await client.post("/api/cards/making-batches", headers=headers, json=body)
    second = await client.post("/api/cards/making-batches", headers=headers, json=body)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert await pg.fetchval("SELECT count(*) FROM making_batches") == 1


async def test_interrupted_batch_is_finished_by_the_worker_job(client, db, pg, settings) -> None:
    created = (await client.post("/api/cards/making-batches", headers=admin(),
                                 json={"city": "九江", "card_type": "电子卡", "quantity": 40})).json()
    # The approval committed its range, then the process died before the COPY.
    async with db.sessions() as session:
        await review_batch(session, created["id"], True, "", {"id": 1, "name": "admin"})
        await session.commit()
    assert await pg.fetchval("SELECT status FROM making_batches WHERE id = $1", created["id"]) == "making"
    assert await pg.fetchval("SELECT count(*) FROM cards") == 0
    assert await finish_unfinished(db, datetime.now(UTC), settings.password_key) == {"finished_batches": 1}
    assert await finish_unfinished(db, datetime.now(UTC), settings.password_key) == {"finished_batches": 0}
    assert await pg.fetchval("SELECT count(*) FROM cards") == 40
    assert await pg.fetchval("SELECT status FROM making_batches WHERE id = $1", created["id"]) == "done"


async def test_card_list_filters_by_number_range_and_hides_secrets(client) -> None:
    batch = await make_cards(client, 30)
    start = int(batch["card_no_start"][:-1])
    listed = await client.get("/api/cards/cards", headers=admin(), params={
        "card_no_from": card_no(start + 10), "card_no_to": card_no(start + 14), "page_size": 100})
    assert listed.status_code == 200
    body = listed.json()
    assert body["total"] == 5
    assert [r["card_no"] for r in body["data_list"]] == [card_no(start + i) for i in range(10, 15)]
    assert "password_hash" not in body["data_list"][0] and "password" not in listed.text
    assert {o["label"] for o in body["status_list"]} >= {"库存中", "已领卡", "已激活", "已作废"}
    assert body["city_list"] == [{"label": "南昌", "value": "南昌"}]
    reversed_range = await client.get("/api/cards/cards", headers=admin(), params={
        "card_no_from": card_no(start + 14), "card_no_to": card_no(start + 10)})
    assert reversed_range.status_code == 422
    typo = await client.get("/api/cards/cards", headers=admin(), params={"card_no_from": "1234567890"})
    assert typo.status_code == 422
    exported = await client.get("/api/cards/cards/export", headers=admin("cards:card:export"),
                                params={"card_no_from": card_no(start), "card_no_to": card_no(start + 2)})
    assert exported.status_code == 200
    rows = list(load_workbook(io.BytesIO(exported.content), read_only=True).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 4 and rows[0][2] == "卡号"
