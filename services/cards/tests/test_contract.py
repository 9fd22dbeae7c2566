"""The API contract of cards (issue 15): every operation documents its success response, lists filter by
the suite's names, and the defects found from the outside stay fixed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cardkit import activated_cards, admin, approve_contract, contract_event

from cards.main import create_app
from cards.settings import CardsSettings
from shared.dates import business_date


def _success_schema(operation: dict[str, Any]) -> dict[str, Any] | None:
    for status, response in operation["responses"].items():
        if status.startswith("2"):
            return response.get("content", {}).get("application/json", {}).get("schema")
    return None


def test_every_operation_documents_a_typed_success_response() -> None:
    spec = create_app(CardsSettings()).openapi()
    untyped = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if path.endswith("/export") and method == "get":
                continue  # an .xlsx file, declared by its response class
            schema = _success_schema(operation)
            # An untyped dict is documented as an object without properties: no client can be generated.
            if not schema or ("$ref" not in schema and not schema.get("properties") and "items" not in schema):
                untyped.append(f"{method.upper()} {path}")
    assert untyped == []


async def test_entitlements_filter_by_contract(client, db) -> None:  # type: ignore[no-untyped-def]
    for contract_id in (14, 15):
        await approve_contract(db, contract_event(contract_id))
    listed = await client.get("/api/cards/entitlements", headers=admin(), params={"contract_id": 14})
    assert listed.status_code == 200, listed.text
    assert [e["contract_id"] for e in listed.json()["data_list"]] == [14]
    by_dept = await client.get("/api/cards/entitlements", headers=admin(), params={"dept_id": 3})
    assert by_dept.json()["total"] == 2
    assert (await client.get("/api/cards/entitlements", headers=admin(), params={"dept_id": 4})).json()["total"] == 0


async def test_request_lists_filter_by_date_from_and_to(client, db) -> None:  # type: ignore[no-untyped-def]
    """`date_from`/`date_to`: the request's Shanghai day, both ends included, as on every list of the suite."""
    await activated_cards(client, db, 2)
    today = business_date(datetime.now(UTC)).isoformat()
    for path in ("/api/cards/making-batches", "/api/cards/issues", "/api/cards/activations"):
        same_day = await client.get(path, headers=admin(), params={"date_from": today, "date_to": today})
        assert same_day.status_code == 200 and same_day.json()["total"] >= 1, (path, same_day.text)
        future = await client.get(path, headers=admin(), params={"date_from": "2099-01-01"})
        assert future.json()["total"] == 0, path
        past = await client.get(path, headers=admin(), params={"date_to": "2020-01-01"})
        assert past.json()["total"] == 0, path
    for path in ("/api/cards/issues", "/api/cards/activations"):
        mine = await client.get(path, headers=admin(), params={"owner_id": 2})
        assert mine.json()["total"] == 1, path
        assert (await client.get(path, headers=admin(), params={"owner_id": 99})).json()["total"] == 0, path


async def test_bad_input_is_a_4xx_that_changes_nothing(client, pg) -> None:  # type: ignore[no-untyped-def]
    """The classes fuzzing found: ids beyond BIGINT, control characters, card numbers that are not numbers."""
    huge = "99999999999999999999"
    for path in (f"/api/cards/cards/{huge}", f"/api/cards/cards?customer_id={huge}", f"/api/cards/issues/{huge}",
                 f"/api/cards/red-packets/{huge}", f"/api/cards/entitlements?contract_id={huge}",
                 "/api/cards/cards?keyword=a%00b", "/api/cards/making-batches?date_from=0"):
        r = await client.get(path, headers=admin())
        assert r.status_code == 422, (path, r.status_code, r.text)
    for path, body in (
        ("/api/cards/making-batches", {"city": "南昌\u0000", "card_type": "实体卡", "quantity": 1}),
        ("/api/cards/issues", {"contract_id": 1, "card_type": "实体卡", "ranges": [{"start": "0", "end": "0"}]}),
        # Ten characters, all str.isdigit(): "²" used to reach int() and answer 500.
        ("/api/cards/issues", {"contract_id": 1, "card_type": "实体卡", "ranges": [{"start": "10000000²0",
                                                                                  "end": "1000000006"}]}),
        ("/api/cards/activations", {"contract_id": int(huge), "ranges": []}),
    ):
        r = await client.post(path, json=body, headers=admin())
        assert r.status_code == 422, (path, body, r.text)
    assert await pg.fetchval("SELECT count(*) FROM making_batches") == 0
    assert await pg.fetchval("SELECT count(*) FROM card_issues") == 0
