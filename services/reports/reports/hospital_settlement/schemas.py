"""Rows of the hospital-settlement report."""

from __future__ import annotations

from pydantic import BaseModel

from reports.output import ReportPage
from shared.money import Money
from shared.types import Option


class HospitalFigures(BaseModel):
    orders: int
    quantity: int
    sale_amount: Money
    settlement_amount: Money  # what the company owes the hospital


class HospitalRow(HospitalFigures):
    period: str
    hospital_id: int
    hospital_name: str
    brand_id: int | None
    brand_name: str


class HospitalReport(ReportPage[HospitalRow, HospitalFigures]):
    hospital_list: list[Option] | None = None
    brand_list: list[Option] | None = None
    granularity_list: list[Option] | None = None


EXPORT_COLUMNS = [
    ("period", "期间"),
    ("hospital_name", "医院名称"),
    ("brand_name", "医院品牌"),
    ("orders", "结算订单数"),
    ("quantity", "人次"),
    ("sale_amount", "销售金额"),
    ("settlement_amount", "应结算金额"),
]
