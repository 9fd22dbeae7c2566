"""`.xlsx` export of list rows and `.xlsx`/`.csv` import with per-row errors (openpyxl)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from fastapi import UploadFile
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as OPENPYXL_ILLEGAL
from starlette.responses import Response

from shared.problems import Problem

XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20000

Column = tuple[str, str]  # (key in the row dict, header label)
# What openpyxl refuses, plus lone surrogates (no XML file can hold them).
UNWRITABLE = re.compile(f"{OPENPYXL_ILLEGAL.pattern}|[\ud800-\udfff]")


def _printable(text: str) -> str:
    """Control characters openpyxl refuses (IllegalCharacterError) written as visible `\\uNNNN` escapes: one such
    stored value (a name, a logged path) must not break every later export."""
    if UNWRITABLE.search(text) is None:
        return text
    return UNWRITABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return _printable(value)
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value.isoformat()
    if isinstance(value, date | int | float) or value is None:
        return value
    return _printable(str(value))


def workbook_bytes(columns: Sequence[Column], rows: Iterable[dict[str, Any]], title: str = "Sheet1") -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.append([_printable(label) for _, label in columns])
    for row in rows:
        ws.append([_cell(row.get(key)) for key, _ in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> Response:
    content = workbook_bytes(columns, rows, title=filename.rsplit(".", 1)[0])
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=XLSX_MEDIA, headers={"content-disposition": disposition})


async def read_upload(upload: UploadFile, columns: Sequence[Column]) -> list[tuple[int, dict[str, str]]]:
    """Rows of an uploaded .xlsx or .csv as (sheet row number, {key: text}); headers matched by label or key."""
    data = await upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise Problem(413, "file_too_large", "导入文件不能超过 5MB")
    name = (upload.filename or "").lower()
    if name.endswith(".csv"):
        text = data.decode("utf-8-sig", errors="replace")
        raw_rows = list(csv.reader(io.StringIO(text)))
    elif name.endswith(".xlsx"):
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise Problem(422, "bad_file", "无法读取该 .xlsx 文件") from exc
        ws = wb.worksheets[0]
        raw_rows = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    else:
        raise Problem(415, "unsupported_file", "只支持 .xlsx 或 .csv 文件")
    if not raw_rows:
        raise Problem(422, "empty_file", "文件是空的")
    by_label = {label: key for key, label in columns} | {key: key for key, _ in columns}
    header = [by_label.get(h.strip()) for h in raw_rows[0]]
    if not any(header):
        raise Problem(422, "bad_header", "第一行必须是表头: " + "、".join(label for _, label in columns))
    rows: list[tuple[int, dict[str, str]]] = []
    for number, raw in enumerate(raw_rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        rows.append((number, {key: raw[i].strip() for i, key in enumerate(header) if key and i < len(raw)}))
    if len(rows) > MAX_IMPORT_ROWS:
        raise Problem(413, "too_many_rows", f"一次最多导入 {MAX_IMPORT_ROWS} 行")
    return rows
