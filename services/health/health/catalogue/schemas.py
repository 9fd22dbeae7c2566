"""Request bodies of the catalogue: brands, categories, diseases, items."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from health.common import Name50, Name100, Name200, Sort, StrictModel, Version
from shared.money import Money
from shared.problems import Problem

BrandType = Literal["公立三甲", "公立医院", "专业机构", "二级甲等", "民营医院"]
OnlineStatus = Literal["online", "offline"]
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=5000)]


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
    parent_id: int | None = Field(None, ge=1)
    description: LongText = ""
    sort: Sort = 0


class DiseasePatch(StrictModel):
    name: Name50 | None = None
    parent_id: int | None = Field(None, ge=1)
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
    brand_id: int = Field(ge=1)
    sale_price: Money
    market_price: Money
    settlement_price: Money
    disease_ids: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list, max_length=100)
    meaning: LongText = ""
    sort: Sort = 0

    @model_validator(mode="after")
    def _prices(self) -> ItemIn:
        check_item_prices(self.sale_price, self.market_price, self.settlement_price)
        return self


class ItemPatch(StrictModel):
    name: Name200 | None = None
    brand_id: int | None = Field(None, ge=1)
    sale_price: Money | None = None
    market_price: Money | None = None
    settlement_price: Money | None = None
    disease_ids: list[Annotated[int, Field(ge=1)]] | None = Field(None, max_length=100)
    meaning: LongText | None = None
    sort: Sort | None = None
    version: Version | None = None
