"""Business dates are Asia/Shanghai days (SPEC 3): the zone, the day of an instant, and a day's bounds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
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
