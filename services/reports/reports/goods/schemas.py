"""Rows of the goods and goods-brand reports."""

from __future__ import annotations

from pydantic import BaseModel

from reports.output import ReportPage
from shared.money import Money, SignedMoney
from shared.types import Option


class SaleFigures(BaseModel):
    orders: int
    quantity: int
    sale_amount: Money
    settlement_amount: Money
    margin: SignedMoney  # sale - settlement: what the company keeps


class GoodsRow(SaleFigures):
    goods_id: int
    goods_name: str
    brand_id: int | None
    brand_name: str
    category_id: int | None
    category_name: str


class BrandRow(SaleFigures):
    brand_id: int | None
    brand_name: str


class GoodsReport(ReportPage[GoodsRow, SaleFigures]):
    goods_list: list[Option] | None = None
    brand_list: list[Option] | None = None
    category_list: list[Option] | None = None


class BrandReport(ReportPage[BrandRow, SaleFigures]):
    brand_list: list[Option] | None = None


GOODS_EXPORT_COLUMNS = [
    ("goods_name", "商品名称"),
    ("brand_name", "品牌"),
    ("category_name", "分类"),
    ("orders", "订单数"),
    ("quantity", "销量"),
    ("sale_amount", "销售额"),
    ("settlement_amount", "结算金额"),
    ("margin", "毛利"),
]
BRAND_EXPORT_COLUMNS = [
    ("brand_name", "品牌"),
    ("orders", "订单数"),
    ("quantity", "销量"),
    ("sale_amount", "销售额"),
    ("settlement_amount", "结算金额"),
    ("margin", "毛利"),
]
