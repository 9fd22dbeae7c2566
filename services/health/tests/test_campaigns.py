"""Campaigns (活动管理 / 爱尔活动管理): admin CRUD and lists, member sign-ups under a quota, the hospital's check."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from health.campaigns.models import Campaign, CampaignSignUp
from shared.db import Database
from shared.testing import bearer, staff

CAMPAIGN_PERMISSIONS = [
    *(f"health:campaign:{action}" for action in ("list", "create", "update", "delete", "export")),
    "health:aier_campaign:list", "health:aier_campaign:export",
    "health:brand:create", "health:hospital:create",
]


@pytest.fixture
def operator() -> dict[str, str]:
    return bearer(staff(*CAMPAIGN_PERMISSIONS, name="运营"), "health")


async def post(http: httpx.AsyncClient, headers: dict[str, str], path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
async def stores(client: httpx.AsyncClient, operator: dict[str, str]) -> dict[str, Any]:
    """爱尔眼科 with two stores and another brand with one."""
    aier = await post(client, operator, "/api/health/brands", {"name": "爱尔眼科", "brand_type": "专业机构"})
    other = await post(client, operator, "/api/health/brands", {"name": "美年大健康", "brand_type": "专业机构"})
    a1 = await post(client, operator, "/api/health/hospitals", {"name": "爱尔眼科（八一馆）", "brand_id": aier["id"]})
    a2 = await post(client, operator, "/api/health/hospitals", {"name": "爱尔眼科（红谷滩）", "brand_id": aier["id"]})
    b1 = await post(client, operator, "/api/health/hospitals", {"name": "美年（青山湖）", "brand_id": other["id"]})
    return {"aier": aier, "other": other, "a1": a1, "a2": a2, "b1": b1}


def campaign_body(stores: dict[str, Any], **extra: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "title": "爱眼日免费筛查", "brand_id": stores["aier"]["id"],
        "hospital_ids": [stores["a1"]["id"], stores["a2"]["id"]],
        "starts_at": (now - timedelta(days=1)).isoformat(), "ends_at": (now + timedelta(days=7)).isoformat(),
        "quota": 30,
    } | extra


async def counts(settings: Any) -> tuple[int, int, int]:
    """(campaigns, sign-ups, sum of taken) straight from the health database."""
    db = Database(settings.database_url, pool_size=1)
    try:
        async with db.sessions() as session:
            campaigns = await session.scalar(select(func.count()).select_from(Campaign))
            sign_ups = await session.scalar(select(func.count()).select_from(CampaignSignUp))
            taken = await session.scalar(select(func.coalesce(func.sum(Campaign.taken), 0)))
            return int(campaigns or 0), int(sign_ups or 0), int(taken or 0)
    finally:
        await db.dispose()


async def test_hundred_concurrent_sign_ups_for_quota_thirty_take_exactly_thirty(
    client, operator, stores, as_member, health_settings
) -> None:
    campaign = await post(client, operator, "/api/health/campaigns", campaign_body(stores))
    hospital_id = stores["a1"]["id"]

    async def attempt(i: int) -> httpx.Response:
        return await client.post(f"/app/health/campaigns/{campaign['id']}/sign-ups", json={"hospital_id": hospital_id},
                                 headers=as_member(1000 + i, phone=f"1380000{i:04d}"))

    results = await asyncio.gather(*(attempt(i) for i in range(100)))
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] * 30 + [409] * 70, [r.text for r in results if r.status_code not in (201, 409)]
    assert {r.json()["code"] for r in results if r.status_code == 409} == {"quota_full"}
    assert await counts(health_settings) == (1, 30, 30)
    detail = (await client.get(f"/api/health/campaigns/{campaign['id']}", headers=operator)).json()
    assert (detail["taken"], detail["remaining"]) == (30, 0)
    # A full campaign is still listed for members, with nothing left.
    live = (await client.get("/app/health/campaigns", headers=as_member(1))).json()
    assert [(c["id"], c["remaining"]) for c in live["data_list"]] == [(campaign["id"], 0)]


async def test_a_member_signs_up_once_even_when_sending_twice_at_once(
    client, operator, stores, as_member, health_settings
) -> None:
    campaign = await post(client, operator, "/api/health/campaigns", campaign_body(stores, quota=5))
    path = f"/app/health/campaigns/{campaign['id']}/sign-ups"
    body = {"hospital_id": stores["a2"]["id"]}
    results = await asyncio.gather(*(client.post(path, json=body, headers=as_member(7)) for _ in range(5)))
    assert sorted(r.status_code for r in results) == [201, 409, 409, 409, 409]
    assert {r.json()["code"] for r in results if r.status_code == 409} == {"already_signed_up"}
    again = await client.post(path, json=body, headers=as_member(7))
    assert again.status_code == 409 and again.json()["code"] == "already_signed_up"
    # A refused duplicate gives its place back: one sign-up, one place taken.
    assert await counts(health_settings) == (1, 1, 1)


async def test_sign_up_outside_the_period_or_offline_is_refused(
    client, operator, stores, as_member, health_settings
) -> None:
    now = datetime.now(UTC)
    future = await post(client, operator, "/api/health/campaigns", campaign_body(
        stores, starts_at=(now + timedelta(days=2)).isoformat(), ends_at=(now + timedelta(days=3)).isoformat()))
    past = await post(client, operator, "/api/health/campaigns", campaign_body(
        stores, starts_at=(now - timedelta(days=3)).isoformat(), ends_at=(now - timedelta(days=2)).isoformat()))
    offline = await post(client, operator, "/api/health/campaigns", campaign_body(stores, status="offline"))
    body = {"hospital_id": stores["a1"]["id"]}
    for campaign in (future, past):
        r = await client.post(f"/app/health/campaigns/{campaign['id']}/sign-ups", json=body, headers=as_member(3))
        assert r.status_code == 409 and r.json()["code"] == "outside_period", r.text
    r = await client.post(f"/app/health/campaigns/{offline['id']}/sign-ups", json=body, headers=as_member(3))
    assert r.status_code == 404
    live = (await client.get("/app/health/campaigns", headers=as_member(3))).json()
    assert live["total"] == 0
    assert await counts(health_settings) == (3, 0, 0)


async def test_partner_checks_only_its_own_hospitals_sign_ups(
    client, operator, stores, as_member, as_partner
) -> None:
    campaign = await post(client, operator, "/api/health/campaigns", campaign_body(stores))
    sign_up = (await client.post(f"/app/health/campaigns/{campaign['id']}/sign-ups",
                                 json={"hospital_id": stores["a1"]["id"]}, headers=as_member(9, name="李四"))).json()
    assert sign_up["status"] == "signed_up" and sign_up["member_name"] == "李四"
    path = f"/partner/health/campaign-sign-ups/{sign_up['id']}/check"
    for elsewhere in (stores["a2"]["id"], stores["b1"]["id"]):
        assert (await client.post(path, headers=as_partner(elsewhere))).status_code == 404
    assert (await client.post("/partner/health/campaign-sign-ups/999999/check",
                              headers=as_partner(stores["a1"]["id"]))).status_code == 404
    listed = (await client.get("/api/health/campaign-sign-ups?status=checked", headers=operator)).json()
    assert listed["total"] == 0
    checked = await client.post(path, headers=as_partner(stores["a1"]["id"]))
    assert checked.status_code == 200 and checked.json()["status"] == "checked", checked.text
    first_checked_at = checked.json()["checked_at"]
    again = await client.post(path, headers=as_partner(stores["a1"]["id"]))
    assert again.status_code == 200 and again.json()["checked_at"] == first_checked_at
    # A member or staff cannot use the partner door; a partner key cannot use the admin one.
    assert (await client.post(path, headers=as_member(9))).status_code == 403
    partner_on_admin = await client.get("/api/health/campaign-sign-ups", headers=as_partner(stores["a1"]["id"]))
    assert partner_on_admin.status_code == 403


@pytest.mark.parametrize("change", [
    {"quota": 0},
    {"quota": True},
    {"quota": 2**31},
    {"title": ""},
    {"title": "a\x00b"},
    {"brand_id": 0},
    {"brand_id": 2**63},
    {"hospital_ids": []},
    {"status": "paused"},
    {"audience": "customers"},  # without customer ids
    {"audience": "vip", "customer_ids": [1]},
    {"starts_at": "2026-12-01T00:00:00"},  # no time zone
    {"ends_at": "2020-01-01T00:00:00+08:00"},  # before the start
    {"unknown_field": 1},
])
async def test_bad_campaign_input_is_422_and_writes_nothing(
    client, operator, stores, health_settings, change
) -> None:
    r = await client.post("/api/health/campaigns", json=campaign_body(stores) | change, headers=operator)
    assert r.status_code == 422, r.text
    assert await counts(health_settings) == (0, 0, 0)


async def test_stores_must_belong_to_the_brand_and_bad_sign_ups_write_nothing(
    client, operator, stores, as_member, health_settings
) -> None:
    r = await client.post("/api/health/campaigns", headers=operator,
                          json=campaign_body(stores, hospital_ids=[stores["b1"]["id"]]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "hospital_ids"
    r = await client.post("/api/health/campaigns", headers=operator, json=campaign_body(stores, brand_id=999999))
    assert r.status_code == 422
    campaign = await post(client, operator, "/api/health/campaigns", campaign_body(stores, quota=3))
    path = f"/app/health/campaigns/{campaign['id']}/sign-ups"
    for body in ({}, {"hospital_id": "x"}, {"hospital_id": 0}, {"hospital_id": stores["b1"]["id"]},
                 {"hospital_id": stores["a1"]["id"], "extra": 1}):
        r = await client.post(path, json=body, headers=as_member(5))
        assert r.status_code == 422, (body, r.text)
    assert (await client.post("/app/health/campaigns/999999/sign-ups", json={"hospital_id": stores["a1"]["id"]},
                              headers=as_member(5))).status_code == 404
    assert await counts(health_settings) == (1, 0, 0)
    # A quota under the places taken is refused; the campaign stays as it was.
    await client.post(path, json={"hospital_id": stores["a1"]["id"]}, headers=as_member(5))
    await client.post(path, json={"hospital_id": stores["a1"]["id"]}, headers=as_member(6))
    r = await client.patch(f"/api/health/campaigns/{campaign['id']}", json={"quota": 1, "version": 1},
                           headers=operator)
    assert r.status_code == 422, r.text
    assert (await client.get(f"/api/health/campaigns/{campaign['id']}", headers=operator)).json()["quota"] == 3


async def test_admin_crud_lists_aier_view_and_exports(client, operator, stores, as_member) -> None:
    aier = await post(client, operator, "/api/health/campaigns", campaign_body(stores))
    other = await post(client, operator, "/api/health/campaigns", campaign_body(
        stores, title="美年体检节", brand_id=stores["other"]["id"], hospital_ids=[stores["b1"]["id"]],
        audience="customers", customer_ids=[11, 12, 11]))
    assert other["customer_ids"] == [11, 12] and other["audience_label"] == "指定客户或卡种的持卡人"
    assert [h["name"] for h in aier["hospitals"]] == ["爱尔眼科（八一馆）", "爱尔眼科（红谷滩）"]

    everything = (await client.get("/api/health/campaigns", headers=operator)).json()
    assert {c["id"] for c in everything["data_list"]} == {aier["id"], other["id"]}
    assert {o["value"] for o in everything["status_list"]} == {"online", "offline"}
    only_aier = (await client.get("/api/health/aier-campaigns", headers=operator)).json()
    assert [c["id"] for c in only_aier["data_list"]] == [aier["id"]]
    assert [o["label"] for o in only_aier["brand_list"]] == ["爱尔眼科"]
    bare = (await client.get("/api/health/campaigns?with_options=0&keyword=体检节", headers=operator)).json()
    assert [c["id"] for c in bare["data_list"]] == [other["id"]] and "status_list" not in bare
    by_store = (await client.get(f"/api/health/campaigns?hospital_id={stores['a2']['id']}", headers=operator)).json()
    assert [c["id"] for c in by_store["data_list"]] == [aier["id"]]

    patched = await client.patch(f"/api/health/campaigns/{aier['id']}", headers=operator,
                                 json={"title": "爱眼日", "status": "offline", "version": aier["version"]})
    assert patched.status_code == 200 and patched.json()["title"] == "爱眼日" and patched.json()["version"] == 2
    stale = await client.patch(f"/api/health/campaigns/{aier['id']}", headers=operator,
                               json={"title": "旧版本", "version": 1})
    assert stale.status_code == 409

    await client.patch(f"/api/health/campaigns/{aier['id']}", headers=operator, json={"status": "online", "version": 2})
    await client.post(f"/app/health/campaigns/{aier['id']}/sign-ups", json={"hospital_id": stores["a1"]["id"]},
                      headers=as_member(21, name="王五", phone="13900000021"))
    sign_ups = (await client.get(f"/api/health/campaign-sign-ups?campaign_id={aier['id']}", headers=operator)).json()
    rows = [(s["member_name"], s["hospital"]["name"]) for s in sign_ups["data_list"]]
    assert rows == [("王五", "爱尔眼科（八一馆）")]
    assert (await client.get("/api/health/campaign-sign-ups?keyword=1390000", headers=operator)).json()["total"] == 1
    for path in ("/api/health/campaigns/export", "/api/health/aier-campaigns/export",
                 "/api/health/campaign-sign-ups/export"):
        export = await client.get(path, headers=operator)
        assert export.status_code == 200 and export.content[:2] == b"PK", path

    # Signed-up campaigns stay (409); an untouched one goes.
    assert (await client.delete(f"/api/health/campaigns/{aier['id']}", headers=operator)).status_code == 409
    assert (await client.delete(f"/api/health/campaigns/{other['id']}", headers=operator)).status_code == 204
    assert (await client.get(f"/api/health/campaigns/{other['id']}", headers=operator)).status_code == 404
    # Without the grant: 403.
    viewer = bearer(staff("health:campaign:list", name="只读"), "health")
    assert (await client.get("/api/health/aier-campaigns", headers=viewer)).status_code == 403
    assert (await client.post("/api/health/campaigns", json=campaign_body(stores), headers=viewer)).status_code == 403


# ---------------------------------------------------------------- campaigns for given customers' card holders


async def held_card(cards_app: Any, make_card: Any, member_id: int, customer_id: int | None, card_kind: str = "体检卡",
                    **card: Any) -> str:
    """An activated card of `customer_id` bound to the member, written in the cards service's database."""
    from sqlalchemy import text

    number = await make_card(member_id, **card)
    async with cards_app.state.db.sessions() as session:
        await session.execute(text("UPDATE cards SET customer_id = :c, card_kind = :k WHERE card_no = :n"),
                              {"c": customer_id, "k": card_kind, "n": number})
        await session.commit()
    return number


