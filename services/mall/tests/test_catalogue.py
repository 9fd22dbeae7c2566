"""Brands, the two-level category tree, goods with SKUs: rules, change records, images, sanitised HTML, lists,
exports, and bad input refused with nothing changed."""

from __future__ import annotations

import io

from openpyxl import load_workbook

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def test_brand_with_goods_cannot_be_deleted_and_letters_come_from_pinyin(client, admin, catalogue) -> None:
    built = await catalogue(client)
    assert built["brand"]["first_letter"] == "O"
    refused = await client.delete(f"/api/mall/brands/{built['brand']['id']}", headers=admin)
    assert refused.status_code == 409 and refused.json()["code"] == "in_use"
    listed = (await client.get("/api/mall/brands", headers=admin)).json()
    assert listed["total"] == 1 and listed["data_list"][0]["goods_count"] == 2 and "shown_list" in listed
    bare = (await client.get("/api/mall/brands", params={"with_options": 0}, headers=admin)).json()
    assert "shown_list" not in bare
    duplicate = await client.post("/api/mall/brands", json={"name": "欧姆龙"}, headers=admin)
    assert duplicate.status_code == 409
    empty = (await client.post("/api/mall/brands", json={"name": "鱼跃"}, headers=admin)).json()
    assert empty["first_letter"] == "Y"
    assert (await client.delete(f"/api/mall/brands/{empty['id']}", headers=admin)).status_code == 204


async def test_category_tree_stays_two_levels(client, admin, catalogue) -> None:
    built = await catalogue(client)
    top, sub = built["top"], built["sub"]
    other = (await client.post("/api/mall/categories", json={"name": "营养保健"}, headers=admin)).json()
    # A third level, a category under itself, a top category with children moved under another: all refused.
    third = await client.post("/api/mall/categories", json={"name": "腕式", "parent_id": sub["id"]}, headers=admin)
    assert third.status_code == 422
    selfish = await client.put(f"/api/mall/categories/{other['id']}",
                               json={"name": "营养保健", "parent_id": other["id"], "version": 1}, headers=admin)
    assert selfish.status_code == 422
    moved_top = await client.put(f"/api/mall/categories/{top['id']}",
                                 json={"name": "健康监测", "parent_id": other["id"], "version": 1}, headers=admin)
    assert moved_top.status_code == 422
    # Moving a leaf under another top category is fine.
    moved = await client.put(f"/api/mall/categories/{sub['id']}",
                             json={"name": "血压计", "parent_id": other["id"], "version": 1}, headers=admin)
    assert moved.status_code == 200 and moved.json()["parent_name"] == "营养保健"
    tree = (await client.get("/api/mall/categories/tree", headers=admin)).json()
    shape = [(n["name"], [c["name"] for c in n["children"]]) for n in tree]
    assert shape == [("健康监测", []), ("营养保健", ["血压计"])]
    assert (await client.delete(f"/api/mall/categories/{other['id']}", headers=admin)).status_code == 409
    assert (await client.delete(f"/api/mall/categories/{sub['id']}", headers=admin)).status_code == 409  # goods
    assert (await client.delete(f"/api/mall/categories/{top['id']}", headers=admin)).status_code == 204


async def test_goods_update_records_price_and_stock_changes(client, admin, catalogue) -> None:
    built = await catalogue(client)
    goods = built["monitor"]
    skus = [{k: s[k] for k in ("id", "specs", "price", "market_price", "settlement_price", "stock")}
            for s in goods["skus"]]
    skus[0] |= {"price": "279.00", "stock": 60}
    skus.append({"specs": {"型号": "U12"}, "price": "329.00", "market_price": "429.00", "settlement_price": "250.00",
                 "stock": 5})
    body = {"name": goods["name"], "brand_id": goods["brand_id"], "category_id": goods["category_id"],
            "on_shelf": True, "skus": skus[:1] + skus[2:], "detail_html": '<p onclick="x">好<script>bad()</script></p>'}
    stale = await client.put(f"/api/mall/goods/{goods['id']}", json=body | {"version": 99}, headers=admin)
    assert stale.status_code == 409
    updated = await client.put(f"/api/mall/goods/{goods['id']}", json=body | {"version": goods["version"]},
                               headers=admin)
    assert updated.status_code == 200, updated.text
    after = updated.json()
    assert after["detail_html"] == "<p>好</p>"
    assert sorted(s["specs"]["型号"] for s in after["skus"]) == ["U10", "U12"]  # J760 dropped
    changes = (await client.get(f"/api/mall/goods/{goods['id']}/changes", headers=admin)).json()["data_list"]
    edits = {(c["field"], c["before"], c["after"]) for c in changes if c["sku_id"] == skus[0]["id"] and c["before"]}
    assert edits == {("price", "299.00", "279.00"), ("stock", "50", "60")}
    assert all(c["actor_name"] == "商城管理员" for c in changes)


