"""Request bodies of orders: a member's booking and cancellation."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from health.common import Name50, Phone, StrictModel
from shared.problems import field_error

CardNo = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32, pattern=r"^[0-9A-Za-z]+$")
]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)]


class BookIn(StrictModel):
    package_id: int = Field(ge=1)
    hospital_id: int = Field(ge=1)
    day: date
    gender: Literal["male", "female"]
    examinee_name: Name50
    examinee_phone: Phone
    card_no: CardNo | None = None
    card_id: int | None = Field(None, ge=1)
    use_red_packet: bool = True

    @model_validator(mode="after")
    def _card(self) -> BookIn:
        if self.card_no is None and self.card_id is None:
            raise field_error("card_no", "请选择支付用的体检卡（card_no 或 card_id）")
        return self


class CancelIn(StrictModel):
    reason: Reason = ""
