"""Goods request and response bodies (admin and member views)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from mall.common import Line255, Name100, Sort, StockCount, StrictModel
from mall.goods.html import MAX_DETAIL_CHARS
from shared.money import Money
from shared.types import Flag, Id, Integer, ListPage, Option, Text

SpecText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]


class SkuIn(StrictModel):
    id: Id | None = Field(None, description="修改已有规格时填写；不填为新增规格")
    sku_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64, pattern=r"^[0-9A-Za-z_\-]*$")] = ""
    specs: dict[SpecText, SpecText] = Field(default_factory=dict, max_length=5, description='如 {"颜色": "白色"}')
    price: Money = Field(description="售价（元），大于 0")
    market_price: Money = Field(description="市场价（元）")
    settlement_price: Money = Field(description="结算价（元），不能高于售价")
    stock: StockCount = Field(description="库存")
    low_stock_threshold: StockCount = Field(0, description="库存预警值")

    @model_validator(mode="after")
    def _prices(self) -> SkuIn:
        if self.price <= 0:
            raise ValueError("售价必须大于 0")
        if self.settlement_price > self.price:
            raise ValueError("结算价不能高于售价")
        return self


GoodsCode = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64, pattern=r"^[0-9A-Za-z_\-]*$")]


class GoodsIn(StrictModel):
    code: GoodsCode = Field("", description="商品编码（导入按它识别同一商品；可空）")
    name: Name100
    subtitle: Line255 = ""
    brand_id: Id
    category_id: Id
    detail_html: Annotated[Text, Field(max_length=MAX_DETAIL_CHARS, description="商品详情（HTML，保存时净化）")] = ""
    on_shelf: Flag = False
    recommended: Flag = False
    sort: Sort = 0
    skus: list[SkuIn] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _distinct_skus(self) -> GoodsIn:
        specs = [tuple(sorted(s.specs.items())) for s in self.skus]
        if len(set(specs)) != len(specs):
            raise ValueError("规格组合不能重复")
        ids = [s.id for s in self.skus if s.id is not None]
        if len(set(ids)) != len(ids):
            raise ValueError("规格 id 不能重复")
        return self


class GoodsUpdate(GoodsIn):
    version: Integer | None = Field(None, ge=1, description="读到的版本号（或 If-Match 请求头）")


class ShelfIn(StrictModel):
    ids: list[Id] = Field(min_length=1, max_length=200)
    on_shelf: Flag


class Updated(BaseModel):
    updated: int


class SkuOut(BaseModel):
    id: int
    sku_code: str
    specs: dict[str, Any]
    price: Money
    market_price: Money
    settlement_price: Money
    stock: int
    reserved: int
    available: int
    low_stock_threshold: int
    low_stock: bool


class GoodsRow(BaseModel):
    id: int
    code: str
    name: str
    subtitle: str
    brand_id: int
    brand_name: str
    category_id: int
    category_name: str
    on_shelf: bool
    shelf_label: str
    recommended: bool
    sort: int
    sales_count: int
    image_ids: list[int]
    image_urls: list[str]
    price_min: Money
    price_max: Money
    stock: int
    low_stock: bool
    skus: list[SkuOut]
    created_by_id: int | None
    created_by_name: str
    created_at: datetime
    updated_at: datetime
    version: int


class GoodsOut(GoodsRow):
    detail_html: str


class GoodsPage(ListPage[GoodsRow]):
    brand_list: list[Option] | None = None
    category_list: list[Option] | None = None
    shelf_list: list[Option] | None = None


class SkuChangeOut(BaseModel):
    id: int
    goods_id: int
    sku_id: int
    field: str
    field_label: str
    before: str
    after: str
    actor_id: int | None
    actor_name: str
    changed_at: datetime


class SkuChangePage(ListPage[SkuChangeOut]):
    pass


class MemberSku(BaseModel):
    id: int
    specs: dict[str, Any]
    price: Money
    market_price: Money
    available: int


class MemberGoodsRow(BaseModel):
    id: int
    name: str
    subtitle: str
    brand_id: int
    brand_name: str
    category_id: int
    image_url: str
    price: Money
    market_price: Money
    sales_count: int
    recommended: bool


class MemberGoods(MemberGoodsRow):
    image_urls: list[str]
    detail_html: str
    skus: list[MemberSku]


class MemberGoodsPage(ListPage[MemberGoodsRow]):
    pass


class GoodsImportRow(BaseModel):
    row: int = Field(description="文件中的行号（表头为第 1 行）")
    code: str = ""
    ok: bool
    action: Literal["created", "updated", ""] = ""
    error: str = ""


class GoodsImportReport(BaseModel):
    created: int = Field(description="新增的商品数")
    updated: int = Field(description="按商品编码更新的商品数")
    failed: int = Field(description="未导入的商品数（其行逐行报错）")
    results: list[GoodsImportRow]
