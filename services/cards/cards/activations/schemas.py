"""Requests and responses of 激活管理."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field

from cards.common import RangeIn, Reason, RequestOut
from shared.money import Money, SignedMoney
from shared.types import Id, Integer, ListPage, Option


class ActivationIn(BaseModel):
    contract_id: Id = Field(..., description="合同 id（须已审核通过）")
    ranges: list[RangeIn] = Field(..., min_length=1, description="卡片范围（须为该合同已领、未充值的卡）")
    latest_activation_at: AwareDatetime = Field(..., description="最迟激活时间（带时区）")
    auto_activate_days: Integer = Field(
        ..., ge=0, le=3650, description="自动激活天数：审核通过后多少天未激活则自动激活"
    )
    valid_days: Integer = Field(..., ge=1, le=3650, description="卡片有效天数：激活后多少天内有效")
    red_packet_days: Integer = Field(..., ge=0, le=3650, description="红包有效天数：激活后多少天内可用")
    face_value: Money | None = Field(None, description="每张卡面金额；不填取合同的每卡金额")
    red_packet: Money | None = Field(None, description="每张卡红包金额；不填取合同的每卡红包")
    remark: Reason = ""


class ActivationOut(RequestOut):
    batch_no: str
    latest_activation_at: datetime
    auto_activate_days: int
    valid_days: int
    red_packet_days: int
    face_value: SignedMoney
    red_packet: SignedMoney
    charged_at: datetime | None


class ActivationPage(ListPage[ActivationOut]):
    status_list: list[Option] | None = None
    customer_list: list[Option] | None = None
