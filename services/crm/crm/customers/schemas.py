"""Request and response models of the customer routes (unknown fields and values are a 422)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, Field

from crm.common import REVIEW_STATUSES
from crm.schemas import ActorOut, ExportedFilters, Row, Strict
from shared.money import Money
from shared.privacy import mask_phone
from shared.types import Count, Day, Flag, Id, ListPage, Option, Text

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


# ---------------------------------------------------------------- requests


class ContactIn(Strict):
    name: Text = Field(min_length=1, max_length=64)
    title: Text = Field("", max_length=64)
    phone: str = Field("", max_length=32, pattern=PHONE)
    email: Text = Field("", max_length=128, pattern=EMAIL)
    birthday: Day | None = None
    decision_maker: Flag = False


class CustomerFields(Strict):
    level: Level | None = None
    admin_level: AdminLevel | None = None
    parent_unit: Text = Field("", max_length=128)
    industry: Industry | None = None
    industry_attr: IndustryAttr | None = None
    headcount: Count | None = Field(None, le=10_000_000)
    credit_code: str | None = Field(None, pattern=CREDIT_CODE)
    legal_rep: Text = Field("", max_length=64)
    address: Text = Field("", max_length=255)
    phone: str = Field("", max_length=32, pattern=PHONE)
    business_scope: Text = Field("", max_length=2000)
    source: Source | None = None
    credit_note: Text = Field("", max_length=2000)
    note: Text = Field("", max_length=2000)
    contacts: list[ContactIn] = Field(default_factory=list, max_length=50)


class CustomerCreate(CustomerFields):
    name: Text = Field(min_length=1, max_length=128)
    # The owner (跟进人); left out it is the creator, unless `to_pool` puts the customer in the public pool.
    owner_id: Id | None = None
    to_pool: Flag = False


class CustomerUpdate(CustomerFields):
    """Only the fields sent are changed; `version` (or If-Match) is the version that was read."""

    name: Text | None = Field(None, min_length=1, max_length=128)
    version: Count | None = Field(None, ge=1)


class ReviewIn(Strict):
    approved: Flag
    reason: Text = Field("", max_length=500)


class ReleaseIn(Strict):
    reason: ReleaseReason
    note: Text = Field("", max_length=500)


class LockIn(Strict):
    locked: Flag


@dataclass(frozen=True)
class CustomerFilters(ExportedFilters):
    """The customer list's filters (also the pool's, with `in_pool`), built by the router's dependency."""

    keyword: str | None = None
    customer_id: int | None = None
    level: str | None = None
    admin_level: str | None = None
    industry: str | None = None
    industry_attr: str | None = None
    source: str | None = None
    review_status: str | None = None
    owner_id: int | None = None
    dept_id: int | None = None
    locked: bool | None = None
    in_pool: bool | None = None
    date_from: date | None = None  # created on or after this Shanghai day
    date_to: date | None = None
    deleted: bool = False


# ---------------------------------------------------------------- responses


class ContactOut(Row):
    id: int
    name: str
    title: str
    phone: str
    email: str
    birthday: date | None
    decision_maker: bool

    @classmethod
    def of(cls, ct: Any) -> Self:
        return cls.from_columns(ct)


class CustomerRow(Row):
    """A row of the customer list (phone masked). Totals use the sales report's names: `contract_amount`
    (approved contracts) and `payment_amount` (received)."""

    id: int
    name: str
    level: str | None
    admin_level: str | None
    parent_unit: str
    industry: str | None
    industry_attr: str | None
    headcount: int | None
    contract_amount: Money
    payment_amount: Money
    owner_id: int | None
    owner_name: str
    dept_id: int | None
    dept_name: str
    in_pool: bool
    locked: bool
    source: str | None
    credit_code: str | None
    legal_rep: str
    phone: str
    review_status: ReviewStatus
    review_status_label: str
    reviewer: ActorOut | None
    reviewed_at: datetime | None
    review_reason: str
    claimed_at: datetime | None
    last_follow_up_at: datetime | None
    created_by: ActorOut
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    version: int

    @classmethod
    def of(cls, c: Any) -> Self:
        """From a `Customer` row: its same-named columns plus the derived fields."""
        derived: dict[str, Any] = {
            "in_pool": c.owner_id is None,
            "phone": mask_phone(c.phone),
            "review_status_label": REVIEW_STATUSES[c.review_status],
            "reviewer": ActorOut.of(c, "reviewer") if c.reviewed_at else None,
            "created_by": ActorOut.of(c, "created_by"),
        }
        if issubclass(cls, CustomerOut):
            # The full customer: the phone unmasked, its contacts (a list row never loads them).
            derived.update(phone=c.phone, contacts=[ContactOut.of(ct) for ct in c.contacts])
        return cls.from_columns(c, **derived)


class PoolRow(CustomerRow):
    """A row of the public pool: who had the customer and why it was released."""

    previous_owner_id: int | None
    previous_owner_name: str
    released_at: datetime | None
    release_reason: str
    release_note: str


class CustomerOut(PoolRow):
    """One customer in full (phone unmasked), with its contacts (and its pool history)."""

    address: str
    business_scope: str
    credit_note: str
    note: str
    dealt_at: datetime | None
    contacts: list[ContactOut]


class CustomerPage(ListPage[CustomerRow]):
    admin_list: list[Option] | None = None
    status_list: list[Option] | None = None
    level_list: list[Option] | None = None
    admin_level_list: list[Option] | None = None
    industry_list: list[Option] | None = None
    industry_attr_list: list[Option] | None = None
    source_list: list[Option] | None = None
    release_reason_list: list[Option] | None = None


class UnattendedPage(ListPage[CustomerRow]):
    # Whom the manager may hand these customers to (through an owner-change request).
    admin_list: list[Option] | None = None


class HistoryRow(BaseModel):
    id: int
    entity: str
    entity_id: int
    action: str
    field: str
    old_value: str | None
    new_value: str | None
    reason: str
    actor: ActorOut
    created_at: datetime


class HistoryPage(BaseModel):
    data_list: list[HistoryRow]
    page: int
    page_size: int


class ImportOut(BaseModel):
    created: int
    ids: list[int]
