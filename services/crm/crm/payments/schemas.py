"""Request and response models of the payment routes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import Field

from crm.schemas import ActorOut, ExportedFilters, Row, Strict
from shared.money import Money
from shared.types import Count, Id, ListPage, Moment, Option, Text

PaymentMethod = Literal["银行转账", "现金", "支付宝", "其他"]


class PaymentCreate(Strict):
    contract_id: Id
    amount: Money
    method: PaymentMethod
    received_at: Moment  # 到账时间
    note: Text = Field("", max_length=500)


class PaymentUpdate(Strict):
    amount: Money
    method: PaymentMethod
    received_at: Moment
    note: Text = Field("", max_length=500)
    version: Count | None = Field(None, ge=1)


@dataclass(frozen=True)
class PaymentFilters(ExportedFilters):
    keyword: str | None = None
    contract_id: int | None = None
    customer_id: int | None = None
    owner_id: int | None = None
    dept_id: int | None = None
    method: str | None = None
    date_from: date | None = None  # received on or after this Shanghai day
    date_to: date | None = None


class PaymentRow(Row):
    id: int
    contract_id: int
    contract_name: str
    contract_no: str
    customer_id: int
    customer_name: str
    owner_id: int | None
    owner_name: str
    dept_id: int | None
    dept_name: str
    amount: Money
    method: PaymentMethod
    received_at: datetime
    note: str
    created_by: ActorOut
    created_at: datetime
    updated_at: datetime
    version: int
    revision: int

    @classmethod
    def of(cls, p: Any, contract: Any) -> Self:
        """From a `Payment` and its `Contract`."""
        return cls.from_columns(
            p,
            contract_name=contract.name,
            contract_no=contract.contract_no,
            customer_name=contract.customer_name,
            created_by=ActorOut.of(p, "created_by"),
        )


class PaymentPage(ListPage[PaymentRow]):
    method_list: list[Option] | None = None
    admin_list: list[Option] | None = None