async def test_bad_goods_input_is_refused_and_changes_nothing(client, admin, catalogue) -> None:
    built = await catalogue(client)
    base = {"name": "体脂秤", "brand_id": built["brand"]["id"], "category_id": built["sub"]["id"],
            "skus": [{"price": "199.00", "market_price": "299.00", "settlement_price": "120.00", "stock": 3}]}
    sku = base["skus"][0]
    for bad in (
        {"skus": [sku | {"price": "-1.00"}]},
        {"skus": [sku | {"price": "19.999"}]},
        {"skus": [sku | {"settlement_price": "199.01"}]},
        {"skus": [sku | {"stock": -1}]},
        {"skus": []},
        {"on_shelf": "maybe"},
        {"brand_id": 999999},
        {"brand_id": 2**70},
        {"name": "秤\u0000"},
        {"unknown_field": 1},
    ):
        response = await client.post("/api/mall/goods", json=base | bad, headers=admin)
        assert 400 <= response.status_code < 500, (bad, response.text)
    assert (await client.get("/api/mall/goods", headers=admin)).json()["total"] == 2
    assert (await client.get("/api/mall/goods", params={"on_shelf": "maybe"}, headers=admin)).status_code == 422


async def test_images_are_checked_by_content_and_size(client, admin, catalogue, mall_settings) -> None:
    built = await catalogue(client)
    path = f"/api/mall/goods/{built['cuff']['id']}/images"
    fake = await client.post(path, files={"file": ("x.png", b"<svg onload=alert(1)>", "image/png")}, headers=admin)
    assert fake.status_code == 415
    huge = await client.post(path, files={"file": ("x.png", PNG + b"\x00" * mall_settings.image_max_bytes,
                                                   "image/png")}, headers=admin)
    assert huge.status_code == 413
    added = await client.post(path, files={"file": ("x.png", PNG, "image/png")}, headers=admin)
    assert added.status_code == 201, added.text
    image_id = added.json()["image_ids"][0]
    served = await client.get(f"/api/mall/images/{image_id}", headers=admin)
    assert served.status_code == 200 and served.content == PNG and served.headers["content-type"] == "image/png"
    assert (await client.delete(f"{path}/{image_id}", headers=admin)).status_code == 204
    assert (await client.get(f"/api/mall/images/{image_id}", headers=admin)).status_code == 404


async def test_goods_list_filters_and_export(client, admin, catalogue) -> None:
    built = await catalogue(client)
    low = (await client.get("/api/mall/goods", params={"low_stock": True}, headers=admin)).json()
    assert low["total"] == 0
    await client.post("/api/mall/goods/shelf", json={"ids": [built["cuff"]["id"]], "on_shelf": False}, headers=admin)
    off = (await client.get("/api/mall/goods", params={"on_shelf": False}, headers=admin)).json()
    assert [g["name"] for g in off["data_list"]] == ["血压计袖带"]
    by_top = (await client.get("/api/mall/goods", params={"category_id": built["top"]["id"]}, headers=admin)).json()
    assert by_top["total"] == 2 and {"brand_list", "category_list", "shelf_list"} <= set(by_top)
    exported = await client.get("/api/mall/goods/export", params={"keyword": "袖带"}, headers=admin)
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    assert [c.value for c in sheet[1]][1:3] == ["商品编码", "商品名称"]
    assert [c.value for c in sheet[2]][2] == "血压计袖带"


async def test_members_see_only_shelved_goods(client, admin, as_member, catalogue) -> None:
    built = await catalogue(client)
    await client.post("/api/mall/goods/shelf", json={"ids": [built["cuff"]["id"]], "on_shelf": False}, headers=admin)
    shown = (await client.get("/app/mall/goods", params={"category_id": built["top"]["id"]},
                              headers=as_member(1))).json()
    assert [g["name"] for g in shown["data_list"]] == ["欧姆龙电子血压计"]
    assert shown["data_list"][0]["price"] == "299.00"
    detail = (await client.get(f"/app/mall/goods/{built['monitor']['id']}", headers=as_member(1))).json()
    assert [s["available"] for s in detail["skus"]] == [50, 10] and "settlement_price" not in detail["skus"][0]
    assert (await client.get(f"/app/mall/goods/{built['cuff']['id']}", headers=as_member(1))).status_code == 404
    tree = (await client.get("/app/mall/categories", headers=as_member(1))).json()
    assert tree[0]["children"][0]["name"] == "血压计"


async def test_demo_shop_loads_once_and_is_browsable(client, as_member, mall_settings) -> None:
    from mall.demo import GOODS, load_demo
    from shared.db import Database

    db = Database(mall_settings.database_url, pool_size=1)
    try:
        first = await load_demo(db)
        assert await load_demo(db) == first and first["goods"] == len(GOODS) >= 20
    finally:
        await db.dispose()
    shown = (await client.get("/app/mall/goods", params={"page_size": 100}, headers=as_member(1))).json()
    assert shown["total"] == len(GOODS)


