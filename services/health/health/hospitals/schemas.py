"""Requests and responses: hospitals, hospital staff, schedules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from health.common import ContactPhone, Email, Name50, Name100, Phone, ResponseModel, Short, StrictModel, Version
from shared.events.common import Actor
from shared.problems import field_error
from shared.types import Flag, Id, Integer, ListPage, Option, Text

Channel = Literal["online", "offline", "both"]
ActiveStatus = Literal["active", "disabled"]
Hours = Annotated[Text, StringConstraints(strip_whitespace=True, max_length=100)]
Address = Annotated[Text, StringConstraints(strip_whitespace=True, max_length=255)]
MAX_CAPACITY = 10_000
MAX_SCHEDULE_DAYS = 366


class HospitalIn(StrictModel):
    name: Name100
    brand_id: Id
    channel: Channel = "both"
    phone: ContactPhone = ""
    business_hours: Hours = ""
    province: Short = "江西省"
    city: Short = "南昌市"
    district_id: Id | None = None
    address: Address = ""
    status: ActiveStatus = "active"


class HospitalPatch(StrictModel):
    name: Name100 | None = None
    brand_id: Id | None = None
    channel: Channel | None = None
    phone: ContactPhone | None = None
    business_hours: Hours | None = None
    province: Short | None = None
    city: Short | None = None
    district_id: Id | None = None
    address: Address | None = None
    status: ActiveStatus | None = None
    version: Version | None = None


class StaffIn(StrictModel):
    hospital_id: Id
    name: Name50
    phone: Phone
    email: Email = ""
    position: Short = ""
    status: ActiveStatus = "active"


class StaffPatch(StrictModel):
    hospital_id: Id | None = None
    name: Name50 | None = None
    phone: Phone | None = None
    email: Email | None = None
    position: Short | None = None
    status: ActiveStatus | None = None
    version: Version | None = None


class ScheduleDay(StrictModel):
    day: date
    capacity: int = Field(ge=0, le=MAX_CAPACITY)
    closed: bool = False


class ScheduleSet(StrictModel):
    """Bulk set: explicit `days`, or a range `day_from`..`day_to` on some weekdays (1 = Monday) with one capacity."""

    days: list[ScheduleDay] = Field(default_factory=list, max_length=MAX_SCHEDULE_DAYS)
    day_from: date | None = None
    day_to: date | None = None
    weekdays: list[Annotated[int, Field(ge=1, le=7)]] = Field(default_factory=lambda: [1, 2, 3, 4, 5, 6, 7])
    capacity: Integer | None = Field(None, ge=0, le=MAX_CAPACITY)
    closed: Flag = False

    @model_validator(mode="after")
    def _one_form(self) -> ScheduleSet:
        ranged = self.day_from is not None or self.day_to is not None
        if self.days and ranged:
            raise field_error("days", "days 与 day_from/day_to 只能二选一")
        if not self.days and not ranged:
            raise field_error("days", "请提供 days，或 day_from/day_to 与 capacity")
        if ranged:
            if self.day_from is None or self.day_to is None:
                raise field_error("day_to", "day_from 与 day_to 需同时提供")
            if self.day_from > self.day_to:
                raise field_error("day_from", "起始日期不能晚于结束日期", "invalid_range")
            if (self.day_to - self.day_from).days >= MAX_SCHEDULE_DAYS:
                raise field_error("day_to", f"一次最多设置 {MAX_SCHEDULE_DAYS} 天")
            if self.capacity is None:
                raise field_error("capacity", "按日期范围设置时必须提供 capacity")
        if len({d.day for d in self.days}) != len(self.days):
            raise field_error("days", "日期重复")
        return self


# ---------------------------------------------------------------- list filters (built from the query by the router)


@dataclass(frozen=True)
class HospitalFilters:
    keyword: str | None = None
    brand_id: int | None = None
    channel: Channel | None = None
    district_id: int | None = None
    status: ActiveStatus | None = None


@dataclass(frozen=True)
class StaffFilters:
    keyword: str | None = None
    hospital_id: int | None = None
    status: ActiveStatus | None = None


# ---------------------------------------------------------------- responses


class HospitalOut(ResponseModel):
    id: int
    name: str
    brand_id: int
    brand_name: str
    channel: Channel
    channel_label: str
    phone: str
    business_hours: str
    province: str
    city: str
    district: str
    district_id: int | None
    region: str = Field(description="省市区，空格分隔")
    address: str
    status: ActiveStatus
    status_label: str
    created_by: Actor
    created_at: datetime
    updated_at: datetime
    version: int


class HospitalPage(ListPage[HospitalOut]):
    brand_list: list[Option] | None = None
    district_list: list[Option] | None = None
    channel_list: list[Option] | None = None
    status_list: list[Option] | None = None


class DistrictOptions(ResponseModel):
    district_list: list[Option]


class StaffOut(ResponseModel):
    id: int
    hospital_id: int
    hospital_name: str
    name: str
    phone: str
    email: str
    position: str
    status: ActiveStatus
    status_label: str
    created_by: Actor
    created_at: datetime
    updated_at: datetime
    version: int


class StaffPage(ListPage[StaffOut]):
    hospital_list: list[Option] | None = None
    status_list: list[Option] | None = None


class ScheduleDayOut(ResponseModel):
    day: date
    weekday: int = Field(description="1 = 周一 ... 7 = 周日")
    weekday_label: str
    capacity: int
    booked: int
    available: int
    closed: bool
    scheduled: bool = Field(description="false: 该日从未设置排班")


class MonthSchedule(ResponseModel):
    """排班日历: every day of the month."""

    hospital_id: int
    hospital_name: str
    month: str = Field(examples=["2026-12"])
    total_capacity: int
    total_booked: int
    days: list[ScheduleDayOut]


class ScheduleWritten(ResponseModel):
    updated_days: int
