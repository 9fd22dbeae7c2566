"""Request and response models of products, hospitals and questions (admin and member views)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field, model_validator

from escort.common import (
    CreatedBy,
    LongText,
    Name50,
    Name100,
    RowModel,
    Short50,
    Short255,
    Sort,
    StrictModel,
    Version,
)
from shared.money import Money
from shared.types import Flag, Id, ListPage, Option, refuse_booleans

ServiceType = Literal["full", "half", "report", "consult"]
ShareMode = Literal["rate", "fixed"]
HospitalLevel = Literal["三甲", "三乙", "二甲", "二乙", "一级", "其他"]
Rate = Annotated[Decimal, Field(ge=0, le=1, max_digits=5, decimal_places=4)]
Duration = Annotated[int, Field(ge=10, le=24 * 60), BeforeValidator(refuse_booleans)]


def _check_share(price: Decimal | None, mode: str | None, value: Decimal | None) -> None:
    if mode == "rate" and value is not None and value > 1:
        raise ValueError("按比例分成时 share_value 为 0 到 1 之间的比例")
    if mode == "fixed" and price is not None and value is not None and value > price:
        raise ValueError("固定分成不能高于售价")


# ---------------------------------------------------------------- products


class ProductIn(StrictModel):
    name: Name100
    service_type: ServiceType
    price: Money
    share_mode: ShareMode = "rate"
    share_value: Decimal = Field(description="按比例: 0~1（如 0.7）；固定金额: 元", ge=0, max_digits=14,
                                 decimal_places=4)
    duration_minutes: Duration = 240
    description: LongText = ""
    cities: list[Short50] = Field(default_factory=lambda: ["南昌市"], max_length=50)
    on_shelf: Flag = True
    sort: Sort = 0

    @model_validator(mode="after")
    def _share(self) -> ProductIn:
        if self.price <= 0:
            raise ValueError("售价必须大于 0")
        _check_share(self.price, self.share_mode, self.share_value)
        return self


class ProductPatch(StrictModel):
    name: Name100 | None = None
    service_type: ServiceType | None = None
    price: Money | None = None
    share_mode: ShareMode | None = None
    share_value: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=4)
    duration_minutes: Duration | None = None
    description: LongText | None = None
    cities: list[Short50] | None = Field(None, max_length=50)
    on_shelf: Flag | None = None
    sort: Sort | None = None
    version: Version | None = None


class ProductOut(RowModel):
    id: int
    name: str
    service_type: ServiceType
    service_type_label: str
    price: Money
    share_mode: ShareMode
    share_value: Decimal
    escort_share: Money = Field(description="按当前售价计算的陪诊师分成")
    duration_minutes: int
    description: str
    cities: list[str]
    on_shelf: bool
    sort: int
    created_by: CreatedBy
    created_at: datetime
    updated_at: datetime
    version: int


class ProductPage(ListPage[ProductOut]):
    service_type_list: list[Option] | None = None
    share_mode_list: list[Option] | None = None
    on_shelf_list: list[Option] | None = None


class AppProductOut(BaseModel):
    id: int
    name: str
    service_type: ServiceType
    service_type_label: str
    price: Money
    duration_minutes: int
    description: str
    cities: list[str]


class AppProductPage(ListPage[AppProductOut]):
    service_type_list: list[Option] | None = None


# ---------------------------------------------------------------- hospitals


class HospitalIn(StrictModel):
    name: Name100
    level: HospitalLevel
    city: Short50 = "南昌市"
    district_id: Id | None = Field(None, ge=1, le=2**63 - 1)
    address: Short255 = ""
    departments: list[Name50] = Field(default_factory=list, max_length=100)
    shown: Flag = True
    sort: Sort = 0


class HospitalPatch(StrictModel):
    name: Name100 | None = None
    level: HospitalLevel | None = None
    city: Short50 | None = None
    district_id: Id | None = Field(None, ge=1, le=2**63 - 1)
    address: Short255 | None = None
    departments: list[Name50] | None = Field(None, max_length=100)
    shown: Flag | None = None
    sort: Sort | None = None
    version: Version | None = None


class HospitalOut(BaseModel):
    id: int
    name: str
    level: str
    city: str
    district_id: int | None
    district_name: str
    address: str
    departments: list[str]
    shown: bool
    sort: int
    created_by: CreatedBy
    created_at: datetime
    updated_at: datetime
    version: int


class HospitalPage(ListPage[HospitalOut]):
    level_list: list[Option] | None = None
    district_list: list[Option] | None = None
    shown_list: list[Option] | None = None


class AppHospitalOut(BaseModel):
    id: int
    name: str
    level: str
    city: str
    district_name: str
    address: str
    departments: list[str]


class AppHospitalPage(ListPage[AppHospitalOut]):
    district_list: list[Option] | None = None


# ---------------------------------------------------------------- questions


class QuestionIn(StrictModel):
    group_name: Name50
    question: Annotated[Short255, Field(min_length=1)]
    answer: Annotated[LongText, Field(min_length=1)]
    shown: Flag = True
    sort: Sort = 0


class QuestionPatch(StrictModel):
    group_name: Name50 | None = None
    question: Annotated[Short255, Field(min_length=1)] | None = None
    answer: Annotated[LongText, Field(min_length=1)] | None = None
    shown: Flag | None = None
    sort: Sort | None = None
    version: Version | None = None


class QuestionOut(BaseModel):
    id: int
    group_name: str
    question: str
    answer: str
    shown: bool
    sort: int
    created_by: CreatedBy
    created_at: datetime
    updated_at: datetime
    version: int


class QuestionPage(ListPage[QuestionOut]):
    group_list: list[Option] | None = None
    shown_list: list[Option] | None = None


class AppQuestionOut(BaseModel):
    id: int
    question: str
    answer: str


class QuestionGroupOut(BaseModel):
    group_name: str
    questions: list[AppQuestionOut]


class QuestionGroupsOut(BaseModel):
    groups: list[QuestionGroupOut]


class DistrictsOut(BaseModel):
    district_list: list[Option]
