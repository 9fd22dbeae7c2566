"""Products, hospitals, questions and withdrawal methods: CRUD, the list shape with options, exports,
versioned updates, bad input refused with nothing changed, and the member app's views."""

from __future__ import annotations

import io

import httpx
from openpyxl import load_workbook

from .conftest import admin_headers, member_headers, post

PAGES = [
    ("/api/escort/products", {"name": "半程陪诊", "service_type": "half", "price": "120.00", "share_mode": "fixed",
                              "share_value": "80.00"}, "service_type_list"),
    ("/api/escort/hospitals", {"name": "南昌市第一医院", "level": "三甲", "departments": ["内科"]}, "district_list"),
    ("/api/escort/questions", {"group_name": "预约", "question": "如何预约？", "answer": "在小程序选择产品。"},
     "group_list"),
    ("/api/escort/withdrawal-items", {"name": "支付宝", "method": "alipay", "min_amount": "50.00",
                                      "fee_rate": "0.006"}, "method_list"),
]


async def test_each_page_creates_lists_updates_exports_and_deletes(client: httpx.AsyncClient) -> None:
    for path, body, option in PAGES:
        created = await post(client, path, body)
        listed = await client.get(path, headers=admin_headers())
        assert listed.status_code == 200, listed.text
        page = listed.json()
        assert (page["total"], page["page"], page["page_size"]) == (1, 1, 20)
        assert page["data_list"][0]["id"] == created["id"] and option in page
        bare = (await client.get(path, params={"with_options": 0}, headers=admin_headers())).json()
        assert option not in bare and bare["total"] == 1

        patched = await client.patch(f"{path}/{created['id']}", json={"sort": 5, "version": created["version"]},
                                     headers=admin_headers())
        assert patched.status_code == 200, patched.text
        assert patched.json()["sort"] == 5 and patched.json()["version"] == created["version"] + 1
        stale = await client.patch(f"{path}/{created['id']}", json={"sort": 6, "version": created["version"]},
                                   headers=admin_headers())
        assert stale.status_code == 409

        exported = await client.get(f"{path}/export", headers=admin_headers())
        assert exported.status_code == 200
        sheet = load_workbook(io.BytesIO(exported.content)).active
        assert sheet.max_row == 2

        gone = await client.delete(f"{path}/{created['id']}", headers=admin_headers())
        assert gone.status_code == 204
        assert (await client.get(f"{path}/{created['id']}", headers=admin_headers())).status_code == 404


