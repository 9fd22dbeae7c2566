"""Business dates are Asia/Shanghai days (docs/architecture.md): the zone, the day of an instant, and a day's bounds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def business_date(moment: datetime) -> date:
    """The Shanghai day an aware instant falls on."""
    return moment.astimezone(SHANGHAI).date()


def day_start(day: date) -> datetime:
    """Midnight (Shanghai) opening `day`, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def day_end(day: date) -> datetime:
    """Midnight opening the next day: `created_at < day_end(to)` keeps all of `to`."""
    return day_start(day + timedelta(days=1))


def within_days(column: Any, date_from: date | None, date_to: date | None) -> list[Any]:
    """`date_from`/`date_to` over a timestamp column: whole Shanghai days, both ends included (what the two
    filters mean on every list of the suite). SQL clauses to AND together; none when both are None."""
    clauses: list[Any] = []
    if date_from is not None:
        clauses.append(column >= day_start(date_from))
    if date_to is not None:
        clauses.append(column < day_end(date_to))
    return clauses
