"""Date filters: business dates are Asia/Shanghai days (SPEC 3)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def day_end(day: date) -> datetime:
    """The start of the next day: `created_at < day_end(to)` keeps all of `to`."""
    return day_start(day + timedelta(days=1))
