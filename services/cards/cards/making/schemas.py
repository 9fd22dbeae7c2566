"""Requests and responses of 制卡管理, and the list's filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from cards.common import CardNo, Reason, ResponseModel, ReviewedRequest
from cards.making.models import BatchStatus
from shared.events.common import Actor
from shared.types import Integer, ListPage, Option, Text

CARD_TYPES = ("实体卡", "电子卡")
CardType = Literal["实体卡", "电子卡"]
MAX_BATCH_QUANTITY = 1_000_000
City = Annotated[Text, StringConstraints(min_length=1, max_length=32)]


class MakingBatchIn(BaseModel):
    city: City = Field(..., description="所属城市")
    card_type: CardType = Field(..., description="卡片类型")
    quantity: Integer = Field(..., ge=1, le=MAX_BATCH_QUANTITY, description="制卡数量")
    remark: Reason = ""


class PasswordResetIn(BaseModel):
    card_no_from: CardNo
    card_no_to: CardNo
    reason: Reason = ""


@dataclass(frozen=True)
class BatchFilters:
    keyword: str | None = None
    city: str | None = None
    card_type: CardType | None = None
    status: BatchStatus | None = None
    date_from: date | None = None  # requested on or after this Shanghai day
    date_to: date | None = None


class BatchOut(ReviewedRequest):
    id: int
    batch_no: str
    city: str
    card_type: str
    quantity: int
    card_no_start: str | None = Field(description="卡号范围起（审核通过后分配）")
    card_no_end: str | None
    card_range: str
    status: BatchStatus
    status_label: str
    remark: str
    created_by: Actor
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


class PasswordSetOut(ResponseModel):
    id: int
    making_batch_id: int
    kind: Literal["making", "reset"]
    kind_label: str
    card_no_start: str
    card_no_end: str
    card_count: int
    reason: str
    created_by: Actor
    created_at: datetime
    exported: bool
    exported_at: datetime | None
    exported_by: Actor | None


class BatchDetail(BatchOut):
    password_sets: list[PasswordSetOut]


class PasswordSets(ResponseModel):
    data_list: list[PasswordSetOut]


class BatchPage(ListPage[BatchOut]):
    status_list: list[Option] | None = None
    card_type_list: list[Option] | None = None
    city_list: list[Option] | None = None
