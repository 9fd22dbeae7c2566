"""The shared input types answer each class of bad input once: ids and counts bounded and never booleans, flags
never numbers, dates written as dates, text without control characters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from shared.types import BIGINT_MAX, INT_MAX, Count, Day, Flag, Id, Int, Moment, Name, Text

CASES: list[tuple[Any, list[Any], list[Any]]] = [
    (Id, [1, "5", BIGINT_MAX], [True, False, 0, BIGINT_MAX + 1, "99999999999999999999"]),
    (Count, [0, "7", INT_MAX], [True, -1, INT_MAX + 1]),
    (Int, [0, -3, "7"], [False, INT_MAX + 1, -INT_MAX - 2]),
    (Flag, [True, False, "true", "false", "1", "0"], [0, 1, 1.0]),
    (Day, ["2026-01-02", date(2026, 1, 1)], [0, 1700000000, "0", "1700000000", "2026-1-1", "20260102"]),
    (Moment, ["2026-01-02T08:00:00+08:00", "2026-01-02T08:00:00Z", "2026-01-02", datetime(2026, 1, 2)],
     [0, 1.5, "0", "1700000000"]),
    (Text, ["南昌\n第一行\t", ""], ["a\x00b", "bell\x07", "lone \ud800"]),
    (Name, ["南昌市水利局"], ["", "x" * 101, "a\x1bb"]),
]


@pytest.mark.parametrize(("kind", "good", "bad"), CASES)
def test_each_type_takes_what_its_schema_allows_and_refuses_the_rest(kind: Any, good: list[Any],
                                                                     bad: list[Any]) -> None:
    adapter = TypeAdapter(kind)
    for value in good:
        adapter.validate_python(value)
    for value in bad:
        with pytest.raises(ValidationError):
            adapter.validate_python(value)
    adapter.json_schema()  # documented as plain integer / boolean / date strings
