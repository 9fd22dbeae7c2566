"""The order status machine, table-driven: every action from every status either makes its one allowed move
(or answers an idempotent repeat) or is refused with 404/409 and changes nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from payingkit import MakeCard
from sqlalchemy import text

from escort.orders.states import TRANSITIONS, OrderStatus, can_move
from escort.settings import EscortSettings
from shared.db import Database

from .conftest import book, build_world, escort_headers, member_headers

STATUSES = ["waiting", "accepted", "in_service", "completed", "cancelled", "refunded"]
# action -> {status it starts from: status it ends in}; any status left out must be refused unchanged.
ALLOWED: dict[str, dict[str, str]] = {
    "grab": {"waiting": "accepted", "accepted": "accepted"},  # the winner grabbing again gets the same answer
    "give_back": {"accepted": "waiting"},
    "start": {"accepted": "in_service", "in_service": "in_service"},
    "finish": {"in_service": "completed", "completed": "completed"},
    "cancel": {"waiting": "refunded", "accepted": "refunded", "cancelled": "refunded", "refunded": "refunded"},
    "review": {"completed": "completed"},
}


def test_the_table_names_every_status_and_nothing_leaves_a_final_one() -> None:
    assert set(TRANSITIONS) == set(OrderStatus)
    for final in (OrderStatus.COMPLETED, OrderStatus.REFUNDED):
        assert not any(can_move(final, target) for target in OrderStatus)
    assert not can_move("in_service", "cancelled") and not can_move("completed", "cancelled")
    assert not can_move("waiting", "in_service") and not can_move("waiting", "completed")


async def _set_status(order_id: int, status: str, escort_id: int | None) -> None:
    db = Database(EscortSettings().database_url, pool_size=1)
    try:
        async with db.sessions() as session:
            await session.execute(
                text("UPDATE orders SET status = :s, escort_id = :e, escort_name = :n WHERE id = :id"),
                {"s": status, "e": escort_id, "n": "陪诊师1" if escort_id else "", "id": order_id})
            await session.commit()
    finally:
        await db.dispose()


async def _status(order_id: int) -> str:
    db = Database(EscortSettings().database_url, pool_size=1)
    try:
        async with db.sessions() as session:
            return (await session.execute(text("SELECT status FROM orders WHERE id = :id"), {"id": order_id})).scalar()
    finally:
        await db.dispose()


async def _act(http: httpx.AsyncClient, action: str, order: dict[str, Any], escort_id: int) -> httpx.Response:
    oid, escort, member = order["id"], escort_headers(escort_id), member_headers(1)
    if action == "grab":
        return await http.post(f"/partner/escort/orders/{oid}/grab", headers=escort)
    if action == "give_back":
        return await http.post(f"/partner/escort/orders/{oid}/give-back", json={}, headers=escort)
    if action == "start":
        return await http.post(f"/partner/escort/orders/{oid}/start", json={"code": order["service_code"]},
                               headers=escort)
    if action == "finish":
        return await http.post(f"/partner/escort/orders/{oid}/finish", headers=escort)
    if action == "cancel":
        return await http.post(f"/app/escort/orders/{oid}/cancel", json={}, headers=member)
    return await http.post(f"/app/escort/orders/{oid}/review", json={"rating": 5}, headers=member)


@pytest.mark.parametrize("action", list(ALLOWED))
async def test_every_action_from_every_status(
    action: str, paying_client: httpx.AsyncClient, make_card: MakeCard
) -> None:
    world = await build_world(paying_client, escorts=1)
    escort_id = world.escorts[0]["id"]
    card = await make_card(1, "10000.00")
    for status in STATUSES:
        order = await book(paying_client, world, card)
        if status == "refunded":  # a real refund, so the card ledger agrees
            assert (await paying_client.post(f"/app/escort/orders/{order['id']}/cancel", json={},
                                             headers=member_headers(1))).status_code == 200
        else:
            holder = escort_id if status in ("accepted", "in_service", "completed") else None
            await _set_status(order["id"], status, holder)
        response = await _act(paying_client, action, order, escort_id)
        expected = ALLOWED[action].get(status)
        if expected is None:
            assert response.status_code in (404, 409), (action, status, response.text)
            assert await _status(order["id"]) == status, (action, status)
        else:
            assert response.status_code == 200, (action, status, response.text)
            assert await _status(order["id"]) == expected, (action, status)
