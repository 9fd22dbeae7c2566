"""Request and response models of the owner-change routes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, Field, model_validator

from crm.common import OWNER_CHANGE_STATUSES
from crm.schemas import ActorOut, Row, Strict
from shared.problems import Problem
from shared.types import Id, ListPage, Option, Text

OwnerChangeStatus = Literal["pending", "approved", "rejected"]


class OwnerChangeCreate(Strict):
    """Either one customer (`customer_id`) or every customer of a departing salesperson (`from_owner_id`);
    `to_owner_id` null moves them to the public pool."""

    customer_id: Id | None = None
    from_owner_id: Id | None = None
    to_owner_id: Id | None = None
    note: Text = Field("", max_length=500)

    @model_validator(mode="after")
    def _one_target(self) -> OwnerChangeCreate:
        if (self.customer_id is None) == (self.from_owner_id is None):
            raise Problem(
                422,
                "validation_error",
                "customer_id 与 from_owner_id 必须且只能填一个",
                errors=[{"field": "customer_id", "message": "customer_id 与 from_owner_id 二选一"}],
            )
        return self


@dataclass(frozen=True)
class OwnerChangeFilters:
    keyword: str | None = None
    status: str | None = None
    customer_id: int | None = None
    owner_id: int | None = None  # the old or the new owner


class OwnerChangeRow(Row):
    id: int
    kind: Literal["customer", "all_of_owner"]
    customer_id: int | None
    customer_name: str
    from_owner: ActorOut
    to_owner: ActorOut
    status: OwnerChangeStatus
    status_label: str
    note: str
    reviewer: ActorOut | None
    reviewed_at: datetime | None
    review_reason: str
    moved_count: int
    created_by: ActorOut
    created_at: datetime
    updated_at: datetime
    deletable: bool

    @classmethod
    def of(cls, o: Any) -> Self:
        """From an `OwnerChange`."""
        return cls.from_columns(
            o,
            customer_name=o.customer_name or ("（全部客户）" if o.kind == "all_of_owner" else ""),
            from_owner=ActorOut.of(o, "from_owner"),
            to_owner={"id": o.to_owner_id, "name": o.to_owner_name or "公海"},  # nobody's: the public pool
            status_label=OWNER_CHANGE_STATUSES[o.status],
            reviewer=ActorOut.of(o, "reviewer") if o.reviewed_at else None,
            created_by=ActorOut.of(o, "created_by"),
            deletable=o.status == "pending",
        )


class OwnerChangePage(ListPage[OwnerChangeRow]):
    status_list: list[Option] | None = None
    admin_list: list[Option] | None = None


class PendingCount(BaseModel):
    pending: int
