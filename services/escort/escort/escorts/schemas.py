"""Request and response models of escorts, their certificates and their earnings ledger."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from escort.common import CreatedBy, IdNumber, Name50, Name100, Phone, Short50, Short255, StrictModel, Version
from shared.money import Money, SignedMoney
from shared.types import Day, Id, ListPage, Option

EscortStatus = Literal["pending", "certified", "rejected", "disabled"]
Gender = Literal["male", "female", ""]


class CertificateIn(StrictModel):
    name: Name100
    number: Short50 = ""
    expires_on: Day


class EscortIn(StrictModel):
    name: Name50
    phone: Phone
    id_number: IdNumber
    gender: Gender = ""
    city: Short50 = "南昌市"
    hospital_ids: list[Id] = Field(default_factory=list, max_length=200)
    certificates: list[CertificateIn] = Field(default_factory=list, max_length=20)


class EscortPatch(StrictModel):
    name: Name50 | None = None
    phone: Phone | None = None
    id_number: IdNumber | None = None
    gender: Gender | None = None
    city: Short50 | None = None
    hospital_ids: list[Id] | None = Field(None, max_length=200)
    certificates: list[CertificateIn] | None = Field(None, max_length=20)
    version: Version | None = None


class EscortReviewIn(StrictModel):
    """certify: 已认证; reject: 已驳回 (with a reason); disable: 停用; enable: back to 已认证."""

    action: Literal["certify", "reject", "disable", "enable"]
    reason: Short255 = ""
    version: Version | None = None


class CertificateOut(BaseModel):
    id: int
    name: str
    number: str
    expires_on: date
    valid: bool


class HospitalRef(BaseModel):
    id: int
    name: str


class EscortOut(BaseModel):
    id: int
    name: str
    phone: str
    id_number: str = Field(description="无「陪诊师修改」权限的角色看到的是脱敏号码")
    gender: str
    city: str
    status: EscortStatus
    status_label: str
    reject_reason: str
    reviewed_by_name: str
    reviewed_at: datetime | None
    rating: str = Field(description="平均评分（0.0-5.0），无评价为 0.0")
    rating_count: int
    order_count: int
    balance: Money
    held: Money
    total_earned: Money
    certified: bool = Field(description="已认证且证书齐全有效：能看到并接单")
    hospitals: list[HospitalRef]
    certificates: list[CertificateOut]
    created_by: CreatedBy
    created_at: datetime
    updated_at: datetime
    version: int


class EscortPage(ListPage[EscortOut]):
    status_list: list[Option] | None = None
    hospital_list: list[Option] | None = None


class LedgerEntryOut(BaseModel):
    id: int
    kind: str
    kind_label: str
    amount: SignedMoney
    held_amount: SignedMoney
    balance_after: Money
    held_after: Money
    order_id: int | None
    withdrawal_id: int | None
    memo: str
    created_at: datetime


class LedgerPage(ListPage[LedgerEntryOut]):
    kind_list: list[Option] | None = None


class EarningsOut(BaseModel):
    balance: Money
    held: Money
    total_earned: Money
    ledger: LedgerPage


class ProfileOut(BaseModel):
    id: int
    name: str
    phone: str
    id_number: str
    city: str
    status: EscortStatus
    status_label: str
    certified: bool
    rating: str
    rating_count: int
    order_count: int
    balance: Money
    held: Money
    hospitals: list[HospitalRef]
    certificates: list[CertificateOut]


class PartnerRef(BaseModel):
    id: int
    name: str
    status: EscortStatus
