"""Money in the API: decimal strings with two places; never floats (docs/architecture.md)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

CENT = Decimal("0.01")
MAX_MONEY = Decimal("9999999999.99")


def _parse(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("金额必须是数字")
    if isinstance(value, float):
        # Floats are accepted from JSON numbers but read through their shortest repr, not binary noise.
        value = repr(value)
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("金额格式不正确") from exc
    if not amount.is_finite():
        raise ValueError("金额格式不正确")
    return amount


def _check(amount: Decimal, *, allow_negative: bool) -> Decimal:
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError("金额最多两位小数")
    if not allow_negative and amount < 0:
        raise ValueError("金额不能为负数")
    if abs(amount) > MAX_MONEY:
        raise ValueError("金额超出范围")
    return amount.quantize(CENT)


def format_money(amount: Decimal | int | None) -> str | None:
    if amount is None:
        return None
    return str(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP))


_schema = WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d{1,2})?$", "examples": ["1200.00"]})
_serialize = PlainSerializer(format_money, return_type=str, when_used="always")

# A non-negative amount of money: "1200.00".
Money = Annotated[
    Decimal, BeforeValidator(_parse), AfterValidator(lambda v: _check(v, allow_negative=False)), _serialize, _schema
]
# A signed amount (ledger deltas, adjustments).
SignedMoney = Annotated[
    Decimal, BeforeValidator(_parse), AfterValidator(lambda v: _check(v, allow_negative=True)), _serialize, _schema
]
