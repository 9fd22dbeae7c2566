"""Request and response models of the follow-up routes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, Field

from crm.schemas import ActorOut, Row, Strict
from shared.types import Count, Id, ListPage, Moment, Option, Text

FollowUpMethod = Literal["电话", "上门拜访", "微信", "邮件", "其他"]


class FollowUpFields(Strict):
    method: FollowUpMethod
    followed_at: Moment  # 跟进时间
    next_at: Moment | None = None  # 计划跟进时间
    next_plan: Text = Field("", max_length=1000)  # 下一步计划
    note: Text = Field("", max_length=2000)


class FollowUpCreate(FollowUpFields):
    customer_id: Id


class FollowUpUpdate(FollowUpFields):
    version: Count | None = Field(None, ge=1)


@dataclass(frozen=True)
class FollowUpFilters:
    keyword: str | None = None
    customer_id: int | None = None
    owner_id: int | None = None
    dept_id: int | None = None
    method: str | None = None
    date_from: date | None = None  # followed on or after this Shanghai day
    date_to: date | None = None


class FollowUpRow(Row):
    """A follow-up with its customer's current owner (当前跟进人)."""

    id: int
    customer_id: int
    customer_name: str
    owner_id: int | None
    owner_name: str
    method: FollowUpMethod
    followed_at: datetime
    next_at: datetime | None
    next_plan: str
    note: str
    created_by: ActorOut
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, f: Any, c: Any, **extra: Any) -> Self:
        """From a `FollowUp` and its `Customer`."""
        return cls.from_columns(
            f,
            customer_name=c.name,
            owner_id=c.owner_id,  # the customer's current owner, not the one it had when followed up
            owner_name=c.owner_name,
            created_by=ActorOut.of(f, "created_by"),
            **extra,
        )


class DueFollowUpRow(FollowUpRow):
    overdue: bool


class FollowUpPage(ListPage[FollowUpRow]):
    method_list: list[Option] | None = None
    admin_list: list[Option] | None = None


class DueFollowUps(BaseModel):
    data_list: list[DueFollowUpRow]
    total: int
