"""陪诊结算报表 over the scripted month: per period, escort hospital and escort; filters, keyword, paging,
option lists and the export with its totals row. Duplicates and arrival order are covered with every other
report by test_month.py (inbox path) and test_broker.py (the real broker)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import httpx
from openpyxl import load_workbook
from reports_month import NOVEMBER, business_month
from reports_testkit import admin_headers, apply_all

from shared.db import Database

PATH = "/api/reports/escort-settlement"


async def _get(api: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await api.get(PATH, params=params, headers=admin_headers())
    assert response.status_code == 200, response.text
    return response.json()


async def test_per_day_and_per_month_with_the_shanghai_day(db: Database, api: httpx.AsyncClient) -> None:
    await apply_all(db, business_month())
    daily = await _get(api, granularity="day", date_from="2026-11-01", date_to="2026-12-31", with_options=0)
    assert [(r["period"], r["hospital_id"], r["escort_id"], r["sale_amount"]) for r in daily["data_list"]] == [
        ("2026-12-03", 1101, 3001, "298.00"),
        # 00:10 on 1 December in Shanghai (30 November in UTC) is a December order.
        ("2026-12-01", 1102, 3002, "98.00"),
        ("2026-11-27", 1102, 3002, "98.00"),
        ("2026-11-24", 1101, 3001, "298.00"),
        ("2026-11-19", 1101, 3001, "200.00"),
    ]
    whole = await _get(api, granularity="all", with_options=0)
    assert whole["totals"] == {
        "orders": 5,
        "quantity": 5,
        "sale_amount": "992.00",
        "escort_share": "704.40",
        "platform_share": "287.60",
    }
    assert [(r["escort_name"], r["orders"]) for r in whole["data_list"]] == [("李秀兰（金牌）", 3), ("张敏", 2)]


async def test_filters_keyword_sort_and_options(db: Database, api: httpx.AsyncClient) -> None:
    await apply_all(db, business_month())
    one_escort = await _get(api, **NOVEMBER, escort_id=3002)
    assert [r["escort_name"] for r in one_escort["data_list"]] == ["张敏"]
    assert one_escort["totals"]["sale_amount"] == "98.00"
    assert {"label": "张敏", "value": "3002"} in one_escort["escort_list"]
    assert {"label": "江西省人民医院", "value": "1101"} in one_escort["hospital_list"]
    assert one_escort["granularity_list"]
    # Escort's hospital 1101 is not health's 1101: each report names its own.
    assert {"label": "美年大健康(八一广场店)", "value": "1101"} not in one_escort["hospital_list"]
    by_hospital_name = await _get(api, **NOVEMBER, keyword="第一附属", with_options=0)
    assert [r["hospital_id"] for r in by_hospital_name["data_list"]] == [1102]
    by_escort_name = await _get(api, **NOVEMBER, keyword="金牌", with_options=0)
    assert [r["escort_id"] for r in by_escort_name["data_list"]] == [3001]
    assert (await _get(api, **NOVEMBER, hospital_id=1101, escort_id=3002))["data_list"] == []
    paged = await _get(api, **NOVEMBER, sort="-platform_share", page_size=1, page=2, with_options=0)
    assert [r["escort_id"] for r in paged["data_list"]] == [3002]
    assert paged["total"] == 2 and paged["totals"]["orders"] == 3
    by_name = await _get(api, **NOVEMBER, sort="escort_name", with_options=0)
    assert [r["escort_id"] for r in by_name["data_list"]] == [3002, 3001]  # 张 (U+5F20) before 李 (U+674E)


async def test_export_has_the_rows_and_a_totals_row(db: Database, api: httpx.AsyncClient) -> None:
    await apply_all(db, business_month())
    response = await api.get(f"{PATH}/export", params=NOVEMBER, headers=admin_headers())
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("期间", "医院名称", "陪诊师", "结算订单数", "服务次数", "销售金额", "陪诊师分成", "平台留存")
    assert [r[2] for r in rows[1:]] == ["李秀兰（金牌）", "张敏", None]
    assert rows[-1][0] == "合计"
    assert [Decimal(str(v)) for v in rows[-1][5:]] == [Decimal("596.00"), Decimal("427.20"), Decimal("168.80")]


async def test_bad_input_changes_nothing_and_answers_422(db: Database, api: httpx.AsyncClient) -> None:
    for params, field in (
        ({"escort_id": "0"}, "escort_id"),
        ({"hospital_id": "x"}, "hospital_id"),
        ({"sort": "brand_name"}, "sort"),
        ({"granularity": "day"}, "date_from"),
        ({"date_from": "2026-11-30", "date_to": "2026-11-01"}, "date_from"),
    ):
        response = await api.get(PATH, params=params, headers=admin_headers())
        assert response.status_code == 422, (params, response.text)
        assert any(field in str(e.get("field", "")) for e in response.json()["errors"]), response.json()
    forbidden = await api.get(PATH, headers=admin_headers("reports:hospital_settlement:list"))
    assert forbidden.status_code == 403
