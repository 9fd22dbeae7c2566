"""Requests and responses of orders: a member's booking and cancellation; the admin, member and partner views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, StringConstraints, model_validator

from health.common import Name50, Phone, ResponseModel, StrictModel
from health.orders.states import OrderStatus
from shared.money import SignedMoney
from shared.problems import field_error
from shared.types import Flag, Id, ListPage, Option, Text

CardNo = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32, pattern=r"^[0-9A-Za-z]+$")
]
Reason = Annotated[Text, StringConstraints(strip_whitespace=True, max_length=255)]


class BookIn(StrictModel):
    package_id: Id
    hospital_id: Id
    day: date
    gender: Literal["male", "female"]
    examinee_name: Name50
    examinee_phone: Phone
    card_no: CardNo | None = None
    card_id: Id | None = None
    use_red_packet: Flag = True

    @model_validator(mode="after")
    def _card(self) -> BookIn:
        if self.card_no is None and self.card_id is None:
            raise field_error("card_no", "请选择支付用的体检卡（card_no 或 card_id）")
        return self


class CancelIn(StrictModel):
    reason: Reason = ""


@dataclass(frozen=True)
class OrderFilters:
    """The admin list's filters (built from the query by the router); `status=None` hides 待支付."""

    keyword: str | None = None
    order_no: str | None = None
    hospital_id: int | None = None
    brand_id: int | None = None
    package_id: int | None = None
    member_id: int | None = None
    status: OrderStatus | None = None
    day_from: date | None = None
    day_to: date | None = None
    date_from: date | None = None  # ordered on or after this Shanghai day
    date_to: date | None = None
    completed_from: datetime | None = None
    completed_to: datetime | None = None
    card_no: str | None = None
    phone: str | None = None


# ---------------------------------------------------------------- responses
# One order shape for the admin; the partner and member models are projections of it (they ignore what
# they do not declare): a hospital never sees the member or the card, a member never what the hospital is paid.


class PartnerOrder(ResponseModel):
    model_config = ConfigDict(extra="ignore")

    id: int
    order_no: str
    status: OrderStatus
    status_label: str
    examinee_name: str
    examinee_phone: str
    gender: str
    package_id: int
    package_name: str
    hospital_id: int
    hospital_name: str
    brand_id: int
    brand_name: str
    day: date
    sale_amount: SignedMoney
    settlement_amount: SignedMoney
    paid_at: datetime | None
    checked_in_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    refunded_at: datetime | None
    cancel_reason: str
    created_at: datetime
    updated_at: datetime
    version: int


class MemberOrder(ResponseModel):
    model_config = ConfigDict(extra="ignore")

    id: int
    order_no: str
    status: OrderStatus
    status_label: str
    member_id: int
    member_name: str
    member_phone: str
    examinee_name: str
    examinee_phone: str
    gender: str
    card_id: int | None
    card_no: str
    package_id: int
    package_name: str
    hospital_id: int
    hospital_name: str
    brand_id: int
    brand_name: str
    day: date
    sale_amount: SignedMoney
    red_packet_part: SignedMoney | None
    balance_part: SignedMoney | None
    paid_at: datetime | None
    checked_in_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    refunded_at: datetime | None
    cancel_reason: str
    created_at: datetime
    updated_at: datetime
    version: int


class OrderOut(MemberOrder):
    model_config = ConfigDict(extra="forbid")

    settlement_amount: SignedMoney
    cancelled_by: str


class OrderPage(ListPage[OrderOut]):
    status_list: list[Option] | None = None
    hospital_list: list[Option] | None = None
    brand_list: list[Option] | None = None
    package_list: list[Option] | None = None


class MemberOrderPage(ListPage[MemberOrder]):
    status_list: list[Option] | None = None


class PartnerOrderPage(ListPage[PartnerOrder]):
    status_list: list[Option] | None = None
