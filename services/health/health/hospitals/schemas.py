"""Request bodies: hospitals, hospital staff, schedules."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from health.common import ContactPhone, Email, Name50, Name100, Phone, StrictModel, Version
from shared.problems import field_error

Channel = Literal["online", "offline", "both"]
ActiveStatus = Literal["active", "disabled"]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)]
Hours = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Address = Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)]
MAX_CAPACITY = 10_000
MAX_SCHEDULE_DAYS = 366


class HospitalIn(StrictModel):
    name: Name100
    brand_id: int = Field(ge=1)
    channel: Channel = "both"
    phone: ContactPhone = ""
    business_hours: Hours = ""
    province: Short = "江西省"
    city: Short = "南昌市"
    district_id: int | None = Field(None, ge=1)
    address: Address = ""
    status: ActiveStatus = "active"


class HospitalPatch(StrictModel):
    name: Name100 | None = None
    brand_id: int | None = Field(None, ge=1)
    channel: Channel | None = None
    phone: ContactPhone | None = None
    business_hours: Hours | None = None
    province: Short | None = None
    city: Short | None = None
    district_id: int | None = Field(None, ge=1)
    address: Address | None = None
    status: ActiveStatus | None = None
    version: Version | None = None


class StaffIn(StrictModel):
    hospital_id: int = Field(ge=1)
    name: Name50
    phone: Phone
    email: Email = ""
    position: Short = ""
    status: ActiveStatus = "active"


class StaffPatch(StrictModel):
    hospital_id: int | None = Field(None, ge=1)
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
    capacity: int | None = Field(None, ge=0, le=MAX_CAPACITY)
    closed: bool = False

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
