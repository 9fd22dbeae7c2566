"""Fixtures of the mall tests: a clean mall database per test, admin and member headers, a small catalogue
built through the admin API, and (for orders) the real cards app in-process as the ledger."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from mall.main import create_app
from mall.settings import MallSettings
from shared.db import Database
from shared.testing import bearer, client_for, member, staff, truncate_all

MALL_PERMISSIONS = [
    f"mall:{entity}:{action}"
    for entity, actions in {
        "brand": ("list", "create", "update", "delete", "export"),
        "goods": ("list", "create", "update", "delete", "export", "import"),
        "category": ("list", "create", "update", "delete", "export"),
        "order": ("list", "update", "export", "import"),
    }.items()
    for action in actions
]


@pytest.fixture
def mall_settings(tmp_path: Any) -> MallSettings:
    return MallSettings(image_dir=tmp_path / "images")


@pytest.fixture(autouse=True)
async def clean_mall(mall_settings: MallSettings) -> None:
    await truncate_all(mall_settings.database_url)


@pytest.fixture
def admin() -> dict[str, str]:
    return bearer(staff(*MALL_PERMISSIONS, name="商城管理员"), "mall")


def member_headers(member_id: int, name: str = "会员", phone: str = "13800000000") -> dict[str, str]:
    return bearer(member(member_id, name=name, phone=phone), "mall")


async def add_address(http: httpx.AsyncClient, member_id: int) -> int:
    response = await http.post("/app/mall/addresses", headers=member_headers(member_id), json={
        "name": "张三", "phone": "13912345678", "province": "江西省", "city": "南昌市", "district": "红谷滩区",
        "detail": "丰和中大道 100 号"})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def buy(http: httpx.AsyncClient, member_id: int, address_id: int, card: str, sku_id: int,
              quantity: int = 1, **extra: Any) -> httpx.Response:
    return await http.post("/app/mall/orders", headers=member_headers(member_id), json={
        "address_id": address_id, "items": [{"sku_id": sku_id, "quantity": quantity}], "card_no": card, **extra})


async def sku_stock(db: Database, sku_id: int) -> tuple[int, int]:
    async with db.sessions() as session:
        row = (await session.execute(text("SELECT stock, reserved FROM skus WHERE id = :id"), {"id": sku_id})).one()
    return int(row.stock), int(row.reserved)


async def outbox_count(db: Database, routing_key: str) -> int:
    async with db.sessions() as session:
        return int(await session.scalar(text("SELECT count(*) FROM outbox WHERE routing_key = :k"),
                                        {"k": routing_key}) or 0)


@pytest.fixture
async def mall_db(mall_settings: MallSettings) -> AsyncIterator[Database]:
    db = Database(mall_settings.database_url, pool_size=4)
    yield db
    await db.dispose()


@pytest.fixture
def as_member() -> Callable[..., dict[str, str]]:
    return member_headers


@pytest.fixture
async def client(mall_settings: MallSettings) -> AsyncIterator[httpx.AsyncClient]:
    """The mall app alone (catalogue: no payment involved)."""
    async with client_for(create_app(mall_settings)) as http:
        yield http


# ---------------------------------------------------------------- with the real cards ledger
# cards_app and make_card: services/cards/tests/payingkit.py, a plugin of the root conftest.


@pytest.fixture
async def paying_client(mall_settings: MallSettings, cards_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The mall app whose internal client reaches the cards app in-process (real ledger, real database)."""
    transport = httpx.ASGITransport(app=cards_app)
    async with client_for(create_app(mall_settings, cards_transport=transport)) as http:
        yield http


async def card_balance(cards_app: FastAPI, number: str) -> Decimal:
    from sqlalchemy import text

    async with cards_app.state.db.sessions() as session:
        return (await session.execute(text("SELECT balance FROM cards WHERE card_no = :n"), {"n": number})).scalar_one()


async def ledger_sums(cards_app: FastAPI) -> dict[str, tuple[Decimal, Decimal]]:
    """Every card's (balance, face value + its signed ledger entries): the two must agree."""
    from sqlalchemy import text

    async with cards_app.state.db.sessions() as session:
        rows = (await session.execute(text(
            "SELECT c.card_no, c.balance, c.face_value + COALESCE(SUM(e.balance_part), 0) AS expected"
            " FROM cards c LEFT JOIN ledger_entries e ON e.card_id = c.id GROUP BY c.id"))).all()
    return {r.card_no: (r.balance, r.expected) for r in rows}


# ---------------------------------------------------------------- a small catalogue through the admin API


Catalogue = Callable[[httpx.AsyncClient], Awaitable[dict[str, Any]]]


@pytest.fixture
def catalogue(admin: dict[str, str]) -> Catalogue:
    """A brand, a top category with a sub-category, and two shelved goods (one with two SKUs)."""

    async def build(http: httpx.AsyncClient) -> dict[str, Any]:
        async def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
            response = await http.post(path, json=body, headers=admin)
            assert response.status_code == 201, response.text
            return response.json()

        brand = await post("/api/mall/brands", {"name": "欧姆龙"})
        top = await post("/api/mall/categories", {"name": "健康监测"})
        sub = await post("/api/mall/categories", {"name": "血压计", "parent_id": top["id"]})
        monitor = await post("/api/mall/goods", {
            "name": "欧姆龙电子血压计", "brand_id": brand["id"], "category_id": sub["id"], "on_shelf": True,
            "skus": [
                {"specs": {"型号": "U10"}, "price": "299.00", "market_price": "399.00", "settlement_price": "220.00",
                 "stock": 50},
                {"specs": {"型号": "J760"}, "price": "459.00", "market_price": "599.00",
                 "settlement_price": "330.00", "stock": 10},
            ],
        })
        cuff = await post("/api/mall/goods", {
            "name": "血压计袖带", "brand_id": brand["id"], "category_id": sub["id"], "on_shelf": True,
            "skus": [{"price": "59.90", "market_price": "79.00", "settlement_price": "30.00", "stock": 100}],
        })
        return {"brand": brand, "top": top, "sub": sub, "monitor": monitor, "cuff": cuff,
                "sku": monitor["skus"][0], "sku2": monitor["skus"][1], "cuff_sku": cuff["skus"][0]}

    return build


class Kit:
    """The order helpers as one fixture (tests import nothing from beside them)."""

    member = staticmethod(member_headers)
    add_address = staticmethod(add_address)
    buy = staticmethod(buy)
    sku_stock = staticmethod(sku_stock)
    outbox_count = staticmethod(outbox_count)
    card_balance = staticmethod(card_balance)
    ledger_sums = staticmethod(ledger_sums)


@pytest.fixture
def kit() -> type[Kit]:
    return Kit
