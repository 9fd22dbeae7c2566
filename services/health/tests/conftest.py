"""Fixtures of the health tests: a clean health database per test, admin/member/partner headers, and (for
orders) the real cards app in-process as the ledger behind the internal client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from health.main import create_app
from health.settings import HealthSettings
from shared.testing import bearer, client_for, member, partner, staff, truncate_all

HEALTH_PERMISSIONS = [
    f"health:{entity}:{action}"
    for entity, actions in {
        "brand": ("list", "create", "update", "delete"),
        "item": ("list", "create", "update", "delete", "import", "export"),
        "hospital": ("list", "create", "update", "delete"),
        "schedule": ("list", "update"),
        "hospital_staff": ("list", "create", "update", "delete"),
        "package": ("list", "create", "update", "delete"),
        "category": ("list", "create", "update", "delete"),
        "disease": ("list", "create", "update", "delete"),
        "order": ("list", "update", "export"),
    }.items()
    for action in actions
]


@pytest.fixture
def health_settings() -> HealthSettings:
    return HealthSettings()


@pytest.fixture(autouse=True)
async def clean_health(health_settings: HealthSettings) -> None:
    await truncate_all(health_settings.database_url)


@pytest.fixture
def admin() -> dict[str, str]:
    return bearer(staff(*HEALTH_PERMISSIONS, name="体检管理员"), "health")


def member_headers(member_id: int, name: str = "会员", phone: str = "13800000000") -> dict[str, str]:
    return bearer(member(member_id, name=name, phone=phone), "health")


def partner_headers(hospital_id: int) -> dict[str, str]:
    return bearer(partner("hospital", hospital_id), "health")


@pytest.fixture
def as_member() -> Callable[..., dict[str, str]]:
    return member_headers


@pytest.fixture
def as_partner() -> Callable[[int], dict[str, str]]:
    return partner_headers


@pytest.fixture
async def client(health_settings: HealthSettings) -> AsyncIterator[httpx.AsyncClient]:
    """The health app alone (catalogue, hospitals, packages: no payment involved)."""
    async with client_for(create_app(health_settings)) as http:
        yield http


# ---------------------------------------------------------------- with the real cards ledger
# cards_app and make_card: services/cards/tests/payingkit.py, a plugin of the root conftest.


@pytest.fixture
async def paying_client(health_settings: HealthSettings, cards_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The health app whose internal client reaches the cards app in-process (real ledger, real database)."""
    transport = httpx.ASGITransport(app=cards_app)
    async with client_for(create_app(health_settings, cards_transport=transport)) as http:
        yield http


@pytest.fixture
def ledger_entries(cards_app: FastAPI) -> Callable[..., Awaitable[list[Any]]]:
    from sqlalchemy import text

    async def entries(kind: str | None = None) -> list[Any]:
        sql = "SELECT card_id, kind, amount, order_ref FROM ledger_entries WHERE order_ref LIKE 'health:%'"
        params: dict[str, Any] = {}
        if kind:
            sql += " AND kind = :kind"
            params["kind"] = kind
        async with cards_app.state.db.sessions() as session:
            return list((await session.execute(text(sql + " ORDER BY id"), params)).all())

    return entries


async def card_balance(cards_app: FastAPI, number: str) -> Decimal:
    from sqlalchemy import text

    async with cards_app.state.db.sessions() as session:
        return (await session.execute(text("SELECT balance FROM cards WHERE card_no = :n"), {"n": number})).scalar_one()


@pytest.fixture
def balance_of(cards_app: FastAPI) -> Callable[[str], Awaitable[Decimal]]:
    async def read(number: str) -> Decimal:
        return await card_balance(cards_app, number)

    return read


# ---------------------------------------------------------------- a small catalogue through the admin API


@pytest.fixture
def catalogue(admin: dict[str, str]) -> Callable[[httpx.AsyncClient], Awaitable[dict[str, Any]]]:
    """Two brands with a hospital each, items, a package with male/female variants sold at hospital A."""

    async def build(http: httpx.AsyncClient) -> dict[str, Any]:
        async def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
            response = await http.post(path, json=body, headers=admin)
            assert response.status_code == 201, response.text
            return response.json()

        brand = await post("/api/health/brands", {"name": "美年大健康体检中心", "brand_type": "专业机构"})
        other_brand = await post("/api/health/brands", {"name": "江西省人民医院", "brand_type": "公立三甲"})
        hospital_a = await post("/api/health/hospitals", {"name": "美年大健康（红谷滩）", "brand_id": brand["id"]})
        hospital_a2 = await post("/api/health/hospitals", {"name": "美年大健康（青山湖）", "brand_id": brand["id"]})
        hospital_b = await post(
            "/api/health/hospitals", {"name": "江西省人民医院体检中心", "brand_id": other_brand["id"]}
        )
        common = await post("/api/health/items", {
            "name": "血常规", "brand_id": brand["id"], "sale_price": "100.00", "market_price": "150.00",
            "settlement_price": "60.00",
        })
        male = await post("/api/health/items", {
            "name": "前列腺彩超", "brand_id": brand["id"], "sale_price": "80.00", "market_price": "100.00",
            "settlement_price": "50.00",
        })
        female = await post("/api/health/items", {
            "name": "乳腺彩超", "brand_id": brand["id"], "sale_price": "120.00", "market_price": "160.00",
            "settlement_price": "70.00",
        })
        package = await post("/api/health/packages", {
            "name": "基础体检套餐", "brand_id": brand["id"], "hospital_ids": [hospital_a["id"], hospital_a2["id"]],
            "items": [
                {"item_id": common["id"]},
                {"item_id": male["id"], "gender": "male"},
                {"item_id": female["id"], "gender": "female"},
            ],
        })
        b_item = await post("/api/health/items", {
            "name": "肝功能", "brand_id": other_brand["id"], "sale_price": "50.00", "market_price": "60.00",
            "settlement_price": "30.00",
        })
        package_b = await post("/api/health/packages", {
            "name": "省医基础套餐", "brand_id": other_brand["id"], "hospital_ids": [hospital_b["id"]],
            "items": [{"item_id": b_item["id"]}],
        })
        return {
            "package_b": package_b,
            "brand": brand, "other_brand": other_brand, "hospital_a": hospital_a, "hospital_a2": hospital_a2,
            "hospital_b": hospital_b, "items": [common, male, female], "package": package,
        }

    return build