async def test_addresses_keep_one_default_and_edits_answer(client, admin, as_member) -> None:
    """Found by schemathesis: editing an address (or making it the default) answered 500."""
    headers = as_member(61)
    body = {"name": "李四", "phone": "13712345678", "province": "江西省", "city": "南昌市", "detail": "八一大道 1 号"}
    first = (await client.post("/app/mall/addresses", json=body, headers=headers)).json()
    second = (await client.post("/app/mall/addresses", json=body | {"detail": "八一大道 2 号"}, headers=headers)).json()
    assert first["is_default"] and not second["is_default"]
    edited = await client.put(f"/app/mall/addresses/{second['id']}", json=body | {"detail": "改"}, headers=headers)
    assert edited.status_code == 200 and edited.json()["detail"] == "改"
    made = await client.post(f"/app/mall/addresses/{second['id']}/default", headers=headers)
    assert made.status_code == 200 and made.json()["is_default"]
    listed = (await client.get("/app/mall/addresses", headers=headers)).json()
    assert [a["id"] for a in listed if a["is_default"]] == [second["id"]]
    assert (await client.get("/app/mall/addresses", headers=as_member(62))).json() == []
    brand = (await client.post("/api/mall/brands", json={"name": "九安"}, headers=admin)).json()
    logo = await client.post(f"/api/mall/brands/{brand['id']}/logo", headers=admin,
                             files={"file": ("l.png", PNG, "image/png")})
    assert logo.status_code == 200 and logo.json()["logo_url"].startswith("/api/mall/images/")


async def test_page_routes_read_update_export_and_delete_with_pictures(client, admin, catalogue, mall_settings) -> None:
    """The brand, category and goods routes built from their page descriptions: detail, a whole-row PUT checked
    by If-Match, exports behind their own :export permission, and deletes that take the rows' pictures along."""
    from shared.testing import bearer, staff

    built = await catalogue(client)
    brand_path = f"/api/mall/brands/{built['brand']['id']}"
    assert (await client.get(brand_path, headers=admin)).json()["goods_count"] == 2
    renamed = {"name": "欧姆龙健康", "sort": 3}
    stale = await client.put(brand_path, json=renamed, headers=admin | {"If-Match": '"9"'})
    assert stale.status_code == 409
    updated = await client.put(brand_path, json=renamed, headers=admin | {"If-Match": '"1"'})
    assert updated.status_code == 200 and updated.json()["name"] == "欧姆龙健康" and updated.json()["version"] == 2
    assert (await client.patch(brand_path, json=renamed, headers=admin)).status_code == 405

    lister = bearer(staff("mall:brand:list", "mall:category:list", "mall:goods:list"), "mall")
    for path, first_columns in (("/api/mall/brands/export", ["ID", "品牌名称"]),
                                ("/api/mall/categories/export", ["ID", "分类名称"]),
                                ("/api/mall/goods/export", ["ID", "商品编码"])):
        assert (await client.get(path, headers=lister)).status_code == 403
        exported = await client.get(path, headers=admin)
        assert exported.status_code == 200, exported.text
        assert [c.value for c in load_workbook(io.BytesIO(exported.content)).worksheets[0][1]][:2] == first_columns

    upload = {"files": {"file": ("p.png", PNG, "image/png")}, "headers": admin}
    pictured = (await client.post(f"/api/mall/goods/{built['cuff']['id']}/images", **upload)).json()["image_ids"]
    empty_top = (await client.post("/api/mall/categories", json={"name": "空分类"}, headers=admin)).json()
    icon = (await client.post(f"/api/mall/categories/{empty_top['id']}/icon", **upload)).json()["icon_image_id"]
    unused = (await client.post("/api/mall/brands", json={"name": "鱼跃"}, headers=admin)).json()
    logo = (await client.post(f"/api/mall/brands/{unused['id']}/logo", **upload)).json()["logo_image_id"]
    assert len([p for p in mall_settings.image_dir.rglob("*") if p.is_file()]) == 3
    for path in (f"/api/mall/goods/{built['cuff']['id']}", f"/api/mall/categories/{empty_top['id']}",
                 f"/api/mall/brands/{unused['id']}"):
        assert (await client.delete(path, headers=admin)).status_code == 204
        assert (await client.get(path, headers=admin)).status_code == 404
    for image_id in (*pictured, icon, logo):
        assert (await client.get(f"/api/mall/images/{image_id}", headers=admin)).status_code == 404
    assert not [p for p in mall_settings.image_dir.rglob("*") if p.is_file()]  # their bytes went too
