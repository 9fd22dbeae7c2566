"""Brands, items (price rules, diseases, import/export), categories, diseases; access rules of the admin API."""

from __future__ import annotations

import io

import httpx
from openpyxl import load_workbook
from sqlalchemy import func, select

from health.catalogue.models import Brand, Item, item_diseases
from shared.db import Database
from shared.testing import bearer, member, partner, staff


async def count(settings, model) -> int:  # type: ignore[no-untyped-def]
    db = Database(settings.database_url, pool_size=1)
    try:
        async with db.sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        await db.dispose()


async def make_brand(client: httpx.AsyncClient, admin: dict[str, str], name: str = "华瑞健康体检中心") -> dict:
    response = await client.post("/api/health/brands", json={"name": name, "brand_type": "专业机构"}, headers=admin)
    assert response.status_code == 201, response.text
    return response.json()


async def test_brand_lifecycle_with_store_count_and_versions(client, admin) -> None:
    brand = await make_brand(client, admin)
    assert brand["store_count"] == 0 and brand["status"] == "online" and brand["prepayment"] == "0.00"
    assert brand["created_by"] == {"id": 1, "name": "体检管理员"}
    for name in ("华瑞一店", "华瑞二店"):
        r = await client.post("/api/health/hospitals", json={"name": name, "brand_id": brand["id"]}, headers=admin)
        assert r.status_code == 201
    listing = (await client.get("/api/health/brands", headers=admin)).json()
    assert listing["total"] == 1 and listing["data_list"][0]["store_count"] == 2
    assert {"label": "公立三甲", "value": "公立三甲"} in listing["brand_type_list"]
    assert {"label": "下线", "value": "offline"} in listing["status_list"]

    offline = await client.post(f"/api/health/brands/{brand['id']}/status", json={"status": "offline", "version": 1},
                                headers=admin)
    assert offline.status_code == 200 and offline.json()["status_label"] == "下线"
    stale = await client.patch(f"/api/health/brands/{brand['id']}", json={"prepayment": "100.00", "version": 1},
                               headers=admin)
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    fresh = await client.patch(f"/api/health/brands/{brand['id']}", json={"prepayment": "100.00", "version": 2},
                               headers=admin)
    assert fresh.status_code == 200 and fresh.json()["prepayment"] == "100.00"
    # A brand with hospitals cannot be deleted out from under them.
    assert (await client.delete(f"/api/health/brands/{brand['id']}", headers=admin)).status_code == 409


