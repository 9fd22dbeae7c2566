"""Request and response models of the service-contact routes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

from pydantic import BaseModel, Field, model_validator

from crm.schemas import Row, StrictBody
from shared.types import Count, Flag, Integer, ListPage, Name, Option, ShortText

PHONE_PATTERN = r"^[0-9+\-() ]{3,32}$"


class ServiceContactIn(StrictBody):
    name: Name = Field(max_length=64)
    phone: ShortText = Field("", max_length=32, pattern=r"^$|" + PHONE_PATTERN)
    wechat: ShortText = Field("", max_length=64)
    hours: ShortText = Field("", max_length=64)  # 服务时间
    shown: Flag = True
    sort: Integer = Field(0, ge=0, le=1_000_000)  # Count would override these bounds with its own
    version: Count | None = Field(None, ge=1)  # required by PUT (or If-Match)

    @model_validator(mode="after")
    def reachable(self) -> Self:
        if not self.phone and not self.wechat:
            raise ValueError("电话和微信至少填写一项")
        return self


@dataclass(frozen=True)
class ServiceContactFilters:
    keyword: str | None = None
    shown: bool | None = None


class ServiceContactRow(Row):
    id: int
    name: str
    phone: str
    wechat: str
    hours: str
    shown: bool
    sort: int
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, c: Any) -> Self:
        return cls.from_columns(c)


class ServiceContactPage(ListPage[ServiceContactRow]):
    shown_list: list[Option] | None = None


class AppServiceContact(Row):
    """What the member app shows of a contact."""

    id: int
    name: str
    phone: str
    wechat: str
    hours: str


class AppServiceContacts(BaseModel):
    data_list: list[AppServiceContact]
