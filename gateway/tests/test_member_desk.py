"""用户管理 (the member desk) through the gateway with the real services behind it: cards, crm, health, mall and
escort run in process on their own test databases (health, mall and escort pay through the real cards ledger).

Needs SUITE_TEST_PARTS to include gateway crm cards health mall escort.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook

from cards.cards.models import Card
from cards.main import create_app as create_cards
from cards.numbers import FIRST_SEQ, card_no
from cards.settings import CardsSettings
from crm.main import create_app as create_crm
from crm.settings import CrmSettings
from escort.main import create_app as create_escort
from escort.settings import EscortSettings
from gateway.main import create_app
from gateway.tests.conftest import ADMIN, Harness, prepare_database
from gateway.tests.conftest import test_settings as gateway_settings
from health.common import business_today
from health.main import create_app as create_health
from health.settings import HealthSettings
from mall.main import create_app as create_mall
from mall.settings import MallSettings
from shared.testing import bearer, client_for, running, service_bearer, staff, truncate_all, wait_for
from shared.testing import member as member_identity

PASSWORD = "secret1"


class Recording(httpx.AsyncBaseTransport):
    """Passes every request on to the service app and keeps its path: how many calls a page made."""

    def __init__(self, app: FastAPI) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await self.inner.handle_async_request(request)


class Desk(Harness):
    """The gateway harness, with the cards app at hand to bind cards to members."""

    cards: FastAPI
    cards_calls: Recording

    async def member(self, phone: str, name: str = "会员") -> tuple[int, dict[str, str]]:
        """Registers a member through the app; their id and a fresh token."""
        registered = await self.client.post("/app/auth/register",
                                            json={"phone": phone, "password": PASSWORD, "name": name})
        assert registered.status_code == 201, registered.text
        member_id = await self.scalar("SELECT id FROM members WHERE phone = :p", p=phone)
        return int(member_id), await self.member_token(phone)

    async def member_token(self, phone: str, password: str = PASSWORD) -> dict[str, str]:
        login = await self.client.post("/app/auth/login", json={"phone": phone, "password": password})
        assert login.status_code == 200, login.text
        return {"authorization": f"Bearer {login.json()['access_token']}"}

    async def bind_card(self, member_id: int, seq: int, balance: str = "1000.00") -> str:
        """An activated, charged card bound to the member, written with the cards service's own model."""
        now = datetime.now(UTC)
        async with self.cards.state.db.sessions() as session:
            session.add(Card(
                id=seq, card_no=card_no(seq), making_batch_id=1, status="activated", use_status="charged",
                face_value=Decimal(balance), balance=Decimal(balance), member_id=member_id,
                member_phone="13800000000", bound_at=now, activated_at=now, valid_from=now - timedelta(days=1),
                valid_until=now + timedelta(days=365), effective_until=now + timedelta(days=365),
            ))
            await session.commit()
        return card_no(seq)


@pytest.fixture
async def desk(redis_client: Any) -> AsyncIterator[Desk]:
    # Order placing pays through cards in process: slower than the shared harness's 1-second upstream limit.
    settings = gateway_settings(upstream_timeout=15.0)
    await prepare_database(settings)
    service_settings = {"cards": CardsSettings(), "crm": CrmSettings(), "health": HealthSettings(),
                        "mall": MallSettings(), "escort": EscortSettings()}
    for each in service_settings.values():
        await truncate_all(each.database_url)
    async with AsyncExitStack() as stack:
        cards = await stack.enter_async_context(running(create_cards(service_settings["cards"])))
        ledger = httpx.ASGITransport(app=cards)
        apps = {
            "cards": cards,
            "crm": create_crm(service_settings["crm"]),
            "health": create_health(service_settings["health"], cards_transport=ledger),
            "mall": create_mall(service_settings["mall"], cards_transport=ledger),
            "escort": create_escort(service_settings["escort"], cards_transport=ledger),
        }
        for name, app in apps.items():
            if name != "cards":
                await stack.enter_async_context(running(app))
        transports: dict[str, httpx.AsyncBaseTransport] = {
            name: httpx.ASGITransport(app=app) for name, app in apps.items() if name != "cards"}
        transports["cards"] = recording = Recording(cards)
        gateway = create_app(settings, transports=transports)
        client = await stack.enter_async_context(client_for(gateway))
        harness = Desk(client, gateway, settings, redis_client)
        harness.cards, harness.cards_calls = cards, recording
        yield harness


