"""Every route names its caller: admin routes a 卡片管理 permission, /app members, /internal services."""

from __future__ import annotations

from typing import Any

from cardkit import admin
from fastapi.routing import APIRoute

from cards.activations.router import router as activations
from cards.cards.router import router as cards
from cards.entitlements.router import router as entitlements
from cards.issues.router import router as issues
from cards.ledger.router import router as ledger
from cards.making.router import router as making
from cards.member.router import app as member
from cards.member.router import internal as member_internal
from cards.red_packets.router import grants as red_packet_grants
from cards.red_packets.router import member as red_packet_member
from cards.red_packets.router import per_card as red_packets
from shared.identity import Require, require_member, require_service

MENU_PERMISSIONS = {
    "cards:card:list", "cards:card:extend", "cards:card:void", "cards:card:freeze", "cards:card:unfreeze",
    "cards:card:export", "cards:making:list", "cards:making:create", "cards:making:review", "cards:making:export",
    "cards:making:reset_password", "cards:issue:list", "cards:issue:create", "cards:issue:review",
    "cards:activation:list", "cards:activation:create", "cards:activation:review", "cards:entitlement:list",
    "cards:red_packet:list", "cards:red_packet:create", "cards:red_packet:review", "cards:red_packet:revoke",
    "cards:red_packet:export",
}


def _guard(route: APIRoute) -> Any:
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, Require) or dep.call in (require_member, require_service):
            return dep.call
        stack.extend(dep.dependencies)
    return None


def test_every_route_is_guarded() -> None:
    used: set[str] = set()
    for router in (cards, making, entitlements, issues, activations, red_packets, red_packet_grants,
                   red_packet_member, member, member_internal, ledger):
        for route in router.routes:
            assert isinstance(route, APIRoute)
            guard = _guard(route)
            if route.path.startswith("/api/"):
                assert isinstance(guard, Require), route.path
                assert guard.permission in MENU_PERMISSIONS, (route.path, guard.permission)
                used.add(guard.permission)
            elif route.path.startswith("/app/"):
                assert guard is require_member, route.path
            else:
                assert route.path.startswith("/internal/") and guard is require_service, route.path
    assert used == MENU_PERMISSIONS


async def test_permission_and_token_are_checked(client) -> None:
    assert (await client.get("/api/cards/cards")).status_code == 401
    listing_only = admin("cards:card:list")
    assert (await client.get("/api/cards/cards", headers=listing_only)).status_code == 200
    assert (await client.post("/api/cards/cards/1/void", headers=listing_only, json={})).status_code == 403
    assert (await client.get("/api/cards/making-batches", headers=listing_only)).status_code == 403
    missing = await client.post("/api/cards/cards/123/void", headers=admin("cards:card:void"), json={})
    assert missing.status_code == 404
    bad_page = await client.get("/api/cards/cards", headers=listing_only, params={"page_size": 1000})
    assert bad_page.status_code == 422
    bad_sort = await client.get("/api/cards/cards", headers=listing_only, params={"sort": "password_hash"})
    assert bad_sort.status_code == 422
    bad_status = await client.get("/api/cards/cards", headers=listing_only, params={"status": "lost"})
    assert bad_status.status_code == 422


async def test_every_list_answers_the_list_contract(client, db) -> None:  # type: ignore[no-untyped-def]
    from cardkit import activated_cards

    await activated_cards(client, db, 2)
    expected_options = {
        "/api/cards/cards": {"status_list", "use_status_list", "customer_list", "owner_list", "city_list",
                             "card_type_list", "making_batch_list", "activation_list"},
        "/api/cards/making-batches": {"status_list", "card_type_list", "city_list"},
        "/api/cards/issues": {"status_list", "card_type_list", "customer_list"},
        "/api/cards/activations": {"status_list", "customer_list"},
        "/api/cards/entitlements": {"customer_list"},
        "/api/cards/red-packets": {"state_list"},
    }
    for path, option_lists in expected_options.items():
        response = await client.get(path, headers=admin())
        assert response.status_code == 200, (path, response.text)
        body = response.json()
        assert {"data_list", "page", "page_size", "total"} <= set(body), path
        assert body["total"] >= 1, path
        assert option_lists <= set(body), (path, set(body))
        for name in option_lists:
            assert all(set(o) == {"label", "value"} and isinstance(o["value"], str) for o in body[name]), name
        bare = await client.get(path, headers=admin(), params={"with_options": 0})
        assert not option_lists & set(bare.json()), path
    filtered = await client.get("/api/cards/making-batches", headers=admin(),
                                params={"status": "done", "city": "南昌", "sort": "-created_at"})
    assert filtered.json()["total"] == 1
    reversed_dates = await client.get("/api/cards/issues", headers=admin(), params={
        "date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert reversed_dates.status_code == 422
