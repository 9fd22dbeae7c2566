"""Rows of the sales report."""

from __future__ import annotations

from pydantic import BaseModel

from reports.output import ReportPage
from shared.money import Money, SignedMoney
from shared.types import Option


class SalesRow(BaseModel):
    period: str
    owner_id: int | None
    owner_name: str
    dept_id: int | None
    dept_name: str
    customer_id: int
    customer_name: str
    contract_count: int
    contract_amount: Money
    payment_count: int
    payment_amount: Money
    # Still owed on the contracts of this row: their amount less every payment on them up to date_to.
    # Signed: an overpaid contract shows what the events say rather than failing the report.
    outstanding: SignedMoney


class SalesTotals(BaseModel):
    contract_count: int
    contract_amount: Money
    payment_count: int
    payment_amount: Money
    outstanding: SignedMoney


class SalesReport(ReportPage[SalesRow, SalesTotals]):
    owner_list: list[Option] | None = None
    dept_list: list[Option] | None = None
    customer_list: list[Option] | None = None
    granularity_list: list[Option] | None = None


EXPORT_COLUMNS = [
    ("period", "期间"),
    ("owner_name", "销售员"),
    ("dept_name", "部门"),
    ("customer_name", "客户名称"),
    ("contract_count", "审核通过合同数"),
    ("contract_amount", "合同金额"),
    ("payment_count", "回款笔数"),
    ("payment_amount", "回款金额"),
    ("outstanding", "未回款金额"),
]
