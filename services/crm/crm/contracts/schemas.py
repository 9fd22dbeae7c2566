"""Request bodies of the contract routes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.money import Money
from shared.problems import Problem

ContractType = Literal["体检卡", "体检服务", "其他"]
ContractStatus = Literal["pending", "approved", "rejected", "voided"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ContractFields(Strict):
    name: str = Field(min_length=1, max_length=128)
    contract_type: ContractType = "体检卡"
    amount: Money
    red_packet_amount: Money = Decimal("0")
    total_cards: int = Field(0, ge=0, le=10_000_000)
    card_type: str = Field("", max_length=32)
    face_value_per_card: Money | None = None
    red_packet_per_card: Money | None = None
    start_date: date | None = None
    end_date: date | None = None
    signed_at: datetime | None = None
    note: str = Field("", max_length=2000)

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
    customer_id: int
    contract_no: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9\-_/]+$")
    parent_id: int | None = None


class ContractUpdate(ContractFields):
    version: int | None = None


class ContractNoIn(Strict):
    contract_no: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9\-_/]+$")
    reason: str = Field("", max_length=500)


class VoidIn(Strict):
    reason: str = Field(min_length=1, max_length=500)


class PlanItem(Strict):
    due_date: date
    amount: Money
    note: str = Field("", max_length=500)


class PlanIn(Strict):
    items: list[PlanItem] = Field(max_length=120)