async def staff_with(harness: Harness, username: str, *permissions: str, scope: str = "all") -> dict[str, str]:
    """A staff member whose one role holds `permissions` with `scope`; their headers."""
    admin = await harness.headers()
    role = await harness.client.post("/api/system/roles", headers=admin, json={
        "name": f"角色{username}", "code": f"role_{username}", "scope": scope, "permissions": list(permissions)})
    assert role.status_code == 201, role.text
    user = await harness.client.post("/api/system/users", headers=admin, json={
        "username": username, "name": username, "password": "desk123", "dept_id": 5,
        "role_ids": [role.json()["id"]]})
    assert user.status_code == 201, user.text
    return await harness.headers(username, "desk123")


async def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    return response.json()


async def book_a_checkup(desk: Desk, admin: dict[str, str], member: dict[str, str], card: str) -> dict[str, Any]:
    http = desk.client
    brand = await created(await http.post("/api/health/brands", headers=admin,
                                          json={"name": "美年大健康", "brand_type": "专业机构"}))
    hospital = await created(await http.post("/api/health/hospitals", headers=admin,
                                             json={"name": "美年大健康（红谷滩）", "brand_id": brand["id"]}))
    item = await created(await http.post("/api/health/items", headers=admin, json={
        "name": "血常规", "brand_id": brand["id"], "sale_price": "100.00", "market_price": "150.00",
        "settlement_price": "60.00"}))
    package = await created(await http.post("/api/health/packages", headers=admin, json={
        "name": "基础体检套餐", "brand_id": brand["id"], "hospital_ids": [hospital["id"]],
        "items": [{"item_id": item["id"]}]}))
    day = business_today() + timedelta(days=3)
    opened = await http.put(f"/api/health/hospitals/{hospital['id']}/schedule", headers=admin,
                            json={"days": [{"day": day.isoformat(), "capacity": 5}]})
    assert opened.status_code == 200, opened.text
    return await created(await http.post("/app/health/orders", headers=member, json={
        "package_id": package["id"], "hospital_id": hospital["id"], "day": day.isoformat(), "gender": "female",
        "examinee_name": "张三", "examinee_phone": "13911112222", "card_no": card}))


async def buy_goods(desk: Desk, admin: dict[str, str], member: dict[str, str], card: str) -> dict[str, Any]:
    http = desk.client
    brand = await created(await http.post("/api/mall/brands", headers=admin, json={"name": "欧姆龙"}))
    category = await created(await http.post("/api/mall/categories", headers=admin, json={"name": "血压计"}))
    goods = await created(await http.post("/api/mall/goods", headers=admin, json={
        "name": "欧姆龙电子血压计", "brand_id": brand["id"], "category_id": category["id"], "on_shelf": True,
        "skus": [{"price": "299.00", "market_price": "399.00", "settlement_price": "220.00", "stock": 5}]}))
    address = await created(await http.post("/app/mall/addresses", headers=member, json={
        "name": "张三", "phone": "13912345678", "province": "江西省", "city": "南昌市", "district": "红谷滩区",
        "detail": "丰和中大道 100 号"}))
    return await created(await http.post("/app/mall/orders", headers=member, json={
        "address_id": address["id"], "items": [{"sku_id": goods["skus"][0]["id"], "quantity": 1}], "card_no": card}))


async def book_an_escort(desk: Desk, admin: dict[str, str], member: dict[str, str], card: str) -> dict[str, Any]:
    http = desk.client
    hospital = await created(await http.post("/api/escort/hospitals", headers=admin, json={
        "name": "江西省人民医院", "level": "三甲", "address": "爱国路152号", "departments": ["心内科"]}))
    product = await created(await http.post("/api/escort/products", headers=admin, json={
        "name": "全程陪诊", "service_type": "full", "price": "200.00", "share_mode": "rate", "share_value": "0.7",
        "duration_minutes": 240}))
    return await created(await http.post("/app/escort/orders", headers=member, json={
        "product_id": product["id"], "hospital_id": hospital["id"], "department": "心内科",
        "appointment_at": (datetime.now(UTC) + timedelta(hours=24)).isoformat(), "patient_name": "张三",
        "patient_phone": "13900001111", "patient_id_number": "360102195001011234", "card_no": card}))