async def test_bad_input_is_refused_and_changes_nothing(client: httpx.AsyncClient) -> None:
    bad = [
        ("/api/escort/products", {"name": "x", "service_type": "spa", "price": "10.00", "share_value": "0.5"}),
        ("/api/escort/products", {"name": "x", "service_type": "full", "price": "10.00", "share_value": "1.5"}),
        ("/api/escort/products", {"name": "x", "service_type": "full", "price": "10.00", "share_mode": "fixed",
                                  "share_value": "11.00"}),
        ("/api/escort/products", {"name": "x", "service_type": "full", "price": "10.001", "share_value": "0.5"}),
        ("/api/escort/products", {"name": "a\u0000b", "service_type": "full", "price": "10.00", "share_value": "0"}),
        ("/api/escort/products", {"name": "x", "service_type": "full", "price": "10.00", "share_value": "0",
                                  "on_shelf": 1}),
        ("/api/escort/products", {"name": "x", "service_type": "full", "price": "10.00", "share_value": "0",
                                  "sort": True}),
        ("/api/escort/hospitals", {"name": "医院", "level": "特级"}),
        ("/api/escort/hospitals", {"name": "医院", "level": "三甲", "district_id": 99999999999999999999}),
        ("/api/escort/hospitals", {"name": "医院", "level": "三甲", "district_id": 42}),
        ("/api/escort/withdrawal-items", {"name": "卡", "method": "bank", "min_amount": "0.00"}),
        ("/api/escort/withdrawal-items", {"name": "卡", "method": "bank", "min_amount": "1.00", "fee_rate": "1"}),
        ("/api/escort/questions", {"group_name": "", "question": "q", "answer": "a"}),
        ("/api/escort/questions", {"group_name": "g", "question": "q", "answer": "a", "extra": 1}),
    ]
    for path, body in bad:
        response = await client.post(path, json=body, headers=admin_headers())
        assert response.status_code == 422, (path, body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    for path in ("/api/escort/products", "/api/escort/hospitals", "/api/escort/withdrawal-items",
                 "/api/escort/questions"):
        assert (await client.get(path, headers=admin_headers())).json()["total"] == 0
    assert (await client.get("/api/escort/products/99999999999999999999", headers=admin_headers())).status_code == 422
    assert (await client.get("/api/escort/products", params={"sort": "nope"},
                             headers=admin_headers())).status_code == 422


async def test_duplicates_and_permissions(client: httpx.AsyncClient) -> None:
    body = {"name": "代取报告", "service_type": "report", "price": "50.00", "share_value": "0.6"}
    await post(client, "/api/escort/products", body)
    again = await client.post("/api/escort/products", json=body, headers=admin_headers())
    assert again.status_code == 409 and again.json()["code"] == "duplicate"
    assert (await client.get("/api/escort/products", headers=member_headers(1))).status_code == 403
    assert (await client.get("/api/escort/products")).status_code == 401


async def test_member_app_sees_only_what_is_on_shelf_and_shown(client: httpx.AsyncClient) -> None:
    shelf = await post(client, "/api/escort/products", {"name": "全程陪诊", "service_type": "full", "price": "200.00",
                                                        "share_value": "0.7"})
    await post(client, "/api/escort/products", {"name": "代问诊", "service_type": "consult", "price": "90.00",
                                                "share_value": "0.5", "on_shelf": False})
    await post(client, "/api/escort/hospitals", {"name": "江西省人民医院", "level": "三甲"})
    await post(client, "/api/escort/hospitals", {"name": "隐藏医院", "level": "二甲", "shown": False})
    await post(client, "/api/escort/questions", {"group_name": "预约", "question": "如何预约？", "answer": "选择产品"})
    await post(client, "/api/escort/questions", {"group_name": "预约", "question": "隐藏", "answer": "x",
                                                 "shown": False})
    await post(client, "/api/escort/questions", {"group_name": "退款", "question": "如何退款？", "answer": "取消即退"})
    headers = member_headers(7)
    products = (await client.get("/app/escort/products", headers=headers)).json()
    assert [p["id"] for p in products["data_list"]] == [shelf["id"]]
    assert "share_value" not in products["data_list"][0]
    hospitals = (await client.get("/app/escort/hospitals", headers=headers)).json()
    assert [h["name"] for h in hospitals["data_list"]] == ["江西省人民医院"]
    groups = (await client.get("/app/escort/questions", headers=headers)).json()["groups"]
    assert [(g["group_name"], len(g["questions"])) for g in groups] == [("退款", 1), ("预约", 1)] or \
        sorted((g["group_name"], len(g["questions"])) for g in groups) == [("退款", 1), ("预约", 1)]


async def test_product_share_is_computed_from_the_rule(client: httpx.AsyncClient) -> None:
    rate = await post(client, "/api/escort/products", {"name": "全程陪诊", "service_type": "full", "price": "199.99",
                                                       "share_value": "0.7"})
    fixed = await post(client, "/api/escort/products", {"name": "半程陪诊", "service_type": "half",
                                                        "price": "120.00", "share_mode": "fixed",
                                                        "share_value": "80"})
    assert rate["escort_share"] == "139.99" and fixed["escort_share"] == "80.00"
    # A patch that would make a fixed share exceed the price is refused against the merged values.
    lower = await client.patch(f"/api/escort/products/{fixed['id']}", json={"price": "50.00", "version": 1},
                               headers=admin_headers())
    assert lower.status_code == 422
