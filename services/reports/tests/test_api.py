"""The report endpoints: list shape, option lists, freshness, data scope, export, and bad input."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import httpx
import pytest
from openpyxl import load_workbook
from reports_month import NOVEMBER, POWER, SCHOOL, SCHOOL_RENAMED, business_month
from reports_testkit import REPORT_PATHS, admin_headers, apply_all

from reports import querying
from reports.main import create_app
from shared.db import Database
from shared.identity import Scope
from shared.testing import bearer, staff


async def test_list_shape_option_lists_and_freshness(db: Database, api: httpx.AsyncClient) -> None:
    month = business_month()
    await apply_all(db, month)
    body = (await api.get("/api/reports/sales", params=NOVEMBER, headers=admin_headers())).json()
    assert {"data_list", "page", "page_size", "total", "totals", "freshness"} <= set(body)
    assert (body["page"], body["page_size"], body["total"]) == (1, 20, 2)
    assert {"label": "万彬", "value": "2"} in body["owner_list"]
    assert {"label": "销售二部", "value": "4"} in body["dept_list"]
    assert {"label": SCHOOL_RENAMED, "value": str(SCHOOL)} in body["customer_list"]
    assert [o["value"] for o in body["granularity_list"]] == ["day", "month", "all"]
    fresh = body["freshness"]
    newest = max(e.occurred_at for e in month)
    assert datetime.fromisoformat(fresh["newest_event_at"]) == newest
    assert fresh["applied_at"] is not None
    assert fresh["seconds_behind"] >= 0
    # No consumer has declared the queue in this test run: the figure is unknown, not invented.
    assert fresh["queue_waiting"] is None or fresh["queue_waiting"] >= 0

    goods = (await api.get("/api/reports/goods", params=NOVEMBER, headers=admin_headers())).json()
    assert {"label": "小米", "value": "801"} in goods["brand_list"]
    assert {"label": "家居健康", "value": "901"} in goods["category_list"]
    cards = (await api.get("/api/reports/card-consumption", params=NOVEMBER, headers=admin_headers())).json()
    assert cards["activation_list"] == []  # the filters cascade: a customer or contract first
    assert {"label": SCHOOL_RENAMED, "value": str(SCHOOL)} in cards["customer_list"]
    school = (await api.get("/api/reports/card-consumption", params={**NOVEMBER, "customer_id": SCHOOL},
                            headers=admin_headers())).json()
    assert school["activation_list"] == [{"label": "JH202611001", "value": "501"}]
    assert [o["value"] for o in school["contract_list"]] == ["201"]
    hospitals = (await api.get("/api/reports/hospital-settlement", params=NOVEMBER, headers=admin_headers())).json()
    assert {"label": "爱康国宾", "value": "1202"} in hospitals["brand_list"]
    bare = (await api.get("/api/reports/goods", params={**NOVEMBER, "with_options": 0}, headers=admin_headers())).json()
    assert "goods_list" not in bare and "freshness" in bare


async def test_paging_sorting_and_dimension_filters(db: Database, api: httpx.AsyncClient) -> None:
    await apply_all(db, business_month())
    h = admin_headers()
    page = (await api.get("/api/reports/goods", params={**NOVEMBER, "page_size": 1, "page": 2}, headers=h)).json()
    assert page["total"] == 3 and [r["goods_id"] for r in page["data_list"]] == [703]
    assert page["totals"]["sale_amount"] == "997.00"  # totals cover every row, not the page
    by_qty = (await api.get("/api/reports/goods", params={**NOVEMBER, "sort": "-quantity"}, headers=h)).json()
    assert [r["goods_id"] for r in by_qty["data_list"]] == [701, 702, 703]
    by_name = (
        await api.get("/api/reports/goods", params={**NOVEMBER, "sort": "-goods_name", "page_size": 2}, headers=h)
    ).json()
    assert by_name["total"] == 3 and len(by_name["data_list"]) == 2 and by_name["totals"]["orders"] == 4
    assert all(r["goods_name"] for r in by_name["data_list"])
    brand = (await api.get("/api/reports/goods", params={**NOVEMBER, "brand_id": 802}, headers=h)).json()
    assert [r["goods_id"] for r in brand["data_list"]] == [703]
    keyword = (await api.get("/api/reports/goods", params={**NOVEMBER, "keyword": "牙刷"}, headers=h)).json()
    assert [r["goods_id"] for r in keyword["data_list"]] == [702]
    sales = (await api.get("/api/reports/sales", params={**NOVEMBER, "dept_id": 4}, headers=h)).json()
    assert [r["customer_id"] for r in sales["data_list"]] == [POWER]
    by_contract = (
        await api.get(
            "/api/reports/card-consumption",
            params={**NOVEMBER, "group_by": "contract", "customer_id": SCHOOL},
            headers=h,
        )
    ).json()
    assert by_contract["data_list"][0]["cards_issued"] == 100
    assert by_contract["data_list"][0]["cards_activated"] == 50
    assert by_contract["data_list"][0]["activation_rate"] == "50.00"
    assert by_contract["total"] == 1
    hospital = (
        await api.get(
            "/api/reports/hospital-settlement", params={**NOVEMBER, "keyword": "爱康", "granularity": "all"}, headers=h
        )
    ).json()
    assert [(r["hospital_id"], r["period"]) for r in hospital["data_list"]] == [(1102, "2026-11-01 ~ 2026-11-30")]


async def test_sales_follow_the_callers_data_scope(db: Database, api: httpx.AsyncClient) -> None:
    await apply_all(db, business_month())
    own = bearer(staff("reports:sales:list", user_id=2, dept_id=3, scope=Scope.SELF), "reports")
    body = (await api.get("/api/reports/sales", params=NOVEMBER, headers=own)).json()
    assert [r["customer_id"] for r in body["data_list"]] == [SCHOOL]
    assert body["totals"]["contract_amount"] == "120000.00"
    assert [o["value"] for o in body["owner_list"]] == ["2"]
    dept = bearer(staff("reports:sales:list", user_id=8, dept_id=2, scope=Scope.DEPT_TREE, dept_ids=[4]), "reports")
    body = (await api.get("/api/reports/sales", params=NOVEMBER, headers=dept)).json()
    assert [r["customer_id"] for r in body["data_list"]] == [POWER]
    nobody = bearer(staff("reports:sales:list", user_id=7, dept_id=4, scope=Scope.SELF), "reports")
    body = (await api.get("/api/reports/sales", params=NOVEMBER, headers=nobody)).json()
    assert body["data_list"] == [] and body["totals"]["contract_amount"] == "0.00"


async def test_exports_hold_the_filtered_rows_and_a_totals_row(db: Database, api: httpx.AsyncClient) -> None:
    await apply_all(db, business_month())
    response = await api.get("/api/reports/goods/export", params=NOVEMBER, headers=admin_headers())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("商品名称", "品牌")
    assert [r[0] for r in rows[1:]] == ["体脂秤", "血压计", "电动牙刷", "合计"]
    assert Decimal(str(rows[-1][5])) == Decimal("997.00")
    for path in REPORT_PATHS.values():
        exported = await api.get(f"{path}/export", params=NOVEMBER, headers=admin_headers())
        assert exported.status_code == 200, path
        sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
        assert list(sheet.iter_rows(values_only=True))[-1][0] == "合计"
    scoped = bearer(staff("reports:sales:export", user_id=5, dept_id=4, scope=Scope.SELF), "reports")
    sheet = load_workbook(
        io.BytesIO((await api.get("/api/reports/sales/export", params=NOVEMBER, headers=scoped)).content)
    ).worksheets[0]
    assert [r[3] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["江西省电力公司", None]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/reports/sales", {"date_from": "2026-11-30", "date_to": "2026-11-01"}, "date_from"),
        ("/api/reports/sales", {"date_from": "2026-13-01"}, "date_from"),
        ("/api/reports/sales", {"granularity": "week"}, "granularity"),
        ("/api/reports/sales", {"granularity": "day"}, "date_from"),
        (
            "/api/reports/hospital-settlement",
            {"granularity": "day", "date_from": "2026-01-01", "date_to": "2026-12-31"},
            "granularity",
        ),
        ("/api/reports/sales", {"owner_id": "abc"}, "owner_id"),
        ("/api/reports/card-consumption", {"group_by": "city"}, "group_by"),
        ("/api/reports/goods", {"page_size": 101}, "page_size"),
        ("/api/reports/goods", {"page": 0}, "page"),
        ("/api/reports/goods-brands", {"sort": "-nonsense"}, "sort"),
        ("/api/reports/hospital-settlement/export", {"date_from": "2026-11-02", "date_to": "2026-11-01"}, "date_from"),
    ],
)
async def test_bad_input_is_a_422_problem(
    db: Database, api: httpx.AsyncClient, path: str, params: dict, field: str
) -> None:
    response = await api.get(path, params=params, headers=admin_headers())
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert any(field in str(e.get("field", "")) for e in response.json().get("errors", [])), response.json()


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "0001-01-01", "date_to": "0001-01-31"},
        {"date_from": "0001-01-02"},
        {"date_to": "0001-03-15"},
        {"date_from": "9999-12-01", "date_to": "9999-12-31"},
        {"date_from": "9999-02-10"},
        {"date_to": "9999-12-30"},
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
        {"date_from": "0001-01-01", "date_to": "0001-01-01", "granularity": "day"},
        {"date_from": "9999-12-31", "date_to": "9999-12-31", "granularity": "day"},
    ],
)
async def test_dates_at_the_ends_of_the_calendar_answer(db: Database, api: httpx.AsyncClient, params: dict) -> None:
    """The first and last days a date can hold are a valid (empty) range, not a 500 (date arithmetic past them)."""
    for name, path in REPORT_PATHS.items():
        query = params if name in ("sales", "hospital_settlement", "escort_settlement") else {
            k: v for k, v in params.items() if k != "granularity"}
        for suffix in ("", "/export"):
            response = await api.get(path + suffix, params=query, headers=admin_headers())
            assert response.status_code == 200, (path + suffix, query, response.text)


async def test_ids_beyond_bigint_are_422(db: Database, api: httpx.AsyncClient) -> None:
    huge = str(2**63)
    for path, name in (("/api/reports/sales", "owner_id"), ("/api/reports/card-consumption", "contract_id"),
                       ("/api/reports/goods", "goods_id"), ("/api/reports/goods-brands", "brand_id"),
                       ("/api/reports/hospital-settlement", "hospital_id"),
                       ("/api/reports/escort-settlement", "escort_id")):
        response = await api.get(path, params={name: huge}, headers=admin_headers())
        assert response.status_code == 422, (path, response.text)
        assert name in {e["field"] for e in response.json()["errors"]}


async def test_permissions(db: Database, api: httpx.AsyncClient) -> None:
    assert (await api.get("/api/reports/sales")).status_code == 401
    lister = bearer(staff("reports:goods:list"), "reports")
    assert (await api.get("/api/reports/goods", headers=lister)).status_code == 200
    assert (await api.get("/api/reports/goods/export", headers=lister)).status_code == 403
    assert (await api.get("/api/reports/goods-brands", headers=lister)).status_code == 403
    assert (await api.get("/api/reports/sales", headers=lister)).status_code == 403
    wrong_audience = bearer(staff("reports:goods:list"), "crm")
    assert (await api.get("/api/reports/goods", headers=wrong_audience)).status_code == 401


async def test_empty_reports_answer_zero_totals(db: Database, api: httpx.AsyncClient) -> None:
    for path in REPORT_PATHS.values():
        body = (await api.get(path, headers=admin_headers())).json()
        assert body["data_list"] == [] and body["total"] == 0
        assert body["freshness"]["newest_event_at"] is None
    cards = (await api.get("/api/reports/card-consumption", headers=admin_headers())).json()
    assert cards["totals"]["activation_rate"] is None and cards["totals"]["face_value"] == "0.00"


async def test_an_export_too_large_is_refused_not_cut(
    db: Database, api: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await apply_all(db, business_month())
    monkeypatch.setattr(querying, "MAX_EXPORT_ROWS", 2)
    response = await api.get("/api/reports/goods/export", params=NOVEMBER, headers=admin_headers())
    assert response.status_code == 422 and response.json()["code"] == "export_too_large"
    narrowed = await api.get("/api/reports/goods/export", params={**NOVEMBER, "brand_id": 801}, headers=admin_headers())
    assert narrowed.status_code == 200


def test_every_route_names_its_permission() -> None:
    spec = create_app().openapi()
    found = {f"{m.upper()} {p}": op.get("x-permission") for p, ops in spec["paths"].items() for m, op in ops.items()}
    expected = {
        "sales": "sales",
        "card-consumption": "card_consumption",
        "goods": "goods",
        "goods-brands": "goods_brand",
        "hospital-settlement": "hospital_settlement",
        "escort-settlement": "escort_settlement",
    }
    assert found == {
        **{f"GET /api/reports/{path}": f"reports:{code}:list" for path, code in expected.items()},
        **{f"GET /api/reports/{path}/export": f"reports:{code}:export" for path, code in expected.items()},
    }


def test_every_report_operation_documents_its_answer() -> None:
    """Each report answers a typed page (rows, totals, freshness, option lists); each export an .xlsx file."""
    doc = create_app().openapi()
    schemas = doc["components"]["schemas"]
    operations = [(path, item["get"]) for path, item in doc["paths"].items()]
    assert len(operations) == 12
    for path, operation in operations:
        content = operation["responses"]["200"]["content"]
        if path.endswith("/export"):
            assert list(content) == ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], path
            continue
        page = schemas[content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
        assert {"data_list", "page", "page_size", "total", "totals", "freshness"} <= set(page["properties"]), path
        assert "$ref" in page["properties"]["data_list"]["items"] and "$ref" in page["properties"]["totals"], path
        assert any(name.endswith("_list") and name != "data_list" for name in page["properties"]), path


def test_one_name_per_idea_with_crm() -> None:
    """Money received is `payment_amount`, money still owed `outstanding`, as in crm's contracts and payments:
    the older names (`paid_total`, `unpaid`, `received`) appear nowhere in the reports' contract."""
    text = str(create_app().openapi())
    for name in ("payment_amount", "outstanding"):
        assert f"'{name}'" in text
    for old in ("paid_total", "unpaid", "'received'", "paid_amount"):
        assert old not in text, old
