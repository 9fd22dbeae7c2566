"""One answer per class of bad input, from the shared layer: whatever a route's own types let through, the
database refusing a value is a 422 problem (never a 500), a body that is not JSON is a 4xx problem, date
arithmetic out of range is a 422, and an export writes any stored text."""

from __future__ import annotations

import io

import httpx
from openpyxl import load_workbook

from shared.xlsx import workbook_bytes


def assert_problem(response: httpx.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json", response.text
    if code:
        assert response.json()["code"] == code, response.text


async def test_ids_beyond_64_bits_reaching_the_database_are_a_422(probe: httpx.AsyncClient) -> None:
    assert_problem(await probe.get("/api/mall/probe/raw/99999999999999999999"), 422, "invalid_value")
    assert_problem(await probe.get("/api/mall/probe/raw/-99999999999999999999"), 422, "invalid_value")
    assert (await probe.get("/api/mall/probe/raw/5")).status_code == 200


async def test_text_the_database_cannot_store_is_a_422_and_stores_nothing(probe: httpx.AsyncClient) -> None:
    assert_problem(await probe.post("/api/mall/probe/raw-text", json={"name": "a\u0000b"}), 422, "invalid_value")
    assert_problem(await probe.post("/api/mall/probe/raw-text", content=b'{"name": "\\ud800"}',
                                    headers={"content-type": "application/json"}), 422)
    assert (await probe.get("/api/mall/probe/rows")).json()["total"] == 0


async def test_a_body_that_is_not_json_is_a_4xx_problem(probe: httpx.AsyncClient) -> None:
    for content, content_type in ((b"\x00", "application/json"), (b"\xff\xfe{", "application/json"),
                                  (b"{\"name\": ", "application/json"), (b"\x00", "text/plain"), (b"", None)):
        headers = {"content-type": content_type} if content_type else {}
        response = await probe.post("/api/mall/probe/rows", content=content, headers=headers)
        assert 400 <= response.status_code < 500, (content, response.status_code, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    assert (await probe.get("/api/mall/probe/rows")).json()["total"] == 0


async def test_dates_out_of_range_in_a_filter_are_a_422(probe: httpx.AsyncClient) -> None:
    assert_problem(await probe.get("/api/mall/probe/days-before", params={"day": "0001-01-01"}), 422,
                   "out_of_range")
    assert_problem(await probe.get("/api/mall/probe/days-before", params={"day": "2026-01-01", "days": 10**12}),
                   422)
    assert (await probe.get("/api/mall/probe/days-before", params={"day": "2026-01-02"})).status_code == 200


def test_an_export_writes_any_stored_text() -> None:
    stored = ["南昌\u0000市", "tab\there", "bell\u0007", "lone \ud800 surrogate", "/api/x\u001b[31m"]
    content = workbook_bytes([("name", "名称\u0001")], [{"name": value} for value in stored])
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert values == ["名称\\u0001", "南昌\\u0000市", "tab\there", "bell\\u0007", "lone \\ud800 surrogate",
                      "/api/x\\u001b[31m"]


async def test_a_query_date_must_be_written_as_a_date(probe: httpx.AsyncClient) -> None:
    # Pydantic alone reads `0` or `1700000000` as a Unix time; the OpenAPI says `format: date`.
    for value in ("0", "1700000000", "2026-1-1", "20260101", "2026-01-01x"):
        response = await probe.get("/api/mall/probe/days-before", params={"day": value})
        assert_problem(response, 422)
        assert response.json()["errors"][0]["field"] == "day", value
    assert (await probe.get("/api/mall/probe/days-before", params={"day": "2026-01-02"})).status_code == 200
