"""What the five reports share: the date range, periods, names, freshness, the response and the export."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

import aio_pika
from fastapi import FastAPI, Query, Request
from pydantic import BaseModel
from sqlalchemy import Date, Select, and_, cast, false, func, literal_column, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from starlette.responses import Response

from reports.projections.models import DimName, Grain, StoredEvent
from shared.bus.topology import BusNames
from shared.listing import PageParams, apply_sort, check_range, options
from shared.money import format_money
from shared.problems import Problem
from shared.xlsx import Column, xlsx_response

# An export is one sheet; more rows than this means the filters are too wide for a spreadsheet.
MAX_EXPORT_ROWS = 100_000


# ---------------------------------------------------------------- filters


class DateRange(BaseModel):
    date_from: date | None = None
    date_to: date | None = None


def date_range(
    date_from: date | None = Query(None, description="开始日期（含），上海日期 YYYY-MM-DD"),
    date_to: date | None = Query(None, description="结束日期（含），上海日期 YYYY-MM-DD"),
) -> DateRange:
    check_range("date", date_from, date_to)
    return DateRange(date_from=date_from, date_to=date_to)


def day_filters(day_col: Any, window: DateRange) -> list[ColumnElement[bool]]:
    """The range on a plain date column (the sales facts; rollups use `cover`)."""
    return _between(day_col, window.date_from, window.date_to)


Range = tuple[date | None, date | None]  # inclusive; None: open on that side


@dataclass(frozen=True)
class Cover:
    """The rollup rows that add up to exactly [date_from, date_to]: whole years from year rows, whole
    months from month rows, the ragged edges from day rows. Each day is read exactly once."""

    years: tuple[Range, ...] = ()
    months: tuple[Range, ...] = ()
    days: tuple[Range, ...] = ()

    def clause(self, grain_col: Any, period_col: Any) -> ColumnElement[bool]:
        parts = [
            and_(grain_col == grain, *_between(period_col, low, high))
            for grain, ranges in ((Grain.YEAR, self.years), (Grain.MONTH, self.months), (Grain.DAY, self.days))
            for low, high in ranges
        ]
        return or_(*parts) if parts else false()


def _between(column: Any, low: date | None, high: date | None) -> list[ColumnElement[bool]]:
    found = []
    if low is not None:
        found.append(column >= low)
    if high is not None:
        found.append(column <= high)
    return found


def _month_end(month_start: date) -> date:
    return (month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _months_and_days(low: date, high: date) -> tuple[list[Range], list[Range]]:
    """Whole months of [low, high] as month rows, the rest as day rows."""
    first = low if low.day == 1 else _month_end(low) + timedelta(days=1)
    last = (
        high.replace(day=1)
        if high == _month_end(high.replace(day=1))
        else (high.replace(day=1) - timedelta(days=1)).replace(day=1)
    )
    if first > last:
        return [], [(low, high)]
    days = []
    if low < first:
        days.append((low, first - timedelta(days=1)))
    if high > _month_end(last):
        days.append((_month_end(last) + timedelta(days=1), high))
    return [(first, last)], days


def cover(date_from: date | None, date_to: date | None, *, finest: Granularity | None = None) -> Cover:
    """Which rows to read for a range. `finest`: the report's own periods, which the rows may not be coarser
    than (a per-month report cannot read year rows, a per-day report reads day rows only)."""
    if finest == Granularity.DAY:
        return Cover(days=((date_from, date_to),))
    if finest == Granularity.MONTH:
        return _without_years(date_from, date_to)
    first_year = (
        None
        if date_from is None
        else (date_from if (date_from.month, date_from.day) == (1, 1) else date(date_from.year + 1, 1, 1))
    )
    last_year = (
        None
        if date_to is None
        else (date(date_to.year, 1, 1) if (date_to.month, date_to.day) == (12, 31) else date(date_to.year - 1, 1, 1))
    )
    if date_from is not None and date_to is not None and first_year > last_year:  # type: ignore[operator]
        return _without_years(date_from, date_to)
    months: list[Range] = []
    days: list[Range] = []
    if date_from is not None and first_year is not None and date_from < first_year:
        m, d = _months_and_days(date_from, first_year - timedelta(days=1))
        months, days = months + m, days + d
    if date_to is not None and last_year is not None and date_to > date(last_year.year, 12, 31):
        m, d = _months_and_days(date(last_year.year + 1, 1, 1), date_to)
        months, days = months + m, days + d
    return Cover(((first_year, last_year),), tuple(months), tuple(days))


def _without_years(date_from: date | None, date_to: date | None) -> Cover:
    if date_from is None or date_to is None:
        # Open-ended: every month row on the open side, day rows only at the closed edge's ragged month.
        low_month = (
            None
            if date_from is None
            else (date_from if date_from.day == 1 else _month_end(date_from) + timedelta(days=1))
        )
        high_month = (
            None
            if date_to is None
            else (
                date_to.replace(day=1)
                if date_to == _month_end(date_to.replace(day=1))
                else (date_to.replace(day=1) - timedelta(days=1)).replace(day=1)
            )
        )
        days: list[Range] = []
        if date_from is not None and low_month is not None and date_from < low_month:
            days.append((date_from, low_month - timedelta(days=1)))
        if date_to is not None and high_month is not None and date_to > _month_end(high_month):
            days.append((_month_end(high_month) + timedelta(days=1), date_to))
        return Cover(months=((low_month, high_month),), days=tuple(days))
    months, days = _months_and_days(date_from, date_to)
    return Cover(months=tuple(months), days=tuple(days))


class Granularity(StrEnum):
    DAY = "day"
    MONTH = "month"
    ALL = "all"


# A per-day report over more than a quarter is tens of thousands of rows: ask for months instead.
MAX_DAYS_PER_DAY_REPORT = 92


def check_day_granularity(window: DateRange, granularity: Granularity) -> None:
    if granularity != Granularity.DAY:
        return
    if window.date_from is None or window.date_to is None:
        raise Problem(
            422,
            "range_required",
            "按日统计需要指定开始和结束日期",
            errors=[{"field": "date_from", "message": "按日统计需要日期范围"}],
        )
    if (window.date_to - window.date_from).days + 1 > MAX_DAYS_PER_DAY_REPORT:
        raise Problem(
            422,
            "range_too_long",
            f"按日统计最多 {MAX_DAYS_PER_DAY_REPORT} 天，请缩小日期范围或按月统计",
            errors=[{"field": "granularity", "message": f"按日统计最多 {MAX_DAYS_PER_DAY_REPORT} 天"}],
        )


GRANULARITY_LABELS = {Granularity.DAY: "按日", Granularity.MONTH: "按月", Granularity.ALL: "整个区间"}


def period_of(day_col: Any, granularity: Granularity) -> ColumnElement[Any]:
    """The report period a day (or a month row's first day) falls in, as a date (months: their first day)."""
    if granularity == Granularity.DAY:
        return day_col
    if granularity == Granularity.MONTH:
        return cast(func.date_trunc("month", day_col), Date)
    # The whole range is one period: a constant groups every day together.
    return literal_column("CAST(NULL AS date)")


def period_label(value: date | None, granularity: Granularity, window: DateRange) -> str:
    if granularity == Granularity.ALL or value is None:
        start = window.date_from.isoformat() if window.date_from else "开始"
        end = window.date_to.isoformat() if window.date_to else "至今"
        return f"{start} ~ {end}"
    if granularity == Granularity.MONTH:
        return value.strftime("%Y-%m")
    return value.isoformat()


# ---------------------------------------------------------------- names


def join_name(stmt: Select[Any], id_col: Any, kind: str, alias_name: str) -> tuple[Select[Any], Any]:
    dim = DimName.__table__.alias(alias_name)
    stmt = stmt.outerjoin(dim, (dim.c.kind == kind) & (dim.c.id == id_col))
    return stmt, func.coalesce(dim.c.name, "")


async def dim_options(session: AsyncSession, kind: str, ids: Select[Any] | None = None) -> list[dict[str, str]]:
    """An option list of one kind of name, optionally only the ids a subquery yields (the caller's scope)."""
    dim = DimName.__table__
    stmt = select(dim.c.id, dim.c.name).where(dim.c.kind == kind)
    if ids is not None:
        stmt = stmt.where(dim.c.id.in_(ids))
    rows = (await session.execute(stmt.order_by(dim.c.name, dim.c.id))).all()
    return options((r.id, r.name) for r in rows)


def ids_named(kind: str, keyword: str) -> Select[Any]:
    """Ids of one kind whose name contains `keyword` (the reports' keyword search)."""
    dim = DimName.__table__
    return select(dim.c.id).where(dim.c.kind == kind, dim.c.name.ilike(f"%{keyword.strip()}%"))


# ---------------------------------------------------------------- freshness


class QueueProbe:
    """Reads how many messages wait in the reports queue (passive declare) over one kept connection and
    channel; the figure is reused for `ttl` seconds, so a busy report page costs the broker nothing more."""

    def __init__(self, amqp_url: str, queue_name: str, ttl: float = 1.0) -> None:
        self.amqp_url = amqp_url
        self.queue_name = queue_name
        self.ttl = ttl
        self._connection: aio_pika.abc.AbstractConnection | None = None
        self._channel: aio_pika.abc.AbstractChannel | None = None
        self._lock = asyncio.Lock()
        self._cached: tuple[float, int | None] | None = None

    async def waiting(self) -> int | None:
        async with self._lock:
            now = time.monotonic()
            if self._cached is not None and now - self._cached[0] < self.ttl:
                return self._cached[1]
            value = await self._read()
            self._cached = (time.monotonic(), value)
            return value

    async def _read(self) -> int | None:
        try:
            if self._connection is None or self._connection.is_closed:
                self._connection = await asyncio.wait_for(aio_pika.connect(self.amqp_url), timeout=2)
                self._channel = None
            if self._channel is None or self._channel.is_closed:
                # A passive declare of a missing queue closes the channel: open another next time.
                self._channel = await asyncio.wait_for(self._connection.channel(), timeout=2)
            queue = await asyncio.wait_for(self._channel.declare_queue(self.queue_name, passive=True), timeout=2)
            return int(queue.declaration_result.message_count)
        except Exception:
            # Broker down or queue not declared yet: the figure is unknown, the report still answers.
            return None

    async def close(self) -> None:
        if self._connection is not None and not self._connection.is_closed:
            await self._connection.close()


async def install_queue_probe(app: FastAPI) -> None:
    suite = app.state.settings.suite
    app.state.queue_probe = QueueProbe(suite.amqp_url, BusNames(suite.bus_prefix).queue("reports"))


async def close_queue_probe(app: FastAPI) -> None:
    probe: QueueProbe | None = getattr(app.state, "queue_probe", None)
    if probe is not None:
        await probe.close()


class Freshness(BaseModel):
    newest_event_at: datetime | None = None
    applied_at: datetime | None = None
    seconds_behind: float | None = None
    queue_waiting: int | None = None


async def freshness(session: AsyncSession, request: Request) -> Freshness:
    """Newest event applied (when it happened, when it was applied), how old that is, and what still waits."""
    store = StoredEvent.__table__
    row = (await session.execute(select(func.max(store.c.occurred_at), func.max(store.c.applied_at)))).one()
    probe: QueueProbe | None = getattr(request.app.state, "queue_probe", None)
    waiting = await probe.waiting() if probe is not None else None
    newest, applied = row
    # A producer clock slightly ahead of ours is not "ahead of now": never report a negative lag.
    behind = max(0.0, round((datetime.now(UTC) - newest).total_seconds(), 3)) if newest is not None else None
    return Freshness(newest_event_at=newest, applied_at=applied, seconds_behind=behind, queue_waiting=waiting)


# ---------------------------------------------------------------- running a grouped query


async def run_report(
    session: AsyncSession,
    grouped: Select[Any],
    measures: Sequence[str],
    params: PageParams | None,
    sortable: Mapping[str, str],
    default_sort: Sequence[tuple[str, bool]],
    decorate: Callable[[Any], Select[Any]],
) -> tuple[list[Any], int, dict[str, Any]]:
    """Page (or all, for an export) of a grouped report query, its row count and its totals.

    `grouped` yields one row per report row; `decorate(subquery)` selects from it and adds the names;
    sorting goes by the names in `sortable` (public name -> column of the decorated select).
    """
    g = grouped.subquery("g")
    stmt = decorate(g)
    columns = {c.name: c for c in stmt.selected_columns}
    allowed = {public: columns[name] for public, name in sortable.items()}
    default = [columns[name].desc() if desc else columns[name].asc() for name, desc in default_sort]
    stmt = apply_sort(stmt, params.sort if params else None, allowed, default)
    if params is None:
        total, totals = await _totals(session, g, measures)
        if total > MAX_EXPORT_ROWS:
            # An export never drops rows silently: the caller narrows the filters instead.
            raise Problem(
                422,
                "export_too_large",
                f"导出结果有 {total} 行，超过 {MAX_EXPORT_ROWS} 行的上限，请缩小日期范围或增加筛选条件",
                errors=[{"field": "date_from", "message": "请缩小日期范围"}],
            )
        return list((await session.execute(stmt)).all()), total, totals
    if _sorts_by_figures(params.sort, sortable, g):
        rows = await _page_then_names(session, g, measures, params, sortable, default_sort, decorate)
    else:
        # Sorted by a name: every row needs its names before the page can be cut.
        windowed = stmt.add_columns(*_window_totals(g, measures))
        rows = (await session.execute(windowed.limit(params.page_size).offset(params.offset))).all()
    if not rows:  # past the last page (or nothing at all): the totals still describe the whole result
        total, totals = await _totals(session, g, measures)
        return [], total, totals
    first = rows[0]._mapping
    return list(rows), int(first["_total"]), {m: first[f"_total_{m}"] for m in measures}


def _window_totals(g: Any, measures: Sequence[str]) -> list[Any]:
    """The row count and the totals, riding along each row as window sums over every group (one pass)."""
    return [func.count().over().label("_total"), *(func.sum(g.c[m]).over().label(f"_total_{m}") for m in measures)]


def _sorts_by_figures(sort: str | None, sortable: Mapping[str, str], g: Any) -> bool:
    requested = [part.strip().lstrip("-+") for part in sort.split(",")] if sort else []
    return all(sortable.get(name) in g.c for name in requested)


async def _page_then_names(
    session: AsyncSession,
    g: Any,
    measures: Sequence[str],
    params: PageParams,
    sortable: Mapping[str, str],
    default_sort: Sequence[tuple[str, bool]],
    decorate: Callable[[Any], Select[Any]],
) -> list[Any]:
    """Cuts the page first and looks the names up for its rows only (not for every group)."""

    def ordered(stmt: Select[Any], source: Any) -> Select[Any]:
        allowed = {public: source.c[name] for public, name in sortable.items() if name in source.c}
        default = [source.c[n].desc() if desc else source.c[n].asc() for n, desc in default_sort]
        return apply_sort(stmt, params.sort, allowed, default)

    inner = ordered(select(g, *_window_totals(g, measures)), g).limit(params.page_size).offset(params.offset)
    page = inner.subquery("page")
    return list((await session.execute(ordered(decorate(page), page))).all())


async def _totals(session: AsyncSession, g: Any, measures: Sequence[str]) -> tuple[int, dict[str, Any]]:
    totals_stmt = select(func.count(), *(func.coalesce(func.sum(g.c[m]), 0) for m in measures)).select_from(g)
    row = (await session.execute(totals_stmt)).one()
    return int(row[0]), dict(zip(measures, row[1:], strict=True))


def ratio(part: int | Decimal, whole: int | Decimal) -> str | None:
    """A percentage with two places ("87.50"), or None when there is nothing to divide by."""
    if not whole:
        return None
    return format_money(Decimal(part) * 100 / Decimal(whole))


def report_body(
    rows: Sequence[BaseModel],
    total: int,
    params: PageParams,
    totals: BaseModel,
    fresh: Freshness,
    option_lists: Mapping[str, Any],
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "data_list": [r.model_dump(mode="json") for r in rows],
        "page": params.page,
        "page_size": params.page_size,
        "total": total,
        "totals": totals.model_dump(mode="json"),
        "freshness": fresh.model_dump(mode="json"),
    }
    if params.with_options:
        body.update(option_lists)
    return body


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