async def test_detail_gathers_cards_orders_of_three_services_tickets_and_logins(desk: Desk) -> None:
    member_id, member = await desk.member("13900000011", "王会员")
    other_id, other = await desk.member("13900000012", "李会员")
    card = await desk.bind_card(member_id, FIRST_SEQ + 1, "1000.00")
    await desk.bind_card(member_id, FIRST_SEQ + 2, "50.00")
    await desk.bind_card(other_id, FIRST_SEQ + 3, "10.00")
    admin = await desk.headers()

    checkup = await book_a_checkup(desk, admin, member, card)
    goods = await buy_goods(desk, admin, member, card)
    escort = await book_an_escort(desk, admin, member, card)
    await created(await desk.client.post("/app/crm/tickets", headers=member, json={
        "category": "咨询", "title": "体检报告什么时候出", "content": "请问几天出报告"}))
    await created(await desk.client.post("/app/crm/tickets", headers=other, json={
        "category": "投诉", "title": "别人的工单"}))

    detail = await desk.client.get(f"/api/system/members/{member_id}", headers=admin)
    assert detail.status_code == 200, detail.text
    body = detail.json()
    assert body["member"]["phone"] == "13900000011" and body["member"]["login_count"] == 1
    assert body["cards"]["available"] and body["cards"]["total"] == 2
    spent = Decimal(checkup["sale_amount"]) + Decimal(goods["sale_amount"]) + Decimal(escort["sale_amount"])
    assert sum(Decimal(c["balance"]) for c in body["cards"]["data_list"]) == Decimal("1050.00") - spent
    orders = body["orders"]
    assert orders["available"] and orders["unavailable"] == [] and orders["total"] == 3
    assert {(o["service"], o["order_no"]) for o in orders["data_list"]} == {
        ("health", checkup["order_no"]), ("mall", goods["order_no"]), ("escort", escort["order_no"])}
    by_service = {o["service"]: o for o in orders["data_list"]}
    assert by_service["health"]["title"] == "基础体检套餐" and by_service["health"]["status_label"] == "已预约"
    assert by_service["mall"]["title"] == "欧姆龙电子血压计" and by_service["mall"]["amount"] == "299.00"
    assert by_service["escort"]["title"] == "全程陪诊" and by_service["escort"]["amount"] == "200.00"
    assert [t["title"] for t in body["tickets"]["data_list"]] == ["体检报告什么时候出"]
    assert body["logins"]["total"] == 1 and body["logins"]["data_list"][0]["success"] is True

    # The list: one row per member with their cards' count and balance, from one cards call for the page.
    desk.cards_calls.paths.clear()
    listed = await desk.client.get("/api/system/members", headers=admin, params={"sort": "id"})
    assert listed.status_code == 200, listed.text
    assert desk.cards_calls.paths == ["/internal/cards/members/summary"]
    rows = {row["id"]: row for row in listed.json()["data_list"]}
    assert rows[member_id]["card_count"] == 2
    assert Decimal(rows[member_id]["card_balance"]) == Decimal("1050.00") - spent
    assert (rows[other_id]["card_count"], rows[other_id]["card_balance"]) == (1, "10.00")
    # By card number: the holder only; a card nobody holds finds nobody.
    held = await desk.client.get("/api/system/members", headers=admin, params={"card_no": card_no(FIRST_SEQ + 3)})
    assert [row["id"] for row in held.json()["data_list"]] == [other_id]
    nobody = await desk.client.get("/api/system/members", headers=admin, params={"card_no": card_no(FIRST_SEQ + 9)})
    assert nobody.json()["total"] == 0

    exported = await desk.client.get("/api/system/members/export", headers=admin, params={"phone": "0000001"})
    assert exported.status_code == 200, exported.text
    sheet = load_workbook(io.BytesIO(exported.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][:3] == ("ID", "手机号", "姓名") and len(lines) == 3
    assert {line[1] for line in lines[1:]} == {"13900000011", "13900000012"}
    assert {line[7] for line in lines[1:]} == {2, 1}


async def test_a_service_down_leaves_its_section_unavailable(harness: Harness) -> None:
    """The shared harness: mall is real, health answers no member route, cards, crm and escort are down."""
    await harness.client.post("/app/auth/register", json={"phone": "13900000021", "password": PASSWORD, "name": "赵"})
    admin = await harness.headers()
    member_id = await harness.scalar("SELECT id FROM members WHERE phone = '13900000021'")
    detail = await harness.client.get(f"/api/system/members/{member_id}", headers=admin)
    assert detail.status_code == 200, detail.text
    body = detail.json()
    assert body["member"]["id"] == member_id
    assert body["cards"] == {"available": False, "total": 0, "data_list": []}
    assert body["tickets"]["available"] is False
    assert body["orders"]["available"] is False and body["orders"]["unavailable"] == ["health", "escort"]
    assert body["logins"]["available"] is True and body["logins"]["total"] == 0  # registering is not a login
    listed = (await harness.client.get("/api/system/members", headers=admin)).json()
    assert listed["data_list"][0]["card_count"] is None and listed["data_list"][0]["card_balance"] is None
    # Filtering by card number cannot be done without cards: said so, not answered empty.
    by_card = await harness.client.get("/api/system/members", headers=admin, params={"card_no": "1000000018"})
    assert by_card.status_code == 503 and by_card.json()["code"] == "upstream_unavailable"


async def operation_paths(harness: Harness, member_id: int) -> list[str]:
    rows = await harness.scalar(
        "SELECT string_agg(path || ' ' || status_code, ',' ORDER BY id) FROM operation_logs WHERE target_id = :t",
        t=str(member_id))
    return (rows or "").split(",")


async def test_disabling_refuses_the_next_request_at_once_and_enabling_lets_the_member_back(harness: Harness) -> None:
    await harness.client.post("/app/auth/register", json={"phone": "13900000031", "password": PASSWORD, "name": "钱"})
    member_id = int(await harness.scalar("SELECT id FROM members WHERE phone = '13900000031'"))
    login = await harness.client.post("/app/auth/login", json={"phone": "13900000031", "password": PASSWORD})
    member = {"authorization": f"Bearer {login.json()['access_token']}"}
    assert (await harness.client.get("/app/mall/echo", headers=member)).status_code == 200
    admin = await harness.headers()

    # Twice at once: both answer the disabled member, and the token (still within its 15 minutes) is dead.
    first, second = await asyncio.gather(
        harness.client.post(f"/api/system/members/{member_id}/disable", headers=admin),
        harness.client.post(f"/api/system/members/{member_id}/disable", headers=admin))
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["active"] is False and first.json()["status"] == "停用"
    assert (await harness.client.get("/app/mall/echo", headers=member)).status_code == 401
    assert (await harness.client.get("/app/auth/me", headers=member)).status_code == 401
    refused = await harness.client.post("/app/auth/login", json={"phone": "13900000031", "password": PASSWORD})
    assert refused.status_code == 403 and refused.json()["code"] == "account_disabled"

    enabled = await harness.client.post(f"/api/system/members/{member_id}/enable", headers=admin)
    assert enabled.status_code == 200 and enabled.json()["active"] is True
    assert (await harness.client.get("/app/mall/echo", headers=member)).status_code == 401  # revoked stays revoked
    again = await harness.client.post("/app/auth/login", json={"phone": "13900000031", "password": PASSWORD})
    assert again.status_code == 200
    fresh = {"authorization": f"Bearer {again.json()['access_token']}"}
    assert (await harness.client.get("/app/mall/echo", headers=fresh)).status_code == 200
    assert (await harness.client.post("/api/system/members/999999/disable", headers=admin)).status_code == 404

    async def logged() -> list[str] | None:
        paths = await operation_paths(harness, member_id)
        return paths if len(paths) == 3 else None

    assert sorted(await wait_for(logged)) == sorted([
        f"/api/system/members/{member_id}/disable 200", f"/api/system/members/{member_id}/disable 200",
        f"/api/system/members/{member_id}/enable 200"])


async def test_reset_password_ends_sessions_and_the_member_must_change_it(harness: Harness) -> None:
    await harness.client.post("/app/auth/register", json={"phone": "13900000041", "password": PASSWORD, "name": "孙"})
    member_id = int(await harness.scalar("SELECT id FROM members WHERE phone = '13900000041'"))
    login = await harness.client.post("/app/auth/login", json={"phone": "13900000041", "password": PASSWORD})
    member = {"authorization": f"Bearer {login.json()['access_token']}"}
    admin = await harness.headers()

    short = await harness.client.post(f"/api/system/members/{member_id}/reset-password", headers=admin,
                                      json={"password": "123"})
    assert short.status_code == 422
    extra = await harness.client.post(f"/api/system/members/{member_id}/reset-password", headers=admin,
                                      json={"password": "temp123", "force": True})
    assert extra.status_code == 422
    assert (await harness.client.get("/app/auth/me", headers=member)).status_code == 200  # nothing changed

    reset = await harness.client.post(f"/api/system/members/{member_id}/reset-password", headers=admin,
                                      json={"password": "temp123"})
    assert reset.status_code == 204
    assert (await harness.client.get("/app/auth/me", headers=member)).status_code == 401
    old = await harness.client.post("/app/auth/login", json={"phone": "13900000041", "password": PASSWORD})
    assert old.status_code == 401
    temp = await harness.client.post("/app/auth/login", json={"phone": "13900000041", "password": "temp123"})
    assert temp.status_code == 200
    member = {"authorization": f"Bearer {temp.json()['access_token']}"}
    assert (await harness.client.get("/app/auth/me", headers=member)).json()["must_change_password"] is True

    wrong = await harness.client.put("/app/auth/password", headers=member,
                                     json={"old_password": "nope", "new_password": "mine1234"})
    assert wrong.status_code == 422 and wrong.json()["code"] == "wrong_password"
    same = await harness.client.put("/app/auth/password", headers=member,
                                    json={"old_password": "temp123", "new_password": "temp123"})
    assert same.status_code == 422 and same.json()["code"] == "same_password"
    changed = await harness.client.put("/app/auth/password", headers=member,
                                       json={"old_password": "temp123", "new_password": "mine1234"})
    assert changed.status_code == 204
    me = (await harness.client.get("/app/auth/me", headers=member)).json()
    assert me["must_change_password"] is False

    async def logged() -> list[str] | None:
        paths = await operation_paths(harness, member_id)
        return paths if any(" 204" in p for p in paths) else None

    assert f"/api/system/members/{member_id}/reset-password 204" in await wait_for(logged)


async def test_concurrent_logins_each_count_once(harness: Harness) -> None:
    await harness.client.post("/app/auth/register", json={"phone": "13900000051", "password": PASSWORD, "name": "周"})
    answers = await asyncio.gather(*(
        harness.client.post("/app/auth/login", json={"phone": "13900000051", "password": PASSWORD})
        for _ in range(5)))
    assert [a.status_code for a in answers] == [200] * 5
    assert await harness.scalar("SELECT login_count FROM members WHERE phone = '13900000051'") == 5
    assert await harness.scalar(
        "SELECT count(*) FROM login_logs WHERE kind = 'member' AND success AND username = '13900000051'") == 5


async def test_masking_scope_permissions_and_bad_input(harness: Harness) -> None:
    await harness.client.post("/app/auth/register", json={"phone": "13900000061", "password": PASSWORD, "name": "吴"})
    member_id = int(await harness.scalar("SELECT id FROM members WHERE phone = '13900000061'"))
    # Members belong to no department: a role of the narrowest scope still sees every member, masked.
    viewer = await staff_with(harness, "viewer", "system:member:list", scope="self")
    helper = await staff_with(harness, "helper", "system:member:list", "system:member:update",
                                   "system:member:export")
    listed = await harness.client.get("/api/system/members", headers=viewer)
    assert listed.status_code == 200 and listed.json()["data_list"][0]["phone"] == "139****0061"
    detail = await harness.client.get(f"/api/system/members/{member_id}", headers=viewer)
    assert detail.json()["member"]["phone"] == "139****0061"
    assert (await harness.client.get("/api/system/members", headers=helper)).json()["data_list"][0]["phone"] \
        == "13900000061"
    exported = await harness.client.get("/api/system/members/export", headers=helper)
    assert exported.status_code == 200
    assert list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))[1][1] == "13900000061"

    for method, path, body in (
        ("post", f"/api/system/members/{member_id}/disable", None),
        ("post", f"/api/system/members/{member_id}/enable", None),
        ("post", f"/api/system/members/{member_id}/reset-password", {"password": "temp123"}),
        ("get", "/api/system/members/export", None),
    ):
        refused = await harness.client.request(method, path, headers=viewer, json=body)
        assert refused.status_code == 403, path
    assert (await harness.client.post(f"/api/system/members/{member_id}/reset-password", headers=helper,
                                      json={"password": "temp123"})).status_code == 403
    assert (await harness.client.get("/api/system/members")).status_code == 401
    assert await harness.scalar("SELECT active FROM members WHERE id = :i", i=member_id) is True

    admin = await harness.headers(*ADMIN)
    for params in ({"card_no": "12345"}, {"card_no": "abcdefghij"}, {"phone": "139-0000"},
                   {"phone": "١٣٩"}, {"card_no": "١٠٠٠٠٠٠٠١٨"},  # digits, but not the ASCII ones the schema names
                   {"date_from": "2026-05-02", "date_to": "2026-05-01"}, {"date_from": "yesterday"},
                   {"active": "maybe"}, {"page_size": "1000"}, {"unknown": "1"}, {"sort": "password_hash"}):
        bad = await harness.client.get("/api/system/members", headers=admin, params=params)
        assert bad.status_code in (400, 422), (params, bad.status_code, bad.text)
    assert (await harness.client.get("/api/system/members/0", headers=admin)).status_code == 422
    assert (await harness.client.get("/api/system/members/999999", headers=admin)).status_code == 404
    by_phone = await harness.client.get("/api/system/members", headers=admin, params={"phone": "0061"})
    assert [row["id"] for row in by_phone.json()["data_list"]] == [member_id]


