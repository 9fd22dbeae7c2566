"""Small pieces every mall domain uses: strict request bodies, input types, actors, time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shared.identity import Identity, Principal
from shared.problems import Problem
from shared.types import refuse_booleans, refuse_control_characters

# true is not a number (the schema says integer): refused where pydantic's lax mode would read it as 1
Sort = Annotated[int, Field(ge=0, le=1_000_000), BeforeValidator(refuse_booleans)]
Quantity = Annotated[int, Field(ge=1, le=999), BeforeValidator(refuse_booleans)]
StockCount = Annotated[int, Field(ge=0, le=10_000_000)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^1\d{10}$")]
_Trimmed = StringConstraints(strip_whitespace=True)
_NoControl = AfterValidator(refuse_control_characters)
Name50 = Annotated[str, _Trimmed, Field(min_length=1, max_length=50), _NoControl]
Name100 = Annotated[str, _Trimmed, Field(min_length=1, max_length=100), _NoControl]
Line255 = Annotated[str, _Trimmed, Field(max_length=255), _NoControl]
CardNo = Annotated[str, _Trimmed, Field(min_length=1, max_length=16, pattern=r"^[0-9A-Za-z]+$")]

class StrictModel(BaseModel):
    """Request bodies: an unknown field is an error (a typo must not be silently ignored), and a value of the
    wrong JSON type is too (no `0` for false, no `false` for 0, no "3" for 3; money stays a string or number)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


def utcnow() -> datetime:
    return datetime.now(UTC)


def staff_actor(principal: Principal) -> dict[str, Any]:
    return {"kind": "staff", "id": principal.id, "name": principal.name}


def member_actor(member: Identity) -> dict[str, Any]:
    return {"kind": "member", "id": member.id, "name": member.name}


SYSTEM_ACTOR: dict[str, Any] = {"kind": "system", "id": None, "name": "系统"}


@asynccontextmanager
async def conflicts_as_409(session: AsyncSession, field: str, message: str) -> AsyncIterator[None]:
    """Around writes and their commit: a unique or reference violation becomes a 409 naming the field."""
    try:
        yield
    except IntegrityError as exc:
        await session.rollback()
        raise Problem(409, "conflict", message, errors=[{"field": field, "message": message}]) from exc


async def commit_or_conflict(session: AsyncSession, field: str, message: str) -> None:
    async with conflicts_as_409(session, field, message):
        await session.commit()