async def test_brand_bad_input_writes_nothing(client, admin, health_settings) -> None:
    cases = [
        {"brand_type": "专业机构"},  # name missing
        {"name": "x", "brand_type": "三甲医院"},  # unknown type
        {"name": "x", "brand_type": "专业机构", "prepayment": "-1.00"},
        {"name": "x", "brand_type": "专业机构", "prepayment": "1.001"},
        {"name": "x", "brand_type": "专业机构", "status": "deleted"},
        {"name": "x", "brand_type": "专业机构", "colour": "red"},  # unknown field
        {"name": "   ", "brand_type": "专业机构"},
    ]
    for body in cases:
        r = await client.post("/api/health/brands", json=body, headers=admin)
        assert r.status_code == 422, (body, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    await make_brand(client, admin, "同名品牌")
    same_name = {"name": "同名品牌", "brand_type": "专业机构"}
    duplicate = await client.post("/api/health/brands", json=same_name, headers=admin)
    assert duplicate.status_code == 409
    assert await count(health_settings, Brand) == 1
    null_name = await client.patch("/api/health/brands/1", json={"name": None, "version": 1}, headers=admin)
    assert null_name.status_code == 422
    no_version = await client.patch("/api/health/brands/1", json={"sort": 3}, headers=admin)
    assert no_version.status_code == 428


async def test_brand_logo_upload(client, admin) -> None:
    brand = await make_brand(client, admin)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    r = await client.post(f"/api/health/brands/{brand['id']}/logo", files={"file": ("logo.png", png, "image/png")},
                          headers=admin)
    assert r.status_code == 200 and r.json()["logo_url"] == f"/api/health/brands/{brand['id']}/logo"
    image = await client.get(r.json()["logo_url"], headers=admin)
    assert image.status_code == 200 and image.content == png and image.headers["content-type"] == "image/png"
    wrong = await client.post(f"/api/health/brands/{brand['id']}/logo",
                              files={"file": ("logo.txt", b"hello", "text/plain")}, headers=admin)
    assert wrong.status_code == 415


async def test_item_price_rules_and_bad_input_write_nothing(client, admin, health_settings) -> None:
    brand = await make_brand(client, admin)
    base = {"name": "血常规", "brand_id": brand["id"], "sale_price": "100.00", "market_price": "150.00",
            "settlement_price": "60.00"}
    bad = [
        ({"sale_price": "200.00"}, "sale_price"),  # sale above market
        ({"settlement_price": "120.00"}, "settlement_price"),  # settlement above sale
        ({"sale_price": "-1.00"}, "sale_price"),
        ({"market_price": "150.001"}, "market_price"),
        ({"settlement_price": "abc"}, "settlement_price"),
        ({"brand_id": 9999}, "brand_id"),
        ({"disease_ids": [12345]}, "disease_ids"),
        ({"sale_price": None}, "sale_price"),
        ({"extra": 1}, "extra"),
    ]
    for change, field in bad:
        r = await client.post("/api/health/items", json=base | change, headers=admin)
        assert r.status_code == 422, (change, r.text)
        assert any(e["field"] == field for e in r.json()["errors"]), r.json()
    assert await count(health_settings, Item) == 0

    item = (await client.post("/api/health/items", json=base, headers=admin)).json()
    assert (item["sale_price"], item["market_price"], item["settlement_price"]) == ("100.00", "150.00", "60.00")
    # A single-price change is checked against the stored other prices; nothing changes when refused.
    r = await client.patch(f"/api/health/items/{item['id']}", json={"settlement_price": "100.01", "version": 1},
                           headers=admin)
    assert r.status_code == 422
    r = await client.patch(f"/api/health/items/{item['id']}", json={"market_price": "99.99", "version": 1},
                           headers=admin)
    assert r.status_code == 422
    stored = (await client.get(f"/api/health/items/{item['id']}", headers=admin)).json()
    assert stored["version"] == 1 and stored["market_price"] == "150.00"
    ok = await client.patch(f"/api/health/items/{item['id']}", json={"sale_price": "150.00", "version": 1},
                            headers=admin)
    assert ok.status_code == 200 and ok.json()["sale_price"] == "150.00" and ok.json()["version"] == 2


async def test_items_with_diseases_filters_and_export(client, admin) -> None:
    brand = await make_brand(client, admin)
    group = (await client.post("/api/health/diseases", json={"name": "血糖指标"}, headers=admin)).json()
    diabetes = (await client.post("/api/health/diseases", json={"name": "糖尿病", "parent_id": group["id"]},
                                  headers=admin)).json()
    assert diabetes["parent_name"] == "血糖指标"
    # Two levels only: a disease cannot hang under another disease.
    nested = await client.post("/api/health/diseases", json={"name": "低血糖", "parent_id": diabetes["id"]},
                               headers=admin)
    assert nested.status_code == 422
    await client.post("/api/health/items", json={
        "name": "空腹血糖", "brand_id": brand["id"], "sale_price": "10.00", "market_price": "20.00",
        "settlement_price": "6.00", "disease_ids": [diabetes["id"]], "meaning": "筛查糖尿病",
    }, headers=admin)
    await client.post("/api/health/items", json={
        "name": "心电图", "brand_id": brand["id"], "sale_price": "20.00", "market_price": "35.00",
        "settlement_price": "12.00",
    }, headers=admin)
    by_disease = (await client.get(f"/api/health/items?disease_id={diabetes['id']}", headers=admin)).json()
    assert [i["name"] for i in by_disease["data_list"]] == ["空腹血糖"]
    assert by_disease["data_list"][0]["diseases"] == [{"id": diabetes["id"], "name": "糖尿病"}]
    assert {"label": "糖尿病", "value": str(diabetes["id"])} in by_disease["disease_list"]
    by_price = (await client.get("/api/health/items?sale_price_from=15&sale_price_to=30", headers=admin)).json()
    assert [i["name"] for i in by_price["data_list"]] == ["心电图"]
    reversed_range = await client.get("/api/health/items?sale_price_from=30&sale_price_to=15", headers=admin)
    assert reversed_range.status_code == 422
    bad_sort = await client.get("/api/health/items?sort=-password", headers=admin)
    assert bad_sort.status_code == 422
    export = await client.get("/api/health/items/export", headers=admin)
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "单项名称", "医院品牌") and len(rows) == 3
    assert "糖尿病" in next(r for r in rows if r[1] == "空腹血糖")