async def test_card_holders_of_the_given_customers_or_card_kinds_join_and_others_are_refused(
    paying_client, operator, stores, as_member, health_settings, cards_app, make_card
) -> None:
    by_customer = await post(paying_client, operator, "/api/health/campaigns",
                             campaign_body(stores, audience="customers", customer_ids=[511]))
    by_kind = await post(paying_client, operator, "/api/health/campaigns",
                         campaign_body(stores, title="金卡专享", audience="customers", card_kinds=["金卡"]))
    assert (by_kind["card_kinds"], by_kind["customer_ids"]) == (["金卡"], [])
    await held_card(cards_app, make_card, 1, 511)
    await held_card(cards_app, make_card, 2, 600)
    await held_card(cards_app, make_card, 3, 511, use_status="frozen")
    await held_card(cards_app, make_card, 4, 511, valid_days=-1)  # its validity is over
    await held_card(cards_app, make_card, 5, 600, card_kind="金卡")
    body = {"hospital_id": stores["a1"]["id"]}

    async def join(campaign: dict[str, Any], member_id: int) -> httpx.Response:
        return await paying_client.post(f"/app/health/campaigns/{campaign['id']}/sign-ups", json=body,
                                        headers=as_member(member_id))

    assert (await join(by_customer, 1)).status_code == 201
    for member_id in (2, 3, 4, 5, 6):  # another customer's card, frozen, expired, another kind, no card at all
        refused = await join(by_customer, member_id)
        assert (refused.status_code, refused.json()["code"]) == (403, "not_eligible"), (member_id, refused.text)
    assert (await join(by_kind, 5)).status_code == 201
    assert (await join(by_kind, 1)).json()["code"] == "not_eligible"
    assert await counts(health_settings) == (2, 2, 2)

    # Open to anyone again: the customers and kinds are cleared, and a member without a card joins.
    opened = await paying_client.patch(f"/api/health/campaigns/{by_kind['id']}", headers=operator,
                                       json={"audience": "any", "version": by_kind["version"]})
    assert (opened.json()["audience"], opened.json()["card_kinds"]) == ("any", [])
    assert (await join(by_kind, 6)).status_code == 201


