"""Money parsing and the list helpers: pure logic."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy import Column, Integer, MetaData, String, Table, select

from shared.listing import PageParams, apply_sort, check_range, list_response, options
from shared.money import Money
from shared.problems import Problem


class Priced(BaseModel):
    amount: Money


@pytest.mark.parametrize(("raw", "expected"), [("1200", "1200.00"), ("0.1", "0.10"), (Decimal("12.5"), "12.50")])
def test_money_reads_and_writes_two_places(raw: object, expected: str) -> None:
    priced = Priced(amount=raw)
    assert priced.amount == Decimal(expected)
    assert priced.model_dump(mode="json") == {"amount": expected}


# Money is a decimal string in the API: a JSON number (an int or a float once parsed) is refused like text.
@pytest.mark.parametrize("raw", ["-1", "1.005", "abc", "NaN", "Infinity", True, "99999999999.00", 12.5, 3, " 1"])
def test_money_refuses_bad_amounts(raw: object) -> None:
    with pytest.raises(ValidationError):
        Priced(amount=raw)


def test_options_values_are_strings() -> None:
    assert options([(4, "公司客情")]) == [{"label": "公司客情", "value": "4"}]


def test_list_response_shape_and_without_options() -> None:
    params = PageParams(page=2, page_size=20, sort=None, with_options=True)
    body = list_response([{"id": 1}], 21, params, {"status_list": lambda: options([(1, "待审核")])})
    assert body == {"data_list": [{"id": 1}], "page": 2, "page_size": 20, "total": 21,
                    "status_list": [{"label": "待审核", "value": "1"}]}
    quiet = PageParams(page=1, page_size=20, sort=None, with_options=False)
    assert "status_list" not in list_response([], 0, quiet, {"status_list": lambda: []})


def test_sort_whitelist() -> None:
    table = Table("t", MetaData(), Column("id", Integer), Column("name", String))
    stmt = apply_sort(select(table), "-name", {"name": table.c.name}, [table.c.id.desc()])
    assert "ORDER BY t.name DESC, t.id DESC" in str(stmt)
    with pytest.raises(Problem) as refused:
        apply_sort(select(table), "password", {"name": table.c.name}, [table.c.id])
    assert refused.value.status == 422


def test_reversed_range_is_refused() -> None:
    check_range("amount", 1, 2)
    with pytest.raises(Problem) as refused:
        check_range("created_at", "2026-12-01", "2026-11-01")
    assert refused.value.status == 422 and refused.value.errors[0]["field"] == "created_at_from"
