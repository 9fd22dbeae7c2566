"""Small helpers every escort domain uses: the clock, strict request bodies, lookups, unique-name guards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shared.dates import business_date
from shared.identity import Principal
from shared.problems import Problem
from shared.types import INT_MAX, refuse_booleans, refuse_control_characters

SHOWN_LABELS = {"1": "显示", "0": "隐藏"}
SHELF_LABELS = {"1": "上架", "0": "下架"}
ENABLED_LABELS = {"1": "启用", "0": "停用"}


def utcnow() -> datetime:
    return datetime.now(UTC)


def business_today(now: datetime | None = None) -> date:
    """Today in Asia/Shanghai: certificate expiry is a local date."""
    return business_date(now or utcnow())


class StrictModel(BaseModel):
    """Request bodies: unknown fields are an error (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RowModel(BaseModel):
    """Response rows read from ORM objects."""

    model_config = ConfigDict(from_attributes=True)


async def get_or_404(session: AsyncSession, model: Any, row_id: int, label: str, *, lock: bool = False) -> Any:
    row = await session.get(model, row_id, with_for_update=lock or None)
    if row is None:
        raise Problem(404, "not_found", f"{label}不存在")
    return row


@asynccontextmanager
async def write_guard(session: AsyncSession, field: str, message: str) -> AsyncIterator[None]:
    """Around a write and its commit: a unique violation is a 409 naming the field, a row still referenced
    (foreign key) a 409 too, never a 500."""
    try:
        yield
    except IntegrityError as exc:
        await session.rollback()
        if "foreign key" in str(exc.orig).lower():
            raise Problem(409, "in_use", "该记录仍被引用，不能删除或修改") from exc
        raise Problem(409, "duplicate", message, errors=[{"field": field, "message": message}]) from exc


def flag_filter(value: str | None) -> bool | None:
    return None if value is None else value == "1"


Version = Annotated[int, Field(ge=1, le=INT_MAX), BeforeValidator(refuse_booleans)]
Sort = Annotated[int, Field(ge=0, le=1_000_000), BeforeValidator(refuse_booleans)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^1\d{10}$")]
# 18-digit resident ID (the last character may be X).
IdNumber = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^\d{17}[\dX]$")]
_CLEAN = AfterValidator(refuse_control_characters)
Short50 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50), _CLEAN]
Name50 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), _CLEAN]
Name100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), _CLEAN]
Short255 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=255), _CLEAN]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000), _CLEAN]


class CreatedBy(BaseModel):
    id: int | None
    name: str


def created_by(row: Any) -> CreatedBy:
    return CreatedBy(id=row.created_by_id, name=row.created_by_name)


def actor_columns(principal: Principal) -> dict[str, Any]:
    return {"created_by_id": principal.id, "created_by_name": principal.name or ""}


def changed_values(body: BaseModel, nullable: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The fields a PATCH body actually sent (typed values), minus `version`; an explicit null for a column
    that cannot be empty is bad input (422), never a database error."""
    values = {name: getattr(body, name) for name in body.model_fields_set if name != "version"}
    empty = sorted(name for name, value in values.items() if value is None and name not in nullable)
    if empty:
        raise Problem(422, "validation_error", "提交的数据不符合要求",
                      errors=[{"field": name, "message": "不能为空"} for name in empty])
    return values
