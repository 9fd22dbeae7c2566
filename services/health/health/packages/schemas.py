"""Requests and responses of packages (套餐) and their items (套餐单项)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from health.common import LongText, Name200, Ref, ResponseModel, Sort, StrictModel, Version
from shared.events.common import Actor
from shared.money import Money, SignedMoney
from shared.problems import field_error
from shared.types import Flag, Id, ListPage, Option

Gender = Literal["both", "male", "female"]
OnlineStatus = Literal["online", "offline"]
MAX_PACKAGE_ITEMS = 200


class PackageItemIn(StrictModel):
    item_id: Id
    gender: Gender = "both"
    sort: Sort = 0


def _no_duplicates(items: list[PackageItemIn] | None) -> None:
    if items is not None and len({i.item_id for i in items}) != len(items):
        raise field_error("items", "同一单项不能重复加入套餐（男女差异请用 gender 区分）")


class PackageIn(StrictModel):
    name: Name200
    brand_id: Id
    hospital_ids: list[Id] = Field(default_factory=list, max_length=500)
    category_ids: list[Id] = Field(default_factory=list, max_length=50)
    recommended: Flag = False
    status: OnlineStatus = "online"
    price: Money | None = None
    settlement_price: Money | None = None
    items: list[PackageItemIn] = Field(default_factory=list, max_length=MAX_PACKAGE_ITEMS)
    description: LongText = ""
    notice: LongText = ""
    sort: Sort = 0

    @model_validator(mode="after")
    def _check(self) -> PackageIn:
        _no_duplicates(self.items)
        return self


class PackagePatch(StrictModel):
    name: Name200 | None = None
    brand_id: Id | None = None
    hospital_ids: list[Id] | None = Field(None, max_length=500)
    category_ids: list[Id] | None = Field(None, max_length=50)
    recommended: Flag | None = None
    status: OnlineStatus | None = None
    # null sets the price back to "follows the items".
    price: Money | None = None
    settlement_price: Money | None = None
    items: list[PackageItemIn] | None = Field(None, max_length=MAX_PACKAGE_ITEMS)
    description: LongText | None = None
    notice: LongText | None = None
    sort: Sort | None = None
    version: Version | None = None

    @model_validator(mode="after")
    def _check(self) -> PackagePatch:
        _no_duplicates(self.items)
        return self


@dataclass(frozen=True)
class PackageFilters:
    """The filters of the admin list and of the members' list (built from the query by the router)."""

    keyword: str | None = None
    brand_id: int | None = None
    hospital_id: int | None = None
    category_id: int | None = None
    recommended: bool | None = None
    status: OnlineStatus | None = None


# ---------------------------------------------------------------- responses
# The member models list what a member may see; the admin ones add what the hospital is paid and the audit.
# Member models ignore the fields they do not declare: they are the projection of the admin shape.


class MemberPackageItem(ResponseModel):
    model_config = ConfigDict(extra="ignore")

    item_id: int
    name: str
    gender: Gender
    gender_label: str
    sale_price: SignedMoney
    market_price: SignedMoney
    meaning: str
    sort: int


class PackageItemOut(MemberPackageItem):
    model_config = ConfigDict(extra="forbid")

    settlement_price: SignedMoney


class MemberPackageRow(ResponseModel):
    model_config = ConfigDict(extra="ignore")

    id: int
    name: str
    brand_id: int
    brand_name: str
    hospitals: list[Ref]
    hospital_ids: list[int]
    categories: list[Ref]
    category_ids: list[int]
    recommended: bool
    recommended_label: str
    status: OnlineStatus
    status_label: str
    price: SignedMoney = Field(description="售价：设定的套餐价；跟随单项时为男女价中较低者（起价）")
    price_follows_items: bool = Field(description="true: 未设定套餐价，售价由单项累加")
    settlement_follows_items: bool
    price_male: SignedMoney
    price_female: SignedMoney
    market_price_male: SignedMoney
    market_price_female: SignedMoney
    item_count: int
    description: str
    notice: str
    sort: int
    created_at: datetime
    updated_at: datetime


class PackageRow(MemberPackageRow):
    model_config = ConfigDict(extra="forbid")

    settlement_price: SignedMoney = Field(description="结算价：设定的结算价；跟随单项时为男女结算价中较低者")
    settlement_price_male: SignedMoney
    settlement_price_female: SignedMoney
    created_by: Actor
    version: int


class PackageOut(PackageRow):
    items: list[PackageItemOut]


class MemberPackageOut(MemberPackageRow):
    items: list[MemberPackageItem]


class PackagePage(ListPage[PackageRow]):
    brand_list: list[Option] | None = None
    category_list: list[Option] | None = None
    hospital_list: list[Option] | None = None
    recommended_list: list[Option] | None = None
    status_list: list[Option] | None = None


class MemberPackagePage(ListPage[MemberPackageRow]):
    category_list: list[Option] | None = None
    brand_list: list[Option] | None = None


class MemberScheduleDay(ResponseModel):
    model_config = ConfigDict(extra="ignore")

    day: date
    available: int
    closed: bool


class MemberSchedule(ResponseModel):
    """门店某月每天的剩余名额 (what is booked and the capacity stay the hospital's business)."""

    model_config = ConfigDict(extra="ignore")

    hospital_id: int
    hospital_name: str
    month: str
    days: list[MemberScheduleDay]
