"""Request bodies of packages (套餐) and their items (套餐单项)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from health.common import Name200, Sort, StrictModel, Version
from shared.money import Money
from shared.problems import field_error

Gender = Literal["both", "male", "female"]
OnlineStatus = Literal["online", "offline"]
LongText = Annotated[str, StringConstraints(max_length=5000)]
Id = Annotated[int, Field(ge=1)]
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
    recommended: bool = False
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
    recommended: bool | None = None
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
