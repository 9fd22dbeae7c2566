"""Pieces several card domains share: review columns, request statuses, card ranges in requests, masking."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, Field
from sqlalchemy import BigInteger, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column
from starlette.responses import JSONResponse

from cards.numbers import SeqRange, card_no, first_overlap, require_card_no
from shared.idempotency import StoredResponse
from shared.problems import Problem

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


class ReviewIn(BaseModel):
    approved: bool
    reason: str = Field("", max_length=255)


class RangeIn(BaseModel):
    start: str = Field(..., min_length=1, max_length=16, description="起始卡号（含）")
    end: str = Field(..., min_length=1, max_length=16, description="结束卡号（含）")


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