async def test_concurrent_sign_ups_of_eligible_card_holders_fill_the_quota_exactly(
    paying_client, operator, stores, as_member, health_settings, cards_app, make_card
) -> None:
    campaign = await post(paying_client, operator, "/api/health/campaigns",
                          campaign_body(stores, quota=8, audience="customers", customer_ids=[511]))
    for member_id in range(100, 124):
        await held_card(cards_app, make_card, member_id, 511)
    path = f"/app/health/campaigns/{campaign['id']}/sign-ups"
    body = {"hospital_id": stores["a2"]["id"]}
    results = await asyncio.gather(*(paying_client.post(path, json=body, headers=as_member(m))
                                     for m in [*range(100, 124), 100, 101, 130]))
    codes = [r.status_code for r in results]
    assert codes.count(201) == 8, [r.text for r in results if r.status_code not in (201, 409)]
    assert {r.json()["code"] for r in results if r.status_code == 409} <= {"quota_full", "already_signed_up"}
    assert results[-1].json()["code"] == "not_eligible"  # member 130 holds no card: refused before any place
    assert await counts(health_settings) == (1, 8, 8)


@pytest.mark.parametrize("change", [
    {"audience": "customers", "card_kinds": []},
    {"audience": "customers", "card_kinds": [""]},
    {"audience": "customers", "card_kinds": ["x" * 33]},
])
async def test_a_customer_campaign_needs_a_customer_or_a_card_kind(client, operator, stores, health_settings,
                                                                   change) -> None:
    r = await client.post("/api/health/campaigns", json=campaign_body(stores) | change, headers=operator)
    assert r.status_code == 422, r.text
    assert await counts(health_settings) == (0, 0, 0)
