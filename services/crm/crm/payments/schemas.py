"""Request bodies of the payment routes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.money import Money

PaymentMethod = Literal["银行转账", "现金", "支付宝", "其他"]


class PaymentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    contract_id: int
    amount: Money
    method: PaymentMethod
    received_at: datetime  # 到账时间
    note: str = Field("", max_length=500)


class PaymentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    amount: Money
    method: PaymentMethod
    received_at: datetime
    note: str = Field("", max_length=500)
    version: int | None = None
