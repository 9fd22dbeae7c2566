"""Fixtures of the escort tests: a clean escort database per test, admin/member/escort headers, the real cards
app in process as the ledger behind the internal client, and a small world built through the admin API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from escort.main import create_app
from escort.settings import EscortSettings
from shared.testing import bearer, client_for, member, partner, staff, truncate_all

ESCORT_PERMISSIONS = [
    f"escort:{entity}:{action}"
    for entity, actions in {
        "product": ("list", "create", "update", "delete"),
        "hospital": ("list", "create", "update", "delete"),
        "withdrawal_item": ("list", "create", "update", "delete"),
        "question": ("list", "create", "update", "delete"),
        "escort": ("list", "create", "update", "delete"),
        "withdrawal": ("list", "review", "pay"),
        "order": ("list", "update"),
    }.items()
    for action in actions
]
# A role that may look but not edit: ID numbers reach it masked.
VIEWER_PERMISSIONS = ["escort:escort:list", "escort:order:list", "escort:withdrawal:list"]


def admin_headers() -> dict[str, str]:
    return bearer(staff(*ESCORT_PERMISSIONS, name="陪诊管理员"), "escort")


def viewer_headers() -> dict[str, str]:
    return bearer(staff(*VIEWER_PERMISSIONS, user_id=2, name="只读客服"), "escort")


def member_headers(member_id: int, name: str = "会员", phone: str = "13800000000") -> dict[str, str]:
    return bearer(member(member_id, name=name, phone=phone), "escort")


def escort_headers(escort_id: int) -> dict[str, str]:
    return bearer(partner("escort", escort_id, key_id=1000 + escort_id), "escort")


@pytest.fixture
def escort_settings() -> EscortSettings:
    return EscortSettings()


@pytest.fixture(autouse=True)
async def clean_escort(escort_settings: EscortSettings) -> None:
    await truncate_all(escort_settings.database_url)


@pytest.fixture
def admin() -> dict[str, str]:
    return admin_headers()


@pytest.fixture
async def client(escort_settings: EscortSettings) -> AsyncIterator[httpx.AsyncClient]:
    """The escort app alone (catalogue and escorts: no payment involved)."""
    async with client_for(create_app(escort_settings)) as http:
        yield http


# ---------------------------------------------------------------- with the real cards ledger
# cards_app and make_card: services/cards/tests/payingkit.py, a plugin of the root conftest.


@pytest.fixture
async def paying_client(escort_settings: EscortSettings, cards_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=cards_app)
    async with client_for(create_app(escort_settings, cards_transport=transport)) as http:
        yield http


@pytest.fixture
def card_balance(cards_app: FastAPI) -> Callable[[str], Awaitable[Decimal]]:
    async def read(number: str) -> Decimal:
        async with cards_app.state.db.sessions() as session:
            return (await session.execute(text("SELECT balance FROM cards WHERE card_no = :n"),
                                          {"n": number})).scalar_one()

    return read


@pytest.fixture
def ledger_kinds(cards_app: FastAPI) -> Callable[[str], Awaitable[list[str]]]:
    """The card-ledger entry kinds written for one escort order."""

    async def kinds(order_no: str) -> list[str]:
        async with cards_app.state.db.sessions() as session:
            return list((await session.execute(text(
                "SELECT kind FROM ledger_entries WHERE order_ref = :ref ORDER BY id"), {"ref": f"escort:{order_no}"}
            )).scalars())

    return kinds


# ---------------------------------------------------------------- a small world through the admin API



def id_number(index: int) -> str:
    return f"3601021990{index:07d}X"


@dataclass
class World:
    hospital: dict[str, Any]
    other_hospital: dict[str, Any]
    product: dict[str, Any]
    item: dict[str, Any]
    escorts: list[dict[str, Any]] = field(default_factory=list)


async def post(http: httpx.AsyncClient, path: str, body: dict[str, Any], headers: dict[str, str] | None = None,
               expect: int = 201) -> dict[str, Any]:
    response = await http.post(path, json=body, headers=headers or admin_headers())
    assert response.status_code == expect, response.text
    return response.json()


async def make_escort(
    http: httpx.AsyncClient, index: int, hospital_ids: list[int], *, certify: bool = True,
    expires_on: date | None = None,
) -> dict[str, Any]:
    escort = await post(http, "/api/escort/escorts", {
        "name": f"陪诊师{index}", "phone": f"137{index:08d}", "id_number": id_number(index),
        "hospital_ids": hospital_ids,
        "certificates": [{"name": "陪诊师资格证", "number": f"PZ{index:05d}",
                          "expires_on": str(expires_on or date.today() + timedelta(days=365))}],
    })
    if certify:
        escort = await post(http, f"/api/escort/escorts/{escort['id']}/review", {"action": "certify"}, expect=200)
    return escort


async def build_world(http: httpx.AsyncClient, escorts: int = 1) -> World:
    hospital = await post(http, "/api/escort/hospitals", {
        "name": "江西省人民医院", "level": "三甲", "address": "爱国路152号", "departments": ["心内科", "骨科"]})
    other = await post(http, "/api/escort/hospitals", {"name": "南昌大学第一附属医院", "level": "三甲"})
    product = await post(http, "/api/escort/products", {
        "name": "全程陪诊", "service_type": "full", "price": "200.00", "share_mode": "rate", "share_value": "0.7",
        "duration_minutes": 240})
    item = await post(http, "/api/escort/withdrawal-items", {
        "name": "银行卡", "method": "bank", "min_amount": "10.00", "fee_rate": "0", "fee_fixed": "0"})
    world = World(hospital, other, product, item)
    for index in range(escorts):
        world.escorts.append(await make_escort(http, index + 1, [hospital["id"]]))
    return world


def booking(world: World, card_no: str, *, hours_ahead: int = 24, **overrides: Any) -> dict[str, Any]:
    body = {
        "product_id": world.product["id"], "hospital_id": world.hospital["id"], "department": "心内科",
        "appointment_at": (datetime.now(UTC) + timedelta(hours=hours_ahead)).isoformat(),
        "patient_name": "张三", "patient_phone": "13900001111", "patient_id_number": "360102195001011234",
        "card_no": card_no,
    }
    return body | overrides


async def book(http: httpx.AsyncClient, world: World, card_no: str, member_id: int = 1,
               **overrides: Any) -> dict[str, Any]:
    return await post(http, "/app/escort/orders", booking(world, card_no, **overrides),
                      headers=member_headers(member_id))
