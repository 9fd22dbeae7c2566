"""Request and response models of the contract routes (and of the payment plans)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, Self

from pydantic import BaseModel, Field, model_validator

from crm.common import CONTRACT_STATUSES
from crm.schemas import ActorOut, ExportedFilters, Row, Strict
from shared.dates import business_date
from shared.money import Money, SignedMoney
from shared.problems import Problem
from shared.types import Count, Day, Id, Integer, ListPage, Moment, Option, Text

ContractType = Literal["体检卡", "体检服务", "其他"]
ContractStatus = Literal["pending", "approved", "rejected", "voided"]
PlanStatus = Literal["已回款", "部分回款", "待回款", "已逾期"]
CONTRACT_NO = r"^[A-Za-z0-9\-_/]+$"


# ---------------------------------------------------------------- requests


class ContractFields(Strict):
    name: Text = Field(min_length=1, max_length=128)
    contract_type: ContractType = "体检卡"
    amount: Money
    red_packet_amount: Money = Decimal("0")
    total_cards: Integer = Field(0, ge=0, le=10_000_000)
    card_type: Text = Field("", max_length=32)
    face_value_per_card: Money | None = None
    red_packet_per_card: Money | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    signed_at: Moment | None = None
    note: Text = Field("", max_length=2000)

    @model_validator(mode="after")
    def _dates(self) -> ContractFields:
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise Problem(
                422,
                "invalid_range",
                "合同开始日期不能晚于结束日期",
                errors=[{"field": "start_date", "message": "不能晚于合同结束日期"}],
            )
        return self


class ContractCreate(ContractFields):
    customer_id: Id
    contract_no: str = Field(min_length=1, max_length=64, pattern=CONTRACT_NO)
    parent_id: Id | None = None


class ContractUpdate(ContractFields):
    version: Count | None = Field(None, ge=1)


class ContractNoIn(Strict):
    contract_no: str = Field(min_length=1, max_length=64, pattern=CONTRACT_NO)
    reason: Text = Field("", max_length=500)


class VoidIn(Strict):
    reason: Text = Field(min_length=1, max_length=500)


class PlanItem(Strict):
    due_date: Day
    amount: Money
    note: Text = Field("", max_length=500)


class PlanIn(Strict):
    items: list[PlanItem] = Field(max_length=120)


@dataclass(frozen=True)
class ContractFilters(ExportedFilters):
    keyword: str | None = None
    status: str | None = None
    customer_id: int | None = None
    owner_id: int | None = None
    dept_id: int | None = None
    contract_type: str | None = None
    parent_id: int | None = None
    top_only: bool = False
    date_from: date | None = None  # signed on or after this Shanghai day
    date_to: date | None = None
    end_from: date | None = None
    end_to: date | None = None
    expiring_within: int | None = None
    expired: bool | None = None
    outstanding: bool | None = None  # something still to collect (amount > payment_amount)


# ---------------------------------------------------------------- responses


class ContractOut(Row):
    """A contract. Money uses the sales report's names: `payment_amount` received, `outstanding` still due."""

    id: int
    parent_id: int | None
    name: str
    contract_no: str
    customer_id: int
    customer_name: str
    contract_type: ContractType
    status: ContractStatus
    status_label: str
    amount: Money
    red_packet_amount: Money
    payment_amount: Money
    outstanding: SignedMoney
    total_cards: int
    card_type: str
    face_value_per_card: Money | None
    red_packet_per_card: Money | None
    start_date: date | None
    end_date: date | None
    signed_at: datetime | None
    note: str
    expired: bool
    owner_id: int | None
    owner_name: str
    dept_id: int | None
    dept_name: str
    reviewer: ActorOut | None
    reviewed_at: datetime | None
    review_reason: str
    voided_at: datetime | None
    void_reason: str
    created_by: ActorOut
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, c: Any, **extra: Any) -> Self:
        """From a `Contract` row: its same-named columns plus the derived fields (and a subclass's `extra`)."""
        return cls.from_columns(
            c,
            status_label=CONTRACT_STATUSES[c.status],
            outstanding=c.amount - c.payment_amount,
            expired=c.end_date is not None and c.end_date < business_date(datetime.now().astimezone()),
            reviewer=ActorOut.of(c, "reviewer") if c.reviewed_at else None,
            created_by=ActorOut.of(c, "created_by"),
            **extra,
        )


class ContractRow(ContractOut):
    """A row of the contract list, with its 附件 column."""

    attachment_count: int


class ContractDetail(ContractOut):
    """One contract with its sub-contracts (子合同)."""

    children: list[ContractOut]


class ContractPage(ListPage[ContractRow]):
    status_list: list[Option] | None = None
    contract_type_list: list[Option] | None = None
    customer_list: list[Option] | None = None


class AttachmentOut(Row):
    id: int
    contract_id: int
    filename: str
    content_type: str
    size: int
    created_by: ActorOut
    created_at: datetime

    @classmethod
    def of(cls, a: Any) -> Self:
        return cls.from_columns(a, created_by=ActorOut.of(a, "created_by"))


class AttachmentList(BaseModel):
    data_list: list[AttachmentOut]
    total: int


class PlanRow(BaseModel):
    """One instalment with what the payments cover of it (allocated in due order)."""

    id: int
    seq: int
    due_date: date
    amount: Money
    received: Money
    status: PlanStatus
    note: str


class PlanList(BaseModel):
    data_list: list[PlanRow]
    total: int
    # What the contract has received, allocated to the instalments in due order.
    payment_amount: Money


class DueInstalmentRow(PlanRow):
    contract_id: int
    contract_name: str
    customer_name: str
    owner_name: str


class DueInstalments(BaseModel):
    data_list: list[DueInstalmentRow]
    total: int
