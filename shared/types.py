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
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

BIGINT_MAX = 2**63 - 1
INT_MAX = 2**31 - 1

Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
"""A row id (BIGINT): 1 .. 2^63-1."""

Count = Annotated[int, Field(ge=0, le=INT_MAX)]
"""A quantity stored as INTEGER: 0 .. 2^31-1."""

# C0 controls except \t \n \r, DEL, C1 controls, and UTF-16 surrogates (lone ones reach us from JSON).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def refuse_control_characters(value: str) -> str:
    match = _FORBIDDEN.search(value)
    if match:
        raise ValueError(f"不能包含控制字符 (U+{ord(match.group()):04X})")
    return value


Text = Annotated[str, AfterValidator(refuse_control_characters)]
"""Free text without control characters (newlines allowed)."""

ShortText = Annotated[str, Field(max_length=255), AfterValidator(refuse_control_characters)]
Name = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(refuse_control_characters)]

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
