"""Input and output types every service uses, so one rule answers each class of bad input.

- `Id`: a database id. Path and query ids beyond what a BIGINT holds are refused with 422 instead of
  reaching asyncpg (which raised an int64 overflow, answered as 500).
- `Text` / `ShortText` / `Name`: strings that refuse NUL, other control characters (tab, newline and
  carriage return excepted) and lone surrogates. Such characters break PostgreSQL (NUL) and every later
  `.xlsx` export (openpyxl refuses control characters), so they are refused at the door.
- `ListPage[Row]`: the admin list shape (docs/contributing.md, "list responses"): typed rows, paging and
  the option lists a page needs (declared as optional `*_list: list[Option] | None` fields on a subclass).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

BIGINT_MAX = 2**63 - 1
INT_MAX = 2**31 - 1


# Pydantic's lax mode reads `false` as 0, `0` as False and `0` as 1970-01-01: values the OpenAPI forbids
# (schemathesis: "schema-violating request accepted"). These refuse them in bodies and query strings alike.
def refuse_booleans(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("应为整数，不能是 true/false")
    return value


def refuse_numbers(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("应为 true 或 false")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?")


def _iso(pattern: re.Pattern[str], message: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, date):
            return value
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(message)
        return value

    return check


Id = Annotated[int, Field(ge=1, le=BIGINT_MAX), BeforeValidator(refuse_booleans)]
"""A row id (BIGINT): 1 .. 2^63-1."""

Count = Annotated[int, Field(ge=0, le=INT_MAX), BeforeValidator(refuse_booleans)]
"""A quantity stored as INTEGER: 0 .. 2^31-1."""

Int = Annotated[int, Field(ge=-INT_MAX - 1, le=INT_MAX), BeforeValidator(refuse_booleans)]
"""Any INTEGER column value (a sort order, a number of days): refuses true/false and what INTEGER cannot hold."""

Integer = Annotated[int, BeforeValidator(refuse_booleans)]
"""An integer that states its own bounds (`Field(ge=1, le=3650)`) and refuses true/false. Not `Int` there: the
bounds inside `Int`'s annotation win over a field's own `Field(ge=..., le=...)`, which would be ignored."""

Flag = Annotated[bool, BeforeValidator(refuse_numbers)]
"""A yes/no: true or false in JSON (`true`/`false`/`1`/`0` as query strings), never the number 0 or 1."""

Day = Annotated[date, BeforeValidator(_iso(_ISO_DATE, "日期格式应为 YYYY-MM-DD"))]
"""A calendar date written YYYY-MM-DD (not a Unix time)."""

Moment = Annotated[datetime, BeforeValidator(_iso(_ISO_DATETIME, "时间格式应为 ISO 8601，如 2026-01-01T08:00:00Z"))]
"""A point in time written in ISO 8601 (not a Unix time)."""

# C0 controls except \t \n \r, DEL, C1 controls, and UTF-16 surrogates (lone ones reach us from JSON).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def refuse_control_characters(value: str) -> str:
    match = _FORBIDDEN.search(value)
    if match:
        raise ValueError(f"不能包含控制字符 (U+{ord(match.group()):04X})")
    return value


# The same rule for clients and fuzzers reading the OpenAPI (validation stays in the validator above, which also
# refuses lone surrogates, which a JSON Schema pattern cannot express).
_DOCUMENTED = Field(json_schema_extra={"pattern": r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"})

Text = Annotated[str, _DOCUMENTED, AfterValidator(refuse_control_characters)]
"""Free text without control characters (newlines allowed)."""

ShortText = Annotated[str, Field(max_length=255), _DOCUMENTED, AfterValidator(refuse_control_characters)]
Name = Annotated[str, Field(min_length=1, max_length=100), _DOCUMENTED, AfterValidator(refuse_control_characters)]

Row = TypeVar("Row")


class Option(BaseModel):
    """One entry of a `*_list` option list: the frontend's `{label, value}` with value as a string."""

    label: str
    value: str


class ListPage(BaseModel, Generic[Row]):
    """`{data_list, page, page_size, total, *_list}`; subclass it to declare the page's option lists."""

    model_config = ConfigDict(extra="forbid")

    data_list: list[Row]
    page: int
    page_size: int
    total: int


class Acknowledged(BaseModel):
    """The body of a command that has nothing else to say (`{"ok": true}`)."""

    ok: bool = True
