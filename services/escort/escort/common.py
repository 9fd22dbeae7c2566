"""Small helpers every escort domain uses: the clock, strict request bodies, lookups, unique-name guards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shared.dates import business_date
from shared.problems import Problem

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
