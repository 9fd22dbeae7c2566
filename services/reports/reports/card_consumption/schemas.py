"""Rows of the card-consumption report."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from reports.output import ReportPage
from shared.money import Money, SignedMoney
from shared.types import Option


class CardGrouping(StrEnum):
    ACTIVATION = "activation"  # customer / contract / activation batch
    CONTRACT = "contract"
    CUSTOMER = "customer"


GROUPING_LABELS = {
    CardGrouping.ACTIVATION: "按激活批次",
    CardGrouping.CONTRACT: "按合同",
    CardGrouping.CUSTOMER: "按客户",
}


class CardFigures(BaseModel):
    cards_issued: int
    cards_charged: int
    cards_activated: int
    cards_expired: int
    face_value: Money
    consumed: SignedMoney  # card balance spent, net of refunds
    balance_expired: Money
    balance_left: SignedMoney  # as of date_to: charged - spent + refunded - expired
    red_packet_granted: Money
    red_packet_used: SignedMoney  # net of refunds
    red_packet_expired: Money
    red_packet_revoked: Money  # the unused part of grants taken back (红包撤回)
    red_packet_left: SignedMoney


class CardRow(CardFigures):
    customer_id: int | None
    customer_name: str
    contract_id: int | None
    contract_name: str
    activation_id: int | None
    activation_batch_no: str
    # activated / charged for a batch; activated / issued for a contract or customer ("87.50" = 87.5 %).
    activation_rate: str | None


class CardTotals(CardFigures):
    activation_rate: str | None


class CardReport(ReportPage[CardRow, CardTotals]):
    customer_list: list[Option] | None = None
    contract_list: list[Option] | None = None
    activation_list: list[Option] | None = None
    group_by_list: list[Option] | None = None


EXPORT_COLUMNS = [
    ("customer_name", "客户名称"),
    ("contract_name", "合同名称"),
    ("activation_batch_no", "激活批次号"),
    ("cards_issued", "领卡数"),
    ("cards_charged", "充值卡数"),
    ("cards_activated", "激活卡数"),
    ("activation_rate", "激活率(%)"),
    ("face_value", "卡面金额"),
    ("consumed", "已消费金额"),
    ("balance_expired", "过期余额"),
    ("balance_left", "剩余金额"),
    ("red_packet_granted", "红包金额"),
    ("red_packet_used", "已使用红包"),
    ("red_packet_expired", "过期红包"),
    ("red_packet_revoked", "撤回红包"),
    ("red_packet_left", "剩余红包"),
    ("cards_expired", "过期卡数"),
]
