"""Requests and responses of the catalogue: brands, categories, diseases, items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from health.common import LongText, Name50, Name100, Name200, Ref, ResponseModel, Sort, StrictModel, Version
from shared.events.common import Actor
from shared.money import Money, SignedMoney
from shared.problems import Problem
from shared.types import Count, Id, ListPage, Option, Text

BrandType = Literal["公立三甲", "公立医院", "专业机构", "二级甲等", "民营医院"]
OnlineStatus = Literal["online", "offline"]
Url = Annotated[Text, StringConstraints(strip_whitespace=True, max_length=500)]


class BrandIn(StrictModel):
    name: Name100
    brand_type: BrandType
    logo_url: Url = ""
    prepayment: Money = Decimal("0")
    sort: Sort = 0
    status: OnlineStatus = "online"


class BrandPatch(StrictModel):
    name: Name100 | None = None
    brand_type: BrandType | None = None
    logo_url: Url | None = None
    prepayment: Money | None = None
    sort: Sort | None = None
    status: OnlineStatus | None = None
    version: Version | None = None


class BrandStatusIn(StrictModel):
    """上线/下线 from the list's operation column."""

    status: OnlineStatus
    version: Version | None = None


class CategoryIn(StrictModel):
    name: Name50
    sort: Sort = 0


class CategoryPatch(StrictModel):
    name: Name50 | None = None
    sort: Sort | None = None
    version: Version | None = None


class DiseaseIn(StrictModel):
    name: Name50
    parent_id: Id | None = None
    description: LongText = ""
    sort: Sort = 0


class DiseasePatch(StrictModel):
    name: Name50 | None = None
    parent_id: Id | None = None
    description: LongText | None = None
    sort: Sort | None = None
    version: Version | None = None


def check_item_prices(sale: Decimal | None, market: Decimal | None, settlement: Decimal | None) -> None:
    """结算价 <= 售价 <= 市场价 (Money already refuses negatives and a third decimal place)."""
    errors = []
    if sale is not None and market is not None and sale > market:
        errors.append({"field": "sale_price", "message": "售价不能高于市场价"})
    if sale is not None and settlement is not None and settlement > sale:
        errors.append({"field": "settlement_price", "message": "结算价不能高于售价"})
    if errors:
        raise Problem(422, "invalid_prices", "价格需满足：结算价 ≤ 售价 ≤ 市场价", errors=errors)


class ItemIn(StrictModel):
    name: Name200
    brand_id: Id
    sale_price: Money
    market_price: Money
    settlement_price: Money
    disease_ids: list[Id] = Field(default_factory=list, max_length=100)
    meaning: LongText = ""
    sort: Sort = 0

    @model_validator(mode="after")
    def _prices(self) -> ItemIn:
        check_item_prices(self.sale_price, self.market_price, self.settlement_price)
        return self


class ItemPatch(StrictModel):
    name: Name200 | None = None
    brand_id: Id | None = None
    sale_price: Money | None = None
    market_price: Money | None = None
    settlement_price: Money | None = None
    disease_ids: list[Id] | None = Field(None, max_length=100)
    meaning: LongText | None = None
    sort: Sort | None = None
    version: Version | None = None


# ---------------------------------------------------------------- list filters (built from the query by the router)


@dataclass(frozen=True)
class BrandFilters:
    keyword: str | None = None
    brand_type: BrandType | None = None
    status: OnlineStatus | None = None


@dataclass(frozen=True)
class DiseaseFilters:
    keyword: str | None = None
    parent_id: int | None = None  # 0: the groups only


@dataclass(frozen=True)
class ItemFilters:
    keyword: str | None = None
    brand_id: int | None = None
    disease_id: int | None = None
    sale_price_from: Decimal | None = None
    sale_price_to: Decimal | None = None


# ---------------------------------------------------------------- responses


class Audited(ResponseModel):
    """Who made a row and when; `version` is what a PATCH or If-Match sends back."""

    created_by: Actor
    created_at: datetime
    updated_at: datetime
    version: int


class BrandOut(Audited):
    id: int
    name: str
    brand_type: str
    logo_url: str
    store_count: int = Field(description="门店数量：该品牌的医院数")
    prepayment: SignedMoney
    sort: int
    status: OnlineStatus
    status_label: str


class BrandPage(ListPage[BrandOut]):
    brand_type_list: list[Option] | None = None
    status_list: list[Option] | None = None


class CategoryOut(Audited):
    id: int
    name: str
    sort: int


class CategoryPage(ListPage[CategoryOut]):
    pass


class DiseaseOut(Audited):
    id: int
    name: str
    parent_id: int | None
    parent_name: str
    description: str
    sort: int


class DiseasePage(ListPage[DiseaseOut]):
    group_list: list[Option] | None = None


class ItemOut(Audited):
    id: int
    name: str
    brand_id: int
    brand_name: str
    sale_price: SignedMoney
    market_price: SignedMoney
    settlement_price: SignedMoney
    diseases: list[Ref]
    disease_ids: list[int]
    meaning: str
    sort: int


class ItemPage(ListPage[ItemOut]):
    brand_list: list[Option] | None = None
    disease_list: list[Option] | None = None


class ImportResult(ResponseModel):
    created: Count
