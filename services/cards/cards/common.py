"""Pieces several card domains share: review columns, request statuses, card ranges in requests, masking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import BigInteger, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement
from starlette.responses import JSONResponse

from cards.numbers import SeqRange, card_no, first_overlap, require_card_no
from shared.dates import within_days
from shared.events.common import Actor
from shared.idempotency import StoredResponse
from shared.listing import check_range, keyword_clause
from shared.problems import Problem
from shared.types import Flag, Text

# Free text of requests: no control characters (shared.types.Text), sized to the columns.
Reason = Annotated[Text, StringConstraints(max_length=255)]
# A card number as typed; its form and check digit are checked where it is read (cards.numbers.require_card_no).
CardNo = Annotated[Text, StringConstraints(strip_whitespace=True, min_length=1, max_length=16)]
Keyword = Annotated[Text, StringConstraints(max_length=64)]


class ResponseModel(BaseModel):
    """Response bodies: a field the service builds but the model does not declare is a bug caught by the
    tests (a 500 there), never a field that silently disappears from the contract."""

    model_config = ConfigDict(extra="forbid")


class ReviewedRequest(ResponseModel):
    """What every 制卡/领卡/激活 request answers about its review."""

    reviewer: Actor | None
    reviewed_at: datetime | None
    review_reason: str

MAX_RANGES = 50
MAX_RECYCLED = 5000


class ReviewMixin:
    """审核人/审核时间 and the reason given with a rejection."""

    reviewer_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reviewer_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    review_reason: Mapped[str] = mapped_column(String(255), default="", server_default="")


class RequestStatus(StrEnum):
    """States of a 领卡 or 激活 request."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


REQUEST_STATUS_LABELS = {
    RequestStatus.PENDING: "待审核",
    RequestStatus.APPROVED: "已通过",
    RequestStatus.REJECTED: "已驳回",
}


@dataclass(frozen=True)
class RequestFilters:
    """The filters 领卡 and 激活 lists share (built from the query by the router)."""

    keyword: str | None = None
    customer_id: int | None = None
    contract_id: int | None = None
    owner_id: int | None = None
    status: RequestStatus | None = None
    date_from: date | None = None  # requested on or after this Shanghai day
    date_to: date | None = None


def request_clauses(model: Any, filters: RequestFilters, *keyword_columns: Any) -> list[ColumnElement[bool]]:
    """WHERE clauses of a request list (the data scope is the caller's)."""
    check_range("date", filters.date_from, filters.date_to)
    where: list[ColumnElement[bool]] = []
    if (clause := keyword_clause(filters.keyword, *keyword_columns)) is not None:
        where.append(clause)
    for column, value in ((model.customer_id, filters.customer_id), (model.contract_id, filters.contract_id),
                          (model.owner_id, filters.owner_id)):
        if value is not None:
            where.append(column == value)
    if filters.status:
        where.append(model.status == filters.status.value)
    where.extend(within_days(model.created_at, filters.date_from, filters.date_to))
    return where


class ReviewIn(BaseModel):
    approved: Flag
    reason: Reason = ""


class RangeIn(BaseModel):
    start: CardNo = Field(..., description="起始卡号（含）")
    end: CardNo = Field(..., description="结束卡号（含）")


class RangeOut(ResponseModel):
    start: str
    end: str
    count: int


def parse_ranges(items: list[RangeIn], field: str = "ranges") -> list[SeqRange]:
    """Card-number ranges of a request: well-formed numbers, start <= end, no two ranges overlapping."""
    if not items:
        raise Problem(422, "ranges_required", "至少填写一个卡号范围", errors=[{"field": field, "message": "必填"}])
    if len(items) > MAX_RANGES:
        raise Problem(422, "too_many_ranges", f"一次最多 {MAX_RANGES} 个卡号范围",
                      errors=[{"field": field, "message": f"最多 {MAX_RANGES} 个"}])
    ranges: list[SeqRange] = []
    for index, item in enumerate(items):
        start = require_card_no(item.start, f"{field}.{index}.start")
        end = require_card_no(item.end, f"{field}.{index}.end")
        if start > end:
            raise Problem(422, "invalid_range", f"卡号范围 {item.start} - {item.end} 的起始卡号大于结束卡号",
                          errors=[{"field": f"{field}.{index}", "message": "起始卡号不能大于结束卡号"}])
        ranges.append(SeqRange(start, end))
    overlap = first_overlap(ranges)
    if overlap is not None:
        left, right = overlap
        raise Problem(
            422,
            "ranges_overlap",
            f"卡号范围 {card_no(left.start)}-{card_no(left.end)} 与 {card_no(right.start)}-{card_no(right.end)} 重叠",
            errors=[{"field": field, "message": "卡号范围不能重叠"}],
        )
    return sorted(ranges)


def ranges_json(ranges: list[SeqRange]) -> list[dict[str, Any]]:
    return [r.as_dict() for r in ranges]


def ranges_from_json(items: list[dict[str, Any]]) -> list[SeqRange]:
    return [SeqRange(int(i["start"][:-1]), int(i["end"][:-1])) for i in items]


def ranges_label(items: list[dict[str, Any]]) -> str:
    return "，".join(f"{i['start']}-{i['end']}" for i in items)



def replay(stored: StoredResponse) -> JSONResponse:
    """The response stored under an Idempotency-Key, answered again without doing anything."""
    return JSONResponse(jsonable_encoder(stored.body), status_code=stored.status_code)


def actor_dict(actor_id: int | None, name: str) -> dict[str, Any]:
    return {"id": actor_id, "name": name}


class RequestOut(ReviewedRequest):
    """The columns a 领卡 and an 激活 request share."""

    id: int
    contract_id: int
    contract_name: str
    customer_id: int
    customer_name: str
    owner: Actor
    ranges: list[RangeOut]
    card_range: str
    quantity: int
    status: RequestStatus
    status_label: str
    remark: str
    created_by: Actor
    created_at: datetime
    updated_at: datetime
