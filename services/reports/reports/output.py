"""What a report answers: the typed page (rows, paging, totals, freshness, option lists) or an .xlsx export."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from reports.freshness import Freshness, QueueProbe, freshness
from shared.listing import PageParams
from shared.types import ListPage, Row
from shared.xlsx import XLSX_MEDIA, Column, xlsx_response

Totals = TypeVar("Totals", bound=BaseModel)
# An export route's documented answer (declared with response_class=Response).
XLSX_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"description": "Excel 文件（最后一行为合计）", "content": {XLSX_MEDIA: {}}}
}


class ReportPage(ListPage[Row], Generic[Row, Totals]):
    """A report's list shape: `{data_list, page, page_size, total, totals, freshness, *_list}`. `totals` add up
    every row of the result (not only the page); subclasses declare the report's option lists."""

    totals: Totals
    freshness: Freshness


Page = TypeVar("Page", bound=ReportPage[Any, Any])


def report_page(
    page_type: type[Page],
    rows: Sequence[BaseModel],
    total: int,
    params: PageParams,
    totals: BaseModel,
    fresh: Freshness,
    option_lists: Mapping[str, Any],
) -> Page:
    """The page; option lists only with `with_options=1` (left unset otherwise, so the answer leaves them out)."""
    values: dict[str, Any] = {
        "data_list": rows,
        "page": params.page,
        "page_size": params.page_size,
        "total": total,
        "totals": totals,
        "freshness": fresh,
    }
    if params.with_options:
        values.update(option_lists)
    return page_type(**values)


async def answer_page(
    session: AsyncSession,
    page_type: type[Page],
    found: tuple[Sequence[BaseModel], int, BaseModel],
    params: PageParams,
    probe: QueueProbe | None,
    option_lists: Callable[[], Awaitable[Mapping[str, Any]]],
) -> Page:
    """The page of what a report query found (rows, row count, totals) with the projection's freshness; the
    option lists are looked up only when asked for (`with_options=1`), they can cost more than the rows."""
    rows, total, totals = found
    lists = await option_lists() if params.with_options else {}
    return report_page(page_type, rows, total, params, totals, await freshness(session, probe), lists)


def export(filename: str, columns: Sequence[Column], rows: Sequence[BaseModel], totals: BaseModel) -> Response:
    """The rows as .xlsx, with the totals as a last row labelled 合计 in the first column."""
    data = [_numbers(r.model_dump(mode="json")) for r in rows]
    totals_row = _numbers(totals.model_dump(mode="json"))
    totals_row[columns[0][0]] = "合计"
    return xlsx_response(filename, columns, [*data, totals_row])


_AMOUNT = re.compile(r"-?\d+\.\d{2}")


def _numbers(row: dict[str, Any]) -> dict[str, Any]:
    """Amounts travel as strings in JSON; in a sheet they are numbers people can add up."""
    return {k: Decimal(v) if isinstance(v, str) and _AMOUNT.fullmatch(v) else v for k, v in row.items()}
