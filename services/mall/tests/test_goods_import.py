"""Goods import (.csv / .xlsx, one row per SKU, grouped by 商品编码): per-row errors, a bad row writes nothing
of its goods, the same file again creates nothing twice (also when sent twice at once), changes by code."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import httpx
from openpyxl import Workbook
from sqlalchemy import text

from shared.db import Database

HEADER = "商品编码,商品名称,副标题,品牌,分类,上架,推荐,排序,规格编码,规格,售价,市场价,结算价,库存,库存预警"
GOOD_ROWS = [
    "BP-U10,欧姆龙臂式血压计,家用,欧姆龙,血压计,是,否,1,U10-W,颜色:白色,299.00,399.00,220.00,50,5",
    "BP-U10,欧姆龙臂式血压计,家用,欧姆龙,血压计,是,否,1,U10-G,颜色:灰色,309.00,399.00,230.00,20,5",
    "CUFF-1,血压计袖带,,欧姆龙,健康监测/血压计,否,,,,,59.90,79.00,30.00,100,",
]
BAD_ROWS = [
    "SCALE-1,体脂秤,,欧姆龙,血压计,是,否,0,S-1,型号:A,99.00,129.00,60.00,10,0",
    "SCALE-1,体脂秤,,欧姆龙,血压计,是,否,0,S-2,型号:B,99.00,129.00,120.00,10,0",  # settlement above price
    "MASK-1,口罩,,不存在的品牌,血压计,是,否,0,,,19.90,29.00,10.00,10,0",
]


def _csv(*rows: str) -> dict[str, Any]:
    return {"file": ("goods.csv", ("\n".join([HEADER, *rows]) + "\n").encode("utf-8-sig"), "text/csv")}


async def _upload(client: httpx.AsyncClient, admin: dict[str, str], files: dict[str, Any]) -> httpx.Response:
    return await client.post("/api/mall/goods/import", headers=admin, files=files)


async def _goods(db: Database) -> dict[str, Any]:
    async with db.sessions() as session:
        rows = (await session.execute(text(
            "SELECT g.code, count(s.id) AS skus, string_agg(s.price::text, ',' ORDER BY s.id) AS prices "
            "FROM goods g JOIN skus s ON s.goods_id = g.id WHERE g.code <> '' GROUP BY g.code"))).all()
    return {r.code: (r.skus, r.prices) for r in rows}


async def test_import_reports_each_row_and_writes_no_part_of_a_bad_goods(client, admin, catalogue, mall_db) -> None:
    await catalogue(client)
    response = await _upload(client, admin, _csv(*GOOD_ROWS, *BAD_ROWS))
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["created"], report["updated"], report["failed"]) == (2, 0, 2)
    by_row = {r["row"]: r for r in report["results"]}
    assert [by_row[n]["ok"] for n in range(2, 8)] == [True, True, True, False, False, False]
    assert by_row[5]["error"] == "同商品第 6 行有误" and "结算价不能高于售价" in by_row[6]["error"]
    assert by_row[7]["error"] == "品牌不存在: 不存在的品牌"
    assert await _goods(mall_db) == {"BP-U10": (2, "299.00,309.00"), "CUFF-1": (1, "59.90")}


async def test_the_same_file_again_creates_nothing_twice_and_a_change_updates_by_code(
    client, admin, catalogue, mall_db
) -> None:
    await catalogue(client)
    first = (await _upload(client, admin, _csv(*GOOD_ROWS))).json()
    again = (await _upload(client, admin, _csv(*GOOD_ROWS))).json()
    assert (first["created"], first["updated"], again["created"], again["updated"]) == (2, 0, 0, 2)
    assert await _goods(mall_db) == {"BP-U10": (2, "299.00,309.00"), "CUFF-1": (1, "59.90")}
    # A new price for the grey monitor, as an .xlsx: found by its 规格编码, the change recorded.
    book = Workbook()
    sheet = book.active
    for line in (HEADER, GOOD_ROWS[1].replace("309.00", "319.00")):
        sheet.append(line.split(","))
    data = io.BytesIO()
    book.save(data)
    changed = await _upload(client, admin, {"file": ("goods.xlsx", data.getvalue(), "application/octet-stream")})
    assert changed.status_code == 200 and changed.json()["updated"] == 1, changed.text
    assert await _goods(mall_db) == {"BP-U10": (2, "299.00,319.00"), "CUFF-1": (1, "59.90")}
    async with mall_db.sessions() as session:
        record = (await session.execute(text(
            "SELECT before, after FROM sku_changes WHERE field = 'price' AND before <> '' ORDER BY id DESC"))).first()
    assert tuple(record) == ("309.00", "319.00")


async def test_two_imports_of_one_file_at_once_make_each_goods_once(client, admin, catalogue, mall_db) -> None:
    await catalogue(client)
    both = await asyncio.gather(*(_upload(client, admin, _csv(*GOOD_ROWS)) for _ in range(2)))
    assert [r.status_code for r in both] == [200, 200], [r.text for r in both]
    assert await _goods(mall_db) == {"BP-U10": (2, "299.00,309.00"), "CUFF-1": (1, "59.90")}


async def test_import_needs_its_permission_and_a_readable_file(client, admin, catalogue, mall_db) -> None:
    from shared.testing import bearer, staff

    await catalogue(client)
    lister = bearer(staff("mall:goods:list", "mall:goods:create"), "mall")
    assert (await _upload(client, lister, _csv(*GOOD_ROWS))).status_code == 403
    wrong_type = {"file": ("goods.txt", b"hello", "text/plain")}
    assert (await _upload(client, admin, wrong_type)).status_code == 415
    template = await client.get("/api/mall/goods/import-template", headers=admin)
    assert template.status_code == 200 and template.content[:2] == b"PK"
    assert await _goods(mall_db) == {}
