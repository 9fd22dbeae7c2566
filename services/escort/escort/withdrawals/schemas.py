"""Request and response models of withdrawal methods and withdrawals."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from escort.common import CreatedBy, Name50, Short255, Sort, StrictModel, Version
from shared.money import Money
from shared.types import Flag, Id, ListPage, Option

Method = Literal["bank", "alipay", "wechat"]
FeeRate = Annotated[Decimal, Field(ge=0, lt=1, max_digits=5, decimal_places=4)]
AccountNo = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z@._+\-]+$")]


class WithdrawalItemIn(StrictModel):
    name: Name50
    method: Method
    min_amount: Money
    fee_rate: FeeRate = Decimal("0")
    fee_fixed: Money = Decimal("0")
    enabled: Flag = True
    sort: Sort = 0


class WithdrawalItemPatch(StrictModel):
    name: Name50 | None = None
    method: Method | None = None
    min_amount: Money | None = None
    fee_rate: FeeRate | None = None
    fee_fixed: Money | None = None
    enabled: Flag | None = None
    sort: Sort | None = None
    version: Version | None = None


class WithdrawalItemOut(BaseModel):
    id: int
    name: str
    method: Method
    method_label: str
    min_amount: Money
    fee_rate: Decimal
    fee_fixed: Money
    enabled: bool
    sort: int
    created_by: CreatedBy
    created_at: datetime
    updated_at: datetime
    version: int


class WithdrawalItemPage(ListPage[WithdrawalItemOut]):
    method_list: list[Option] | None = None
    enabled_list: list[Option] | None = None


class PartnerItemOut(BaseModel):
    id: int
    name: str
    method: Method
    method_label: str
    min_amount: Money
    fee_rate: Decimal
    fee_fixed: Money


class PartnerItemsOut(BaseModel):
    items: list[PartnerItemOut]


class WithdrawalIn(StrictModel):
    item_id: Id
    amount: Money
    account_name: Name50
    account_no: AccountNo


class WithdrawalReviewIn(StrictModel):
    action: Literal["approve", "reject"]
    reason: Short255 = ""


class WithdrawalPayIn(StrictModel):
    reference: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z\-_]+$")]


class WithdrawalOut(BaseModel):
    id: int
    escort_id: int
    escort_name: str
    item_id: int
    item_name: str
    method: Method
    method_label: str
    account_name: str
    account_no: str
    amount: Money
    fee: Money
    net_amount: Money
    status: Literal["pending", "approved", "paid", "rejected"]
    status_label: str
    reject_reason: str
    reviewed_by_name: str
    reviewed_at: datetime | None
    paid_reference: str
    paid_by_name: str
    paid_at: datetime | None
    created_at: datetime


class WithdrawalPage(ListPage[WithdrawalOut]):
    status_list: list[Option] | None = None
    method_list: list[Option] | None = None
