"""Requests and responses of campaigns and their sign-ups (admin, member app, partner hospital)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BeforeValidator, Field, StringConstraints, model_validator

from health.common import Name100, Ref, ResponseModel, StrictModel, Version
from shared.events.common import Actor
from shared.problems import field_error
from shared.types import INT_MAX, Id, ListPage, Option, Text, refuse_booleans

CampaignStatus = Literal["online", "offline"]
Audience = Literal["any", "customers"]
SignUpStatus = Literal["signed_up", "checked"]
Quota = Annotated[int, Field(ge=1, le=INT_MAX), BeforeValidator(refuse_booleans)]
Description = Annotated[Text, Field(max_length=2000)]
IdList = Annotated[list[Id], Field(max_length=500)]
# 卡片种类 as cards keeps it (the contract's card type, e.g. 体检卡).
CardKind = Annotated[Text, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
CardKindList = Annotated[list[CardKind], Field(max_length=50)]

STATUS_LABELS = {"online": "上线", "offline": "下线"}
AUDIENCE_LABELS = {"any": "所有会员", "customers": "指定客户或卡种的持卡人"}
SIGN_UP_LABELS = {"signed_up": "已报名", "checked": "已核销"}
# 爱尔活动管理 is 活动管理 narrowed to the brands whose name holds this.
AIER_BRAND_KEYWORD = "爱尔"


def check_period_and_audience(starts_at: datetime | None, ends_at: datetime | None, audience: str | None,
                               customer_ids: list[int] | None, card_kinds: list[str] | None) -> None:
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise field_error("ends_at", "结束时间必须晚于开始时间")
    if audience == "customers" and not customer_ids and not card_kinds:
        raise field_error("customer_ids", "指定客户的活动至少要有一个客户或一个卡片种类")


class CampaignIn(StrictModel):
    title: Name100
    brand_id: Id
    hospital_ids: IdList = Field(min_length=1)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    quota: Quota
    audience: Audience = "any"
    customer_ids: IdList = []
    card_kinds: CardKindList = []
    description: Description = ""
    status: CampaignStatus = "online"

    @model_validator(mode="after")
    def _consistent(self) -> CampaignIn:
        check_period_and_audience(self.starts_at, self.ends_at, self.audience, self.customer_ids, self.card_kinds)
        return self


class CampaignPatch(StrictModel):
    """The brand is fixed once created (its sign-ups were made at its stores)."""

    title: Name100 | None = None
    hospital_ids: IdList | None = Field(None, min_length=1)
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    quota: Quota | None = None
    audience: Audience | None = None
    customer_ids: IdList | None = None
    card_kinds: CardKindList | None = None
    description: Description | None = None
    status: CampaignStatus | None = None
    version: Version | None = None


class SignUpIn(StrictModel):
    hospital_id: Id  # the store the member will go to: one of the campaign's


@dataclass(frozen=True)
class CampaignFilters:
    keyword: str | None = None
    brand_id: int | None = None
    hospital_id: int | None = None
    status: str | None = None
    date_from: date | None = None  # campaigns running on or after this day
    date_to: date | None = None
    brand_keyword: str | None = None  # 爱尔活动管理: only brands whose name holds it


@dataclass(frozen=True)
class SignUpFilters:
    campaign_id: int | None = None
    brand_id: int | None = None
    hospital_id: int | None = None
    member_id: int | None = None
    status: str | None = None
    keyword: str | None = None
    date_from: date | None = None
    date_to: date | None = None


class CampaignOut(ResponseModel):
    id: int
    title: str
    brand: Ref
    hospitals: list[Ref]
    starts_at: datetime
    ends_at: datetime
    quota: int
    taken: int
    remaining: int
    audience: Audience
    audience_label: str
    customer_ids: list[int]
    card_kinds: list[str]
    description: str
    status: CampaignStatus
    status_label: str
    created_by: Actor
    created_at: datetime
    updated_at: datetime
    version: int


class MemberCampaign(ResponseModel):
    id: int
    title: str
    brand: Ref
    hospitals: list[Ref]
    starts_at: datetime
    ends_at: datetime
    quota: int
    remaining: int
    description: str


class SignUpOut(ResponseModel):
    id: int
    campaign_id: int
    campaign_title: str
    brand: Ref
    hospital: Ref
    member_id: int
    member_name: str
    member_phone: str
    status: SignUpStatus
    status_label: str
    checked_at: datetime | None
    created_at: datetime


class CampaignPage(ListPage[CampaignOut]):
    status_list: list[Option] | None = None
    audience_list: list[Option] | None = None
    brand_list: list[Option] | None = None


class MemberCampaignPage(ListPage[MemberCampaign]):
    pass


class SignUpPage(ListPage[SignUpOut]):
    status_list: list[Option] | None = None
    campaign_list: list[Option] | None = None
