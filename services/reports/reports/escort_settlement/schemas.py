"""Rows of the escort-settlement report."""

from __future__ import annotations

from pydantic import BaseModel, Field

from reports.output import ReportPage
from shared.money import Money
from shared.types import Option


class EscortFigures(BaseModel):
    orders: int
    quantity: int
    sale_amount: Money = Field(description="销售金额（会员支付）")
    escort_share: Money = Field(description="陪诊师分成")
    platform_share: Money = Field(description="平台留存")


class EscortRow(EscortFigures):
    period: str
    hospital_id: int | None
    hospital_name: str
    escort_id: int | None
    escort_name: str


class EscortReport(ReportPage[EscortRow, EscortFigures]):
    hospital_list: list[Option] | None = None
    escort_list: list[Option] | None = None
    granularity_list: list[Option] | None = None


EXPORT_COLUMNS = [
    ("period", "期间"),
    ("hospital_name", "医院名称"),
    ("escort_name", "陪诊师"),
    ("orders", "结算订单数"),
    ("quantity", "服务次数"),
    ("sale_amount", "销售金额"),
    ("escort_share", "陪诊师分成"),
    ("platform_share", "平台留存"),
]
