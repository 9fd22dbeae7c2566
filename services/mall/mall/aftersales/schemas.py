"""After-sales bodies (售后：退货/退款)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from mall.common import StrictModel
from shared.money import Money
from shared.problems import field_error
from shared.types import Flag, Id, ListPage, Option

REASONS: dict[str, str] = {
    "quality": "质量问题", "damaged": "商品破损", "wrong_item": "发错货", "not_as_described": "与描述不符",
    "missing_parts": "少件/漏发", "no_longer_needed": "不想要了", "other": "其他",
}
Reason = Literal["quality", "damaged", "wrong_item", "not_as_described", "missing_parts", "no_longer_needed", "other"]
STATUS_LABELS = {"pending": "待处理", "returning": "退货中", "completed": "已完成", "rejected": "已拒绝"}
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
RejectReason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]


class ReturnLineIn(StrictModel):
    order_line_id: Id
    quantity: int = Field(ge=1, le=99_999, description="退回件数")


class AfterSaleIn(StrictModel):
    reason: Reason
    description: Description = ""
    lines: list[ReturnLineIn] | None = Field(
        None, min_length=1, max_length=50, description="退哪些商品、各几件；不填为订单中尚未退回的全部商品")

    @model_validator(mode="after")
    def _one_entry_per_line(self) -> AfterSaleIn:
        if self.lines is not None and len({x.order_line_id for x in self.lines}) != len(self.lines):
            raise field_error("lines", "同一订单行请合并件数")
        return self


class ReturnLineOut(BaseModel):
    order_line_id: int
    goods_id: int
    goods_name: str
    specs: dict[str, Any]
    quantity: int
    paid_amount: Money


class AcceptIn(StrictModel):
    refund_amount: Money = Field(description="退款金额，不能超过实付金额")


class RejectIn(StrictModel):
    reason: RejectReason


class CompleteIn(StrictModel):
    restore_stock: Flag = Field(False, description="退回的商品重新入库")


class MemberAfterSaleOut(BaseModel):
    id: int
    order_id: int
    order_no: str
    status: str
    status_label: str
    reason: str
    reason_label: str
    description: str
    paid_amount: Money = Field(description="所退商品的实付金额（退款上限）")
    refund_amount: Money | None
    reject_reason: str
    created_at: datetime
    accepted_at: datetime | None
    completed_at: datetime | None
    rejected_at: datetime | None
    lines: list[ReturnLineOut] = []


class AfterSaleOut(MemberAfterSaleOut):
    member_id: int
    member_name: str
    member_phone: str
    restore_stock: bool
    handled_by_id: int | None
    handled_by_name: str
    version: int


class AfterSalePage(ListPage[AfterSaleOut]):
    status_list: list[Option] | None = None
    reason_list: list[Option] | None = None


class MemberAfterSalePage(ListPage[MemberAfterSaleOut]):
    status_list: list[Option] | None = None
