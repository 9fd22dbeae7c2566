"""The reports' date range and periods: the filter, which rollup rows cover a range, and the report periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from fastapi import Query
from pydantic import BaseModel
from sqlalchemy import Date, and_, cast, false, func, literal_column, or_
from sqlalchemy.sql.elements import ColumnElement

from reports.projections.models import Grain
from shared.listing import check_range
from shared.problems import Problem


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


# The days a rollup row can hold: a range reaching past them is cut to them first, so the month and year
# arithmetic below never steps outside what `date` can hold (a filter of 0001-01-01 or 9999-12-31 is valid).
FIRST_DAY = date(2, 1, 1)
LAST_DAY = date(9998, 12, 31)


def cover(date_from: date | None, date_to: date | None, *, finest: Granularity | None = None) -> Cover:
    """Which rows to read for a range. `finest`: the report's own periods, which the rows may not be coarser
    than (a per-month report cannot read year rows, a per-day report reads day rows only)."""
    if (date_from is not None and date_from > LAST_DAY) or (date_to is not None and date_to < FIRST_DAY):
        return Cover()  # nothing can be there
    if date_from is not None and date_from < FIRST_DAY:
        date_from = FIRST_DAY
    if date_to is not None and date_to > LAST_DAY:
        date_to = LAST_DAY
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
