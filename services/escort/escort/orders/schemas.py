"""Request and response models of escort orders: booking, member, escort (partner) and admin views."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field, model_validator

from escort.common import IdNumber, Name50, Phone, Short50, Short255, StrictModel
from shared.money import Money
from shared.types import Flag, Id, ListPage, Moment, Option, refuse_booleans

Status = Literal["pending_payment", "waiting", "accepted", "in_service", "completed", "cancelled", "refunded"]
ServiceCode = Annotated[str, Field(pattern=r"^\d{6}$", description="会员出示的 6 位核销码")]


class BookIn(StrictModel):
    product_id: Id
    hospital_id: Id
    department: Short50 = ""
    appointment_at: Moment = Field(description="预约陪诊时间（带时区）")
    patient_name: Name50
    patient_phone: Phone
    patient_id_number: IdNumber
    note: Annotated[Short255, Field(max_length=500)] = ""
    card_no: str | None = Field(None, max_length=16, pattern=r"^[0-9A-Za-z]+$")
    card_id: Id | None = None
    use_red_packet: Flag = True

    @model_validator(mode="after")
    def _card(self) -> BookIn:
        if self.card_no is None and self.card_id is None:
            raise ValueError("card_no 与 card_id 至少填一个")
        if self.appointment_at.tzinfo is None:
            raise ValueError("appointment_at 需要带时区，如 2026-12-01T09:00:00+08:00")
        return self


class CancelIn(StrictModel):
    reason: Short255 = ""


class ReviewIn(StrictModel):
    rating: Annotated[int, Field(ge=1, le=5), BeforeValidator(refuse_booleans)]
    content: Annotated[Short255, Field(max_length=500)] = ""


class StartIn(StrictModel):
    code: ServiceCode


class AssignIn(StrictModel):
    escort_id: Id


class TransitionOut(BaseModel):
    from_status: str
    to_status: str
    actor_kind: str
    actor_name: str
    reason: str
    created_at: datetime


class OrderBase(BaseModel):
    id: int
    order_no: str
    status: Status
    status_label: str
    product_id: int
    product_name: str
    service_type: str
    hospital_id: int
    hospital_name: str
    department: str
    appointment_at: datetime
    patient_name: str
    note: str
    escort_id: int | None
    escort_name: str
    taken_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    cancelled_at: datetime | None
    created_at: datetime


class AdminOrderOut(OrderBase):
    member_id: int
    member_name: str
    member_phone: str
    card_no: str
    patient_phone: str
    patient_id_number: str = Field(description="无「订单修改」权限的角色看到的是脱敏号码")
    sale_amount: Money
    escort_share: Money
    platform_share: Money
    refunded_at: datetime | None
    cancel_reason: str
    cancelled_by: str
    rating: int | None
    version: int


class AdminOrderDetail(AdminOrderOut):
    transitions: list[TransitionOut]


class AdminOrderPage(ListPage[AdminOrderOut]):
    status_list: list[Option] | None = None
    hospital_list: list[Option] | None = None
    product_list: list[Option] | None = None


class MemberOrderOut(OrderBase):
    card_no: str
    patient_phone: str
    patient_id_number: str
    sale_amount: Money
    service_code: str = Field(description="核销码：陪诊师凭此开始服务（仅在待接单/已接单时有用）")
    refunded_at: datetime | None
    cancel_reason: str
    rating: int | None


class MemberOrderPage(ListPage[MemberOrderOut]):
    status_list: list[Option] | None = None


class PartnerOrderOut(OrderBase):
    """What an escort sees: the patient's phone only once the order is his; the ID number always masked."""

    patient_phone: str
    patient_id_number: str
    escort_share: Money


class PartnerOrderPage(ListPage[PartnerOrderOut]):
    status_list: list[Option] | None = None
