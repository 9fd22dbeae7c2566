"""Packages: prices that follow the items per gender, overrides, brand rules for stores and items; members' view."""

from __future__ import annotations


async def test_package_prices_follow_items_per_gender(client, admin, catalogue) -> None:
    built = await catalogue(client)
    package = built["package"]
    # 血常规 100 for both; 前列腺彩超 80 male only; 乳腺彩超 120 female only.
    assert package["price_follows_items"] is True and package["price"] == "180.00"  # the lower, men's
    assert (package["price_male"], package["price_female"]) == ("180.00", "220.00")
    assert (package["settlement_price_male"], package["settlement_price_female"]) == ("110.00", "130.00")
    assert [i["gender_label"] for i in package["items"]] == ["通用", "男性", "女性"]
    assert [h["name"] for h in package["hospitals"]] == ["美年大健康（红谷滩）", "美年大健康（青山湖）"]

    # An item's new price moves the package's derived price.
    common = built["items"][0]
    await client.patch(f"/api/health/items/{common['id']}", json={"sale_price": "110.00", "version": 1}, headers=admin)
    again = (await client.get(f"/api/health/packages/{package['id']}", headers=admin)).json()
    assert again["price_male"] == "190.00"

    # A set price wins for both genders; null puts it back to the items.
    fixed = await client.patch(f"/api/health/packages/{package['id']}", json={"price": "199.00", "version": 1},
                               headers=admin)
    assert fixed.status_code == 200
    assert (fixed.json()["price_male"], fixed.json()["price_female"]) == ("199.00", "199.00")
    back = await client.patch(f"/api/health/packages/{package['id']}", json={"price": None, "version": 2},
                              headers=admin)
    assert back.json()["price_female"] == "230.00" and back.json()["price_follows_items"] is True
    # A settlement price above what the package sells for is refused, and nothing of the request stays.
    too_high = await client.patch(f"/api/health/packages/{package['id']}",
                                  json={"settlement_price": "200.00", "version": 3}, headers=admin)
    assert too_high.status_code == 422 and too_high.json()["code"] == "invalid_prices"
    kept = (await client.get(f"/api/health/packages/{package['id']}", headers=admin)).json()
    assert kept["settlement_follows_items"] is True and kept["version"] == 3


async def test_package_rules_and_bad_input(client, admin, catalogue) -> None:
    built = await catalogue(client)
    brand, other = built["brand"], built["other_brand"]
    common = built["items"][0]
    base = {"name": "新套餐", "brand_id": brand["id"], "hospital_ids": [built["hospital_a"]["id"]],
            "items": [{"item_id": common["id"]}]}
    bad = [
        ({"hospital_ids": [built["hospital_b"]["id"]]}, "brand_mismatch"),  # another brand's store
        ({"items": [{"item_id": 99999}]}, "unknown_reference"),
        ({"items": [{"item_id": common["id"]}, {"item_id": common["id"], "gender": "male"}]}, "validation_error"),
        ({"items": [{"item_id": common["id"], "gender": "other"}]}, "validation_error"),
        ({"category_ids": [424242]}, "unknown_reference"),
        ({"settlement_price": "500.00"}, "invalid_prices"),  # settlement above the derived price
        ({"price": "10.001"}, "validation_error"),
        ({"brand_id": other["id"]}, "brand_mismatch"),  # stores and items then belong to another brand
    ]
    before = (await client.get("/api/health/packages", headers=admin)).json()["total"]
    for change, code in bad:
        r = await client.post("/api/health/packages", json=base | change, headers=admin)
        assert r.status_code == 422, (change, r.text)
        assert r.json()["code"] == code, (change, r.json())
    assert (await client.get("/api/health/packages", headers=admin)).json()["total"] == before
    category = (await client.post("/api/health/categories", json={"name": "推荐套餐"}, headers=admin)).json()
    created = await client.post("/api/health/packages", json=base | {"category_ids": [category["id"]],
                                                                     "recommended": True}, headers=admin)
    assert created.status_code == 201
    listing = (await client.get(f"/api/health/packages?category_id={category['id']}&recommended=1",
                                headers=admin)).json()
    assert [p["name"] for p in listing["data_list"]] == ["新套餐"]
    assert listing["data_list"][0]["categories"] == [{"id": category["id"], "name": "推荐套餐"}]
    assert {"label": "推荐", "value": "1"} in listing["recommended_list"]
    by_store = (await client.get(f"/api/health/packages?hospital_id={built['hospital_a2']['id']}",
                                 headers=admin)).json()
    assert [p["name"] for p in by_store["data_list"]] == ["基础体检套餐"]
    # Moving a package to another brand without new stores and items is refused (they would not match).
    moved = await client.patch(f"/api/health/packages/{created.json()['id']}",
                               json={"brand_id": other["id"], "version": 1}, headers=admin)
    assert moved.status_code == 422


async def test_member_sees_only_bookable_packages_without_settlement(client, admin, as_member, catalogue) -> None:
    built = await catalogue(client)
    member = as_member(7)
    listing = (await client.get("/app/health/packages", headers=member)).json()
    assert {p["name"] for p in listing["data_list"]} == {"基础体检套餐", "省医基础套餐"}
    assert all("settlement_price_male" not in p for p in listing["data_list"])
    detail = (await client.get(f"/app/health/packages/{built['package']['id']}", headers=member)).json()
    assert "settlement_price" not in detail["items"][0] and detail["price_female"] == "220.00"
    await client.patch(f"/api/health/packages/{built['package']['id']}", json={"status": "offline", "version": 1},
                       headers=admin)
    assert (await client.get(f"/app/health/packages/{built['package']['id']}", headers=member)).status_code == 404
    await client.post(f"/api/health/brands/{built['other_brand']['id']}/status", json={"status": "offline",
                                                                                       "version": 1}, headers=admin)
    assert (await client.get("/app/health/packages", headers=member)).json()["total"] == 0
    # Staff tokens do not open the member API.
    assert (await client.get("/app/health/packages", headers=admin)).status_code == 403