async def test_the_internal_desk_routes_answer_services_only_and_refuse_bad_input(desk: Desk) -> None:
    member_id, _ = await desk.member("13900000071")
    held = await desk.bind_card(member_id, FIRST_SEQ + 5, "80.00")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=desk.cards), base_url="http://cards") as cards:
        service = service_bearer("gateway", "cards")
        holder = await cards.get("/internal/cards/members/holder", params={"card_no": held}, headers=service)
        assert holder.json() == {"member_id": member_id}
        typo = held[:-1] + str((int(held[-1]) + 1) % 10)  # a wrong check digit is no card at all
        assert (await cards.get("/internal/cards/members/holder", params={"card_no": typo},
                                headers=service)).json() == {"member_id": None}
        summary = await cards.get("/internal/cards/members/summary", headers=service,
                                  params=[("member_id", member_id), ("member_id", member_id), ("member_id", 999)])
        assert sorted(summary.json()["data_list"], key=lambda s: s["member_id"] != member_id) == [
            {"member_id": member_id, "card_count": 1, "balance": "80.00"},  # asked twice, answered once
            {"member_id": 999, "card_count": 0, "balance": "0.00"}]
        for params in ([], [("member_id", 0)], [("member_id", "x")], [("member_id", n) for n in range(1, 502)]):
            refused = await cards.get("/internal/cards/members/summary", headers=service, params=params)
            assert refused.status_code == 422, params
        # Not for staff or members, whatever they hold, and not without a token.
        as_staff = bearer(staff("system:member:list", superuser=True), "cards")
        assert (await cards.get(f"/internal/cards/members/{member_id}/cards", headers=as_staff)).status_code == 403
        as_member = bearer(member_identity(member_id), "cards")
        assert (await cards.get(f"/internal/cards/members/{member_id}/cards", headers=as_member)).status_code == 403
        assert (await cards.get(f"/internal/cards/members/{member_id}/cards")).status_code == 401
