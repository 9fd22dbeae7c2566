"""The API contract of health (issue 15): every operation documents its success response, and the defects
found from the outside stay fixed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from health.common import business_today
from health.main import create_app
from health.settings import HealthSettings


def _success_schema(operation: dict[str, Any]) -> dict[str, Any] | None:
    for status, response in operation["responses"].items():
        if status.startswith("2"):
            return response.get("content", {}).get("application/json", {}).get("schema")
    return None


def test_every_operation_documents_a_typed_success_response() -> None:
    spec = create_app(HealthSettings()).openapi()
    untyped = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            success = [s for s in operation["responses"] if s.startswith("2")]
            assert success, (method, path)
            if success == ["204"] or (path.endswith(("/export", "/logo")) and method == "get"):
                continue  # no body, a file, an image: declared by their response class
            schema = _success_schema(operation)
            # An untyped dict is documented as an object without properties: no client can be generated.
            if not schema or ("$ref" not in schema and not schema.get("properties") and "items" not in schema):
                untyped.append(f"{method.upper()} {path}")
    assert untyped == []


async def test_member_order_status_list_offers_no_internal_status(client, as_member) -> None:
    listing = await client.get("/app/health/orders", headers=as_member(7))
    assert listing.status_code == 200, listing.text
    values = {o["value"] for o in listing.json()["status_list"]}
    assert "pending_payment" not in values and "booked" in values


async def test_package_priced_from_its_items_answers_its_price(client, admin, catalogue) -> None:
    built = await catalogue(client)
    package = built["package"]
    # 180.00 for men, 220.00 for women: the price the package is sold from is the lower one.
    assert package["price_follows_items"] is True
    assert package["price"] == "180.00" and package["settlement_price"] == "110.00"
    listed = (await client.get("/api/health/packages", headers=admin)).json()["data_list"]
    assert {p["name"]: p["price"] for p in listed}["基础体检套餐"] == "180.00"
    fixed = await client.patch(f"/api/health/packages/{package['id']}", json={"price": "199.00", "version": 1},
                               headers=admin)
    assert fixed.json()["price"] == "199.00" and fixed.json()["price_follows_items"] is False


async def test_admin_orders_filter_by_order_date(paying_client, admin, as_member, catalogue, make_card) -> None:
    """`date_from`/`date_to`: the Shanghai day the order was placed, both ends included."""
    built = await catalogue(paying_client)
    day = business_today() + timedelta(days=3)
    hospital_id = built["hospital_a"]["id"]
    opened = await paying_client.put(f"/api/health/hospitals/{hospital_id}/schedule",
                                     json={"days": [{"day": day.isoformat(), "capacity": 5}]}, headers=admin)
    assert opened.status_code == 200
    card = await make_card(member_id=7)
    booked = await paying_client.post("/app/health/orders", headers=as_member(7), json={
        "package_id": built["package"]["id"], "hospital_id": hospital_id, "day": day.isoformat(), "gender": "male",
        "examinee_name": "张三", "examinee_phone": "13911112222", "card_no": card})
    assert booked.status_code == 201, booked.text
    today = business_today().isoformat()

    async def total(**query: str) -> int:
        r = await paying_client.get("/api/health/orders", params=query, headers=admin)
        assert r.status_code == 200, r.text
        return int(r.json()["total"])

    assert await total(date_from=today, date_to=today) == 1
    assert await total(date_from=(business_today() + timedelta(days=1)).isoformat()) == 0
    assert await total(date_to=(business_today() - timedelta(days=1)).isoformat()) == 0
    reversed_dates = await paying_client.get("/api/health/orders", params={"date_from": today, "date_to": "2020-01-01"},
                                             headers=admin)
    assert reversed_dates.status_code == 422


async def test_bad_input_is_a_4xx_that_changes_nothing(client, admin, as_member, as_partner) -> None:
    """The classes fuzzing found: ids beyond BIGINT, NUL and other control characters in text and queries."""
    huge = "99999999999999999999"
    for path in (f"/api/health/brands/{huge}", f"/api/health/orders/{huge}", f"/api/health/items?brand_id={huge}",
                 f"/api/health/hospital-staff?hospital_id={huge}", "/api/health/packages?keyword=a%00b",
                 "/api/health/brands?status=lost"):
        r = await client.get(path, headers=admin)
        assert r.status_code == 422, (path, r.status_code, r.text)
    assert (await client.get(f"/app/health/packages/{huge}", headers=as_member(7))).status_code == 422
    assert (await client.get(f"/partner/health/orders/{huge}", headers=as_partner(1))).status_code == 422
    for path, body in (
        ("/api/health/diseases", {"name": "\u0000"}),
        ("/api/health/categories", {"name": "体检\u0007"}),
        ("/api/health/brands", {"name": "美年", "brand_type": "专业机构", "logo_url": "x\u0000"}),
        ("/api/health/brands", {"name": "美年", "brand_type": "专业机构", "prepayment": "1e400"}),
    ):
        r = await client.post(path, json=body, headers=admin)
        assert r.status_code == 422, (path, body, r.text)
    listed = await client.get("/api/health/brands", headers=admin)
    assert listed.json()["total"] == 0
    not_json = await client.patch("/api/health/brands/1", content=b"\x00",
                                  headers=admin | {"content-type": "application/json"})
    assert 400 <= not_json.status_code < 500