async def test_item_import_is_all_or_nothing(client, admin, health_settings) -> None:
    await make_brand(client, admin, "华瑞健康体检中心")
    await client.post("/api/health/diseases", json={"name": "糖尿病"}, headers=admin)
    header = "单项名称,医院品牌,售价,市场价,结算价,检查疾病,检查意义,排序\n"
    bad = header + "空腹血糖,华瑞健康体检中心,10.00,20.00,6.00,糖尿病,筛查糖尿病,1\n" \
                   "心电图,华瑞健康体检中心,40.00,35.00,12.00,,,2\n" \
                   "肝功能,不存在的品牌,10.00,20.00,6.00,,,3\n"
    r = await client.post("/api/health/items/import", files={"file": ("items.csv", bad.encode(), "text/csv")},
                          headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "import_failed"
    assert [row["row"] for row in r.json()["rows"]] == [3, 4]
    assert await count(health_settings, Item) == 0

    good = header + "空腹血糖,华瑞健康体检中心,10.00,20.00,6.00,糖尿病,筛查糖尿病,1\n" \
                    "心电图,华瑞健康体检中心,20.00,35.00,12.00,,,2\n"
    r = await client.post("/api/health/items/import", files={"file": ("items.csv", good.encode(), "text/csv")},
                          headers=admin)
    assert r.status_code == 200 and r.json() == {"created": 2}
    assert await count(health_settings, Item) == 2
    assert await count(health_settings, item_diseases) == 1
    again = await client.post("/api/health/items/import", files={"file": ("items.csv", good.encode(), "text/csv")},
                              headers=admin)
    assert again.status_code == 422 and await count(health_settings, Item) == 2


async def test_categories_and_diseases_crud(client, admin) -> None:
    created = await client.post("/api/health/categories", json={"name": "男士体检", "sort": 1}, headers=admin)
    assert created.status_code == 201
    category = created.json()
    assert (await client.post("/api/health/categories", json={"name": "男士体检"}, headers=admin)).status_code == 409
    renamed = await client.patch(f"/api/health/categories/{category['id']}", json={"name": "男性体检", "version": 1},
                                 headers=admin)
    assert renamed.status_code == 200 and renamed.json()["name"] == "男性体检"
    listing = (await client.get("/api/health/categories?keyword=男性", headers=admin)).json()
    assert listing["total"] == 1
    assert (await client.delete(f"/api/health/categories/{category['id']}", headers=admin)).status_code == 204
    assert (await client.get(f"/api/health/categories/{category['id']}", headers=admin)).status_code == 404

    group = (await client.post("/api/health/diseases", json={"name": "肺部疾病"}, headers=admin)).json()
    child = (await client.post("/api/health/diseases", json={"name": "肺炎", "parent_id": group["id"]},
                               headers=admin)).json()
    groups_only = (await client.get("/api/health/diseases?parent_id=0", headers=admin)).json()
    assert [d["name"] for d in groups_only["data_list"]] == ["肺部疾病"]
    assert groups_only["group_list"] == [{"label": "肺部疾病", "value": str(group["id"])}]
    # A group with diseases under it cannot be deleted (it would orphan them).
    assert (await client.delete(f"/api/health/diseases/{group['id']}", headers=admin)).status_code == 409
    assert (await client.delete(f"/api/health/diseases/{child['id']}", headers=admin)).status_code == 204


async def test_admin_api_refuses_partners_members_and_missing_permissions(client, admin) -> None:
    await make_brand(client, admin)
    no_token = await client.get("/api/health/brands")
    assert no_token.status_code == 401
    for headers in (
        bearer(partner("hospital", 1), "health"),
        bearer(member(1), "health"),
        bearer(staff("health:item:list"), "health"),
    ):
        r = await client.get("/api/health/brands", headers=headers)
        assert r.status_code == 403, r.text
        assert (await client.post("/api/health/brands", json={"name": "x", "brand_type": "专业机构"},
                                  headers=headers)).status_code == 403
    # A token addressed to another service is refused too.
    wrong_audience = bearer(staff("health:brand:list"), "cards")
    assert (await client.get("/api/health/brands", headers=wrong_audience)).status_code == 401
    read_only = bearer(staff("health:brand:list"), "health")
    assert (await client.get("/api/health/brands", headers=read_only)).status_code == 200
    assert (await client.delete("/api/health/brands/1", headers=read_only)).status_code == 403
