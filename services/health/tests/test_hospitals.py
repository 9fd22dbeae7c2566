"""Hospitals with districts, hospital staff, and the schedule calendar (month view, bulk set)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from health.demo import load_demo
from health.hospitals.models import Schedule
from shared.db import Database


async def brand_and_hospital(client, admin) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    brand = (await client.post("/api/health/brands", json={"name": "南昌市第九医院体检中心", "brand_type": "公立医院"},
                               headers=admin)).json()
    hospital = await client.post("/api/health/hospitals", json={
        "name": "南昌市第九医院", "brand_id": brand["id"], "channel": "offline", "phone": "0791-86895555",
        "business_hours": "周一至周六 07:30-11:30", "address": "青山湖区示范路1号",
    }, headers=admin)
    assert hospital.status_code == 201, hospital.text
    return brand, hospital.json()


async def test_hospital_with_seed_district_and_filters(client, admin, health_settings) -> None:
    db = Database(health_settings.database_url, pool_size=1)
    await load_demo(db, date(2026, 12, 1))  # the seed's districts (and brands) come with the demo data
    await db.dispose()
    created = await client.post("/api/health/hospitals", json={
        "name": "测试门店", "brand_id": 499, "district_id": 4019, "channel": "both", "address": "红谷滩区赣江中大道",
    }, headers=admin)
    assert created.status_code == 201, created.text
    hospital = created.json()
    assert hospital["district"] == "红谷滩区" and hospital["region"] == "江西省 南昌市 红谷滩区"
    assert hospital["channel_label"] == "线上线下" and hospital["brand_name"] == "美年大健康体检中心"
    listing = (await client.get("/api/health/hospitals?district_id=4019&brand_id=499", headers=admin)).json()
    assert "测试门店" in [h["name"] for h in listing["data_list"]]
    assert {"label": "红谷滩区", "value": "4019"} in listing["district_list"]
    assert {"label": "线上线下", "value": "both"} in listing["channel_list"]
    assert {"label": "南昌大学附属康复医院", "value": "515"} in listing["brand_list"]
    for bad in ({"district_id": 1}, {"channel": "phone"}, {"brand_id": 1}, {"phone": "call me"}):
        r = await client.post("/api/health/hospitals", json={"name": "坏门店", "brand_id": 499} | bad, headers=admin)
        assert r.status_code == 422, (bad, r.text)
    dup = await client.post("/api/health/hospitals", json={"name": "测试门店", "brand_id": 499}, headers=admin)
    assert dup.status_code == 409


async def test_hospital_staff(client, admin) -> None:
    _, hospital = await brand_and_hospital(client, admin)
    body = {"hospital_id": hospital["id"], "name": "李护士", "phone": "13912345678", "email": "li@example.com",
            "position": "前台"}
    created = await client.post("/api/health/hospital-staff", json=body, headers=admin)
    assert created.status_code == 201 and created.json()["hospital_name"] == "南昌市第九医院"
    assert (await client.post("/api/health/hospital-staff", json=body, headers=admin)).status_code == 409
    for bad in ({"phone": "12345"}, {"email": "not-an-email"}, {"hospital_id": 999}, {"status": "gone"}):
        assert (await client.post("/api/health/hospital-staff", json=body | bad, headers=admin)).status_code == 422
    staff_id = created.json()["id"]
    disabled = await client.patch(f"/api/health/hospital-staff/{staff_id}", json={"status": "disabled", "version": 1},
                                  headers=admin)
    assert disabled.status_code == 200 and disabled.json()["status_label"] == "停用"
    # The answer of a write is read afresh: the new version and status, the audit fields kept.
    assert (disabled.json()["version"], disabled.json()["created_by"]) == (2, created.json()["created_by"])
    for path, label in (("hospitals", "医院"), ("hospital-staff", "员工")):
        missing = await client.get(f"/api/health/{path}/999999", headers=admin)
        assert missing.status_code == 404 and missing.json()["detail"] == f"{label}不存在", missing.text
    listing = (await client.get(f"/api/health/hospital-staff?hospital_id={hospital['id']}", headers=admin)).json()
    assert listing["total"] == 1 and listing["hospital_list"][0]["label"] == "南昌市第九医院"


async def test_schedule_month_view_and_bulk_set(client, admin, health_settings) -> None:
    _, hospital = await brand_and_hospital(client, admin)
    path = f"/api/health/hospitals/{hospital['id']}/schedule"
    # Weekdays of December 2026 at 30, Saturdays at 10; the 25th closed.
    r = await client.put(path, json={"day_from": "2026-12-01", "day_to": "2026-12-31", "weekdays": [1, 2, 3, 4, 5],
                                     "capacity": 30}, headers=admin)
    assert r.status_code == 200 and r.json() == {"updated_days": 23}
    r = await client.put(path, json={"day_from": "2026-12-01", "day_to": "2026-12-31", "weekdays": [6],
                                     "capacity": 10}, headers=admin)
    assert r.json() == {"updated_days": 4}
    r = await client.put(path, json={"days": [{"day": "2026-12-25", "capacity": 30, "closed": True}]}, headers=admin)
    assert r.status_code == 200
    view = (await client.get(f"{path}?month=2026-12", headers=admin)).json()
    days = {d["day"]: d for d in view["days"]}
    assert len(days) == 31 and view["hospital_name"] == "南昌市第九医院"
    assert days["2026-12-01"]["capacity"] == 30 and days["2026-12-01"]["weekday_label"] == "周二"
    assert days["2026-12-05"]["capacity"] == 10
    assert days["2026-12-06"] == days["2026-12-06"] | {"capacity": 0, "scheduled": False, "available": 0}
    assert days["2026-12-25"]["closed"] and days["2026-12-25"]["available"] == 0
    assert view["total_capacity"] == 22 * 30 + 4 * 10


async def test_schedule_refuses_capacity_below_booked_and_bad_input(client, admin, health_settings) -> None:
    _, hospital = await brand_and_hospital(client, admin)
    path = f"/api/health/hospitals/{hospital['id']}/schedule"
    day = date.today() + timedelta(days=10)
    await client.put(path, json={"days": [{"day": day.isoformat(), "capacity": 5}]}, headers=admin)
    db = Database(health_settings.database_url, pool_size=1)
    async with db.sessions() as session:
        await session.execute(Schedule.__table__.update().values(booked=3))
        await session.commit()
    other = day + timedelta(days=1)
    refused = await client.put(path, json={"days": [{"day": other.isoformat(), "capacity": 8},
                                                    {"day": day.isoformat(), "capacity": 2}]}, headers=admin)
    assert refused.status_code == 409 and refused.json()["code"] == "capacity_below_booked"
    async with db.sessions() as session:
        # Nothing of the refused request was written, not even the valid day.
        assert await session.scalar(select(func.count()).select_from(Schedule)) == 1
        assert await session.scalar(select(Schedule.capacity)) == 5
    await db.dispose()
    bad_bodies = [
        {"day_from": "2026-12-10", "day_to": "2026-12-01", "capacity": 3},
        {"day_from": "2026-12-01", "day_to": "2026-12-10"},
        {"days": [{"day": "2026-12-01", "capacity": -1}]},
        {"days": [{"day": "2026-12-01", "capacity": 1}, {"day": "2026-12-01", "capacity": 2}]},
        {"days": [{"day": "2026-13-01", "capacity": 1}]},
        {},
    ]
    for body in bad_bodies:
        r = await client.put(path, json=body, headers=admin)
        assert r.status_code == 422, (body, r.text)
    assert (await client.get(f"{path}?month=2026-13", headers=admin)).status_code == 422
    assert (await client.get(f"{path}?month=december", headers=admin)).status_code == 422
    assert (await client.get("/api/health/hospitals/999/schedule?month=2026-12", headers=admin)).status_code == 404


async def test_demo_data_is_idempotent_and_keeps_seed_ids(client, admin, as_member, health_settings) -> None:
    db = Database(health_settings.database_url, pool_size=1)
    today = date.today()
    first = await load_demo(db, today)
    second = await load_demo(db, today)
    await db.dispose()
    assert first == second
    assert first["brands"] == 22 and first["categories"] == 16 and first["districts"] == 10
    brand = (await client.get("/api/health/brands/515", headers=admin)).json()
    assert brand["name"] == "南昌大学附属康复医院" and brand["store_count"] == 1
    category = (await client.get("/api/health/categories/23", headers=admin)).json()
    assert category["name"] == "疫苗预约"
    groups = (await client.get("/api/health/diseases?parent_id=0&page_size=100", headers=admin)).json()
    assert {"肺部疾病", "血糖指标", "常见筛查"} <= {g["name"] for g in groups["data_list"]}
    # New rows get ids past the seed's.
    created = await client.post("/api/health/brands", json={"name": "新品牌", "brand_type": "民营医院"}, headers=admin)
    assert created.status_code == 201 and created.json()["id"] > 515
    # Members see the days with places left.
    hospital = (await client.get("/api/health/hospitals?brand_id=499", headers=admin)).json()["data_list"][0]
    view = await client.get(f"/app/health/hospitals/{hospital['id']}/schedule?month={today:%Y-%m}",
                            headers=as_member(1))
    assert view.status_code == 200
    todays = next(d for d in view.json()["days"] if d["day"] == today.isoformat())
    assert todays["available"] == (0 if today.isoweekday() == 7 else 20)
    assert "capacity" not in todays
