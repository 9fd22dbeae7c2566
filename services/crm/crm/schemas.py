"""Models every crm domain shares: the strict request bases, the response row read from the database with its
`{id, name}` actor, and the export's record of the filters given."""

from __future__ import annotations

from functools import cache
from typing import Any, Self

from pydantic import BaseModel, ConfigDict

from shared.openapi import PROBLEM_REF
from shared.problems import PROBLEM_JSON, status_title


class Strict(BaseModel):
    """A request body: unknown fields are a 422, surrounding whitespace is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class StrictBody(Strict):
    """A request body that refuses a value of the wrong JSON type too (no "1" for 1, no 1 for true)."""

    model_config = ConfigDict(**{**Strict.model_config, "strict": True})


class Row(BaseModel):
    """A response model read from the database: its `of(...)` builds it from the ORM row(s), naming the fields
    derived on the way (labels, masks, nested actors). Built with validation: per 20-row page that costs less CPU
    than `model_construct` (a Python loop) and the answer is checked against its own schema."""

    @classmethod
    def from_columns(cls, source: Any, /, **derived: Any) -> Self:
        """The fields named in `derived` take those values; every other field is `source`'s same-named attribute
        (the ORM row's column), so an `of(...)` names only what it derives."""
        columns = {name: getattr(source, name) for name in _field_names(cls) if name not in derived}
        return cls(**columns, **derived)


@cache
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    # Read once per model: a list page builds 20 rows per request (bench/gateway/run.py).
    return tuple(model.model_fields)


class ActorOut(Row):
    """Who did something (创建人, 审核人): a staff id (none for the system) and the name at the time."""

    id: int | None
    name: str

    @classmethod
    def of(cls, source: Any, role: str) -> dict[str, Any]:
        """The actor `source` keeps in its `<role>_id` and `<role>_name` columns (`created_by`, `reviewer`), as the
        fields the enclosing row validates: no model instance of its own per actor per row."""
        return {"id": getattr(source, f"{role}_id"), "name": getattr(source, f"{role}_name")}


class ExportedFilters:
    """A mixin of a list's filters dataclass: `as_dict()` is what its export logs, the filters given (a None, or
    a flag left False, was not given)."""

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None and v is not False}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for the problem statuses a route adds to the ones every route documents (413, 415, 428)."""
    return {
        status: {"description": status_title(status), "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}}
        for status in statuses
    }
