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
        return cls(
            id=f.id,
            customer_id=f.customer_id,
            customer_name=c.name,
            owner_id=c.owner_id,
            owner_name=c.owner_name,
            method=f.method,
            followed_at=f.followed_at,
            next_at=f.next_at,
            next_plan=f.next_plan,
            note=f.note,
            created_by={"id": f.created_by_id, "name": f.created_by_name},
            created_at=f.created_at,
            updated_at=f.updated_at,
            version=f.version,
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
