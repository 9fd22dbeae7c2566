"""Money has one contract, and the documented schema and the validator agree on it exactly, both ways: a string
the OpenAPI pattern matches is accepted (and answered with two places), anything else (a JSON number, a third
place, whitespace, an exponent, a non-ASCII digit) is refused. Schemathesis relies on that agreement: a value
accepted against the schema is its "schema-violating request accepted" finding (see shared/money.py)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, ValidationError

from shared.money import MONEY_PATTERN, SIGNED_MONEY_PATTERN, Money, SignedMoney


class Body(BaseModel):
    # The strictest request base of the suite: whitespace trimming must not make the validator looser.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    amount: Money
    delta: SignedMoney = Decimal("0.00")


def documented(pattern: str, value: object) -> bool:
    """Whether a JSON Schema validator accepts `value` for `{"type": "string", "pattern": pattern}`. ECMA `$` is
    the end of the text (Python's `re` would also allow a final newline before it)."""
    return isinstance(value, str) and re.search(pattern.removesuffix("$") + r"\Z", value) is not None


def accepted(field: str, value: object) -> bool:
    """Whether the validator accepts `value` in a JSON request body, read both ways FastAPI and events read them:
    from Python values (FastAPI validates a parsed body) and from JSON text."""
    document = json.dumps({"amount": "1.00", field: value})
    results = set()
    for validate in (lambda: Body.model_validate(json.loads(document)), lambda: Body.model_validate_json(document)):
        try:
            validate()
            results.add(True)
        except ValidationError:
            results.add(False)
    assert len(results) == 1, f"{value!r} is read differently from JSON text and from Python values"
    return results.pop()


AMOUNT_TEXT = st.text(alphabet="0123456789.-+ eE\n\t١٢_,", max_size=16)
JSON_VALUES = st.one_of(
    AMOUNT_TEXT,
    st.from_regex(SIGNED_MONEY_PATTERN.removesuffix("$") + r"\Z"),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)


@settings(max_examples=600, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(value=JSON_VALUES)
def test_the_validator_accepts_exactly_what_the_documented_pattern_matches(value: object) -> None:
    assert accepted("amount", value) == documented(MONEY_PATTERN, value), value
    assert accepted("delta", value) == documented(SIGNED_MONEY_PATTERN, value), value


@settings(max_examples=300, derandomize=True)
@given(amount=st.decimals(min_value="-9999999999.99", max_value="9999999999.99", places=2))
def test_every_answer_matches_the_documented_pattern_with_two_places(amount: Decimal) -> None:
    body = json.loads(Body(amount=abs(amount), delta=amount).model_dump_json())
    assert documented(MONEY_PATTERN, body["amount"]) and documented(SIGNED_MONEY_PATTERN, body["delta"]), body
    assert Decimal(body["delta"]) == amount and len(body["delta"].split(".")[1]) == 2


def test_numbers_are_refused_and_strings_answered_with_two_places() -> None:
    for number in (12, 12.5, 0, True):
        assert not accepted("amount", number)
    assert Body.model_validate_json('{"amount": "12.5", "delta": "-0.1"}').model_dump(mode="json") == {
        "amount": "12.50", "delta": "-0.10"}
    # A negative zero computed in Python is answered as the unsigned pattern allows.
    assert Body(amount=-Decimal("0.00")).model_dump(mode="json")["amount"] == "0.00"


def test_python_decimals_out_of_range_are_refused_and_extra_places_rounded_as_the_column_would() -> None:
    for amount in (Decimal("NaN"), Decimal("Infinity"), Decimal("10000000000"), Decimal("-1")):
        try:
            Body(amount=amount)
        except ValidationError:
            continue
        raise AssertionError(f"{amount!r} accepted")
    assert Body(amount=Decimal("1.005"), delta=Decimal("-1.005")).model_dump(mode="json") == {
        "amount": "1.01", "delta": "-1.01"}


def test_the_openapi_documents_the_pattern_the_validator_checks() -> None:
    properties = Body.model_json_schema()["properties"]
    assert properties["amount"]["type"] == "string" and properties["amount"]["pattern"] == MONEY_PATTERN
    assert properties["delta"]["pattern"] == SIGNED_MONEY_PATTERN
