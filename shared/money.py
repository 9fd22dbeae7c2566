"""Money in the API: a decimal string with at most two places ("1200.00"), never a JSON number or a float.

One contract, in requests and responses alike (docs/architecture.md, docs/contributing.md "Input types"):

- the OpenAPI documents `{"type": "string", "pattern": MONEY_PATTERN}` (signed amounts: `SIGNED_MONEY_PATTERN`),
  and a request is accepted exactly when its string matches that pattern, with no whitespace trimmed: a JSON
  number, `true`, `"1.005"`, `" 12"`, `"1e3"` or `"NaN"` is a 422, whatever the model's string settings;
- answers always carry two places ("12" is answered as "12.00");
- Python callers (rows read from the database, sums, events built in code) hand over `Decimal`s, which must be
  finite and fit NUMERIC(12, 2) (more places are rounded half up in the answer, as the column would store
  them). A Python `int` or `float` is refused like a JSON number, because FastAPI validates a request body as
  Python values, where a JSON `12` is an `int`.

Every check runs in pydantic-core (the pattern is a Rust regex, a Decimal's range is checked there too): the only
Python per value is one quantize for a string coming in and one going out, since the customer list and the debit
route meet thousands of amounts a second.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

CENT = Decimal("0.01")
MAX_MONEY = Decimal("9999999999.99")  # NUMERIC(12, 2): ten digits before the point
# ASCII digits only ([0-9], not \d: a Unicode-aware \d would let "١٢" through in Python and Rust but not in a
# JSON Schema validator). `^...$` anchor the whole string in ECMA, Rust and JSON Schema alike.
MONEY_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"
SIGNED_MONEY_PATTERN = r"^-?[0-9]{1,10}(\.[0-9]{1,2})?$"
_MESSAGE = '金额应为字符串，最多两位小数，如 "1200.00"'


def format_money(amount: Decimal | int | None) -> str | None:
    if amount is None:
        return None
    return _two_places(amount)


def _two_places(amount: Decimal | int) -> str:
    # Rounded half up, as PostgreSQL stores a NUMERIC(12, 2); `+ 0` turns a negative zero into "0.00".
    return str(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP) + 0)


def _from_text(text: str) -> Decimal:
    # The pattern already proved it: at most ten digits and two places, so the quantize is exact.
    return Decimal(text).quantize(CENT)


def _refusal(schema: CoreSchema) -> CoreSchema:
    return core_schema.custom_error_schema(schema, custom_error_type="money", custom_error_message=_MESSAGE)


class _MoneyType:
    """The pydantic schema of one money type (`Money` or `SignedMoney`)."""

    def __init__(self, pattern: str, signed: bool) -> None:
        self.pattern = pattern
        self.signed = signed

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        text = core_schema.chain_schema([
            core_schema.str_schema(pattern=self.pattern, strip_whitespace=False, strict=True),
            core_schema.no_info_plain_validator_function(_from_text),
        ])
        # A Decimal from Python (a database row, a sum) is checked in pydantic-core, without a Python call: finite
        # and in range. Its places are not counted (that check cost more than the rest of the type): the answer
        # is written with two, rounded half up as its NUMERIC(12, 2) column would store it.
        instance = core_schema.decimal_schema(
            strict=True, allow_inf_nan=False, le=MAX_MONEY, ge=-MAX_MONEY if self.signed else 0
        )
        # One error for every refusal (a number, a pattern mismatch, a third place) instead of pydantic's branches.
        return core_schema.json_or_python_schema(
            json_schema=_refusal(text),
            python_schema=_refusal(core_schema.union_schema([instance, text], mode="left_to_right")),
            serialization=core_schema.plain_serializer_function_ser_schema(
                _two_places, return_schema=core_schema.str_schema(), when_used="always"
            ),
        )

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "string", "pattern": self.pattern, "examples": ["1200.00"]}


# A non-negative amount of money: "1200.00".
Money = Annotated[Decimal, _MoneyType(MONEY_PATTERN, signed=False)]
# A signed amount (ledger deltas, adjustments): "-50.00".
SignedMoney = Annotated[Decimal, _MoneyType(SIGNED_MONEY_PATTERN, signed=True)]
