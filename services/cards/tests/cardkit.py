"""Helpers of the cards tests (imported by name: the root pyproject.toml lists this folder in pytest's pythonpath)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx

from cards.entitlements.service import apply_contract_approved
from cards.numbers import card_no
from shared.db import Database
from shared.events.crm import ContractApproved
from shared.identity import Identity
from shared.testing import bearer, service_bearer, staff

ALL_CARD_PERMS = (
    "cards:card:list", "cards:card:extend", "cards:card:void", "cards:card:freeze", "cards:card:unfreeze",
    "cards:card:export", "cards:making:list", "cards:making:create", "cards:making:review", "cards:making:export",
    "cards:making:reset_password", "cards:issue:list", "cards:issue:create", "cards:issue:review",
    "cards:activation:list", "cards:activation:create", "cards:activation:review", "cards:entitlement:list",
    "cards:red_packet:list",
)


def admin(*perms: str, user_id: int = 1, name: str = "运营小王") -> dict[str, str]:
    return bearer(staff(*(perms or ALL_CARD_PERMS), user_id=user_id, name=name), "cards")


def as_identity(identity: Identity) -> dict[str, str]:
    return bearer(identity, "cards")


def internal(caller: str = "health") -> dict[str, str]:
    return service_bearer(caller, "cards")


def contract_event(contract_id: int = 11, total_cards: int = 100, **overrides: Any) -> ContractApproved:
    values: dict[str, Any] = {
        "contract_id": contract_id,
        "contract_no": f"HT{contract_id:04d}",
        "contract_name": f"合同{contract_id}",
        "customer_id": 500 + contract_id,
        "customer_name": f"客户{contract_id}",
        "owner_id": 2,
        "owner_name": "万彬",
        "dept_id": 3,
        "dept_name": "销售一部",
        "amount": Decimal("100000.00"),
        "total_cards": total_cards,
        "card_type": "体检卡",
        "face_value_per_card": Decimal("1000.00"),
        "red_packet_per_card": Decimal("50.00"),
        "approved_at": datetime.now(UTC),
    }
    values.update(overrides)
    return ContractApproved(**values)


async def approve_contract(db: Database, event: ContractApproved) -> None:
    async with db.sessions() as session:
        await apply_contract_approved(session, event)
        await session.commit()


async def make_cards(client: httpx.AsyncClient, quantity: int, card_type: str = "实体卡") -> dict[str, Any]:
    created = await client.post("/api/cards/making-batches", headers=admin(),
                                json={"city": "南昌", "card_type": card_type, "quantity": quantity})
    assert created.status_code == 201, created.text
    reviewed = await client.post(f"/api/cards/making-batches/{created.json()['id']}/review", headers=admin(),
                                 json={"approved": True})
    assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json()["status"] == "done"
    return reviewed.json()


def cards_range(first_seq: int, count: int) -> dict[str, str]:
    return {"start": card_no(first_seq), "end": card_no(first_seq + count - 1)}


async def issue_cards(client: httpx.AsyncClient, contract_id: int, first_seq: int, count: int) -> dict[str, Any]:
    created = await client.post("/api/cards/issues", headers=admin(), json={
        "contract_id": contract_id, "card_type": "实体卡", "ranges": [cards_range(first_seq, count)]})
    assert created.status_code == 201, created.text
    reviewed = await client.post(f"/api/cards/issues/{created.json()['id']}/review", headers=admin(),
                                 json={"approved": True})
    assert reviewed.status_code == 200, reviewed.text
    return reviewed.json()


async def charge_cards(
    client: httpx.AsyncClient, contract_id: int, first_seq: int, count: int, **plan: Any
) -> dict[str, Any]:
    body = {
        "contract_id": contract_id,
        "ranges": [cards_range(first_seq, count)],
        "latest_activation_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
        "auto_activate_days": 7,
        "valid_days": 365,
        "red_packet_days": 30,
        "face_value": "1000.00",
        "red_packet": "50.00",
    }
    body.update(plan)
    created = await client.post("/api/cards/activations", headers=admin(), json=body)
    assert created.status_code == 201, created.text
    reviewed = await client.post(f"/api/cards/activations/{created.json()['id']}/review", headers=admin(),
                                 json={"approved": True})
    assert reviewed.status_code == 200, reviewed.text
    return reviewed.json()


async def activated_cards(client: httpx.AsyncClient, db: Database, count: int, contract_id: int = 11,
                          **plan: Any) -> int:
    """Makes, issues and charges `count` cards, then activates them through the scheduler job; first card id."""
    from cards.activations.jobs import auto_activate

    await approve_contract(db, contract_event(contract_id, total_cards=max(count, 100)))
    batch = await make_cards(client, count)
    first = int(batch["card_no_start"][:-1])
    await issue_cards(client, contract_id, first, count)
    await charge_cards(client, contract_id, first, count, **plan)
    result = await auto_activate(db, datetime.now(UTC) + timedelta(days=8))
    assert result["cards"] == count
    return first
