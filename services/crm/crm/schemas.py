"""Models every crm domain shares: the strict request base and the `{id, name}` actor of a response."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.openapi import PROBLEM_REF
from shared.problems import PROBLEM_JSON, status_title


class Strict(BaseModel):
    """A request body: unknown fields are a 422, surrounding whitespace is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Row(BaseModel):
    """A response model read from the database: its `of(...)` builds it from the ORM row(s), naming the fields
    derived on the way (labels, masks, nested actors). Built with validation: per 20-row page that costs less CPU
    than `model_construct` (a Python loop) and the answer is checked against its own schema."""


class ActorOut(Row):
    """Who did something (创建人, 审核人): a staff id (none for the system) and the name at the time."""

    id: int | None
    name: str


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for the problem statuses a route adds to the ones every route documents (413, 415, 428)."""
    return {
        status: {"description": status_title(status), "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}}
        for status in statuses
    }
