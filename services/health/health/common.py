"""Small helpers every health domain uses: business dates, label tables, reference checks, deletes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shared.dates import business_date
from shared.problems import Problem, field_error
from shared.types import INT_MAX, Text, refuse_booleans

# Status codes stored in the database and the labels the seed shows.
ONLINE_LABELS = {"online": "上线", "offline": "下线"}
SHELF_LABELS = {"online": "上架", "offline": "下架"}
ACTIVE_LABELS = {"active": "启用", "disabled": "停用"}
BRAND_TYPES = ("公立三甲", "公立医院", "专业机构", "二级甲等", "民营医院")
CHANNEL_LABELS = {"online": "线上", "offline": "线下", "both": "线上线下"}
GENDER_LABELS = {"both": "通用", "male": "男性", "female": "女性"}
RECOMMENDED_LABELS = {"1": "推荐", "0": "不推荐"}


def utcnow() -> datetime:
    return datetime.now(UTC)


def business_today(now: datetime | None = None) -> date:
    """Today in Asia/Shanghai: booking days, check-in days and cancellation cut-offs are local dates."""
    return business_date(now or utcnow())


async def require_row(session: AsyncSession, model: Any, row_id: int | None, field: str, label: str) -> Any:
    """A referenced row that must exist, or a 422 naming the field (bad input, not a missing resource)."""
    if row_id is None:
        return None
    row = await session.get(model, row_id)
    if row is None:
        raise field_error(field, f"{label} {row_id} 不存在", "unknown_reference")
    return row


async def require_ids(session: AsyncSession, column: Any, ids: list[int], field: str, label: str) -> list[int]:
    """Every id in `ids` must exist in `column`'s table; returns them de-duplicated, in order."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    found = set((await session.execute(select(column).where(column.in_(wanted)))).scalars())
    missing = [i for i in wanted if i not in found]
    if missing:
        raise field_error(field, f"{label}不存在: {', '.join(map(str, missing))}", "unknown_reference")
    return wanted


async def get_or_404(session: AsyncSession, model: Any, row_id: int, label: str) -> Any:
    row = await session.get(model, row_id)
    if row is None:
        raise Problem(404, "not_found", f"{label}不存在")
    return row


async def delete_row(session: AsyncSession, row: Any, label: str) -> None:
    """Deletes and commits; a row still referenced (orders, hospitals, items...) is a 409, not a 500."""
    await session.delete(row)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise Problem(409, "in_use", f"该{label}仍被引用，不能删除") from exc


@asynccontextmanager
async def unique_guard(session: AsyncSession, field: str, message: str) -> AsyncIterator[None]:
    """Around a write and its commit: a unique-constraint violation becomes a 409 naming the field."""
    try:
        yield
    except IntegrityError as exc:
        await session.rollback()
        raise Problem(409, "duplicate", message, errors=[{"field": field, "message": message}]) from exc


async def commit_unique(session: AsyncSession, field: str, message: str) -> None:
    async with unique_guard(session, field, message):
        await session.commit()


def actor_columns(actor: dict[str, Any]) -> dict[str, Any]:
    return {"created_by_id": actor.get("id"), "created_by_name": actor.get("name") or ""}


def patch_values(body: BaseModel, nullable: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The fields a PATCH body actually sent (typed values, not serialised), minus `version`.

    An explicit null for a column that cannot be empty is bad input (422), never a database error.
    """
    values = {name: getattr(body, name) for name in body.model_fields_set if name != "version"}
    empty = [name for name, value in values.items() if value is None and name not in nullable]
    if empty:
        raise Problem(
            422,
            "validation_error",
            "提交的数据不符合要求",
            errors=[{"field": name, "message": "不能为空"} for name in sorted(empty)],
        )
    return values


def created_by(row: Any) -> dict[str, Any]:
    return {"id": row.created_by_id, "name": row.created_by_name}


class StrictModel(BaseModel):
    """Request bodies: unknown fields are an error (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ResponseModel(BaseModel):
    """Response bodies: a field the service builds but the model does not declare is a bug caught by the
    tests (a 500 there), never a field that silently disappears from the contract."""

    model_config = ConfigDict(extra="forbid")


class Ref(ResponseModel):
    """A linked row as lists show it: `{id, name}`."""

    id: int
    name: str


# Stripped strings without control characters (shared.types.Text), sized to their columns.
Name50 = Annotated[Text, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Name100 = Annotated[Text, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Name200 = Annotated[Text, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[Text, StringConstraints(strip_whitespace=True, max_length=50)]
LongText = Annotated[Text, StringConstraints(max_length=5000)]
Keyword = Annotated[Text, StringConstraints(max_length=100)]
Sort = Annotated[int, Field(ge=0, le=1_000_000), BeforeValidator(refuse_booleans)]  # false is not a sort
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^1\d{10}$")]
# Landlines too for hospital front desks: 0791-86895555, 400 numbers, mobiles.
ContactPhone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=32, pattern=r"^[0-9+\- ()]*$")]
EMAIL_PATTERN = r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$"
Email = Annotated[Text, StringConstraints(strip_whitespace=True, max_length=100, pattern=EMAIL_PATTERN)]
Version = Annotated[int, Field(ge=1, le=INT_MAX), BeforeValidator(refuse_booleans)]
