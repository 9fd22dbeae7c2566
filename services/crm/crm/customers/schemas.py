"""Request bodies of the customer routes (unknown fields and values are a 422)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["A", "B", "C", "D"]
AdminLevel = Literal["省级", "市级", "县级", "乡镇街道"]
Industry = Literal["银行", "政府机构", "事业单位", "国有企业", "私营企业", "学校", "医院", "其他"]
IndustryAttr = Literal["机关单位", "央企国企", "事业单位", "私营企业", "其他"]
Source = Literal["朋友介绍", "互联网", "营销活动", "陌拜", "老客户转介绍", "其他"]
ReleaseReason = Literal["人员变动", "竞争对手", "需求变化", "服务问题", "失去联系", "其他"]
ReviewStatus = Literal["pending", "approved", "rejected"]

# GB 32100-2015: 18 characters, no I/O/Z/S/V.
CREDIT_CODE = r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$"
PHONE = r"^[0-9+\-() ]{0,32}$"
EMAIL = r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ContactIn(Strict):
    name: str = Field(min_length=1, max_length=64)
    title: str = Field("", max_length=64)
    phone: str = Field("", max_length=32, pattern=PHONE)
    email: str = Field("", max_length=128, pattern=EMAIL)
    birthday: date | None = None
    decision_maker: bool = False


class CustomerFields(Strict):
    level: Level | None = None
    admin_level: AdminLevel | None = None
    parent_unit: str = Field("", max_length=128)
    industry: Industry | None = None
    industry_attr: IndustryAttr | None = None
    headcount: int | None = Field(None, ge=0, le=10_000_000)
    credit_code: str | None = Field(None, pattern=CREDIT_CODE)
    legal_rep: str = Field("", max_length=64)
    address: str = Field("", max_length=255)
    phone: str = Field("", max_length=32, pattern=PHONE)
    business_scope: str = Field("", max_length=2000)
    source: Source | None = None
    credit_note: str = Field("", max_length=2000)
    note: str = Field("", max_length=2000)
    contacts: list[ContactIn] = Field(default_factory=list, max_length=50)


class CustomerCreate(CustomerFields):
    name: str = Field(min_length=1, max_length=128)
    # The owner (跟进人); left out it is the creator, unless `to_pool` puts the customer in the public pool.
    owner_id: int | None = None
    to_pool: bool = False


class CustomerUpdate(CustomerFields):
    """Only the fields sent are changed; `version` (or If-Match) is the version that was read."""

    name: str | None = Field(None, min_length=1, max_length=128)
    version: int | None = None


class ReviewIn(Strict):
    approved: bool
    reason: str = Field("", max_length=500)


class ReleaseIn(Strict):
    reason: ReleaseReason
    note: str = Field("", max_length=500)


class LockIn(Strict):
    locked: bool
