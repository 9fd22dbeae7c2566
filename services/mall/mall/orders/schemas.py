"""Order bodies: placing, cancelling, shipping (one, many, an .xlsx import) and the views of an order."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from mall.common import CardNo, Line255, Quantity, StrictModel
from shared.money import Money
from shared.problems import field_error
from shared.types import Flag, Id, ListPage, Option

CARRIERS: dict[str, str] = {
    "SF": "顺丰速运", "JD": "京东物流", "EMS": "中国邮政EMS", "ZTO": "中通快递", "YTO": "圆通速递",
    "STO": "申通快递", "YUNDA": "韵达快递", "JT": "极兔速递",
}
Carrier = Literal["SF", "JD", "EMS", "ZTO", "YTO", "STO", "YUNDA", "JT"]
TrackingNo = Annotated[str, StringConstraints(strip_whitespace=True, min_length=6, max_length=40,
                                              pattern=r"^[0-9A-Za-z\-]+$")]


class BuyItem(StrictModel):
    sku_id: Id
    quantity: Quantity


class PlaceOrderIn(StrictModel):
    address_id: Id
    items: list[BuyItem] | None = Field(None, min_length=1, max_length=50, description="立即购买：规格与数量")
    cart_item_ids: list[Id] | None = Field(None, min_length=1, max_length=100, description="从购物车结算")
    card_no: CardNo | None = None
    card_id: Id | None = None
    use_red_packet: Flag = True
    remark: Line255 = ""

    @model_validator(mode="after")
    def _source_and_card(self) -> PlaceOrderIn:
        if (self.items is None) == (self.cart_item_ids is None):
            raise field_error("items", "items（立即购买）与 cart_item_ids（购物车结算）二选一")
        if self.card_no is None and self.card_id is None:
            raise field_error("card_no", "请选择支付用的体检卡（card_no 或 card_id）")
        if self.items is not None and len({i.sku_id for i in self.items}) != len(self.items):
            raise field_error("items", "同一规格请合并数量")
        return self


class CancelIn(StrictModel):
    reason: Line255 = ""


class ShipIn(StrictModel):
    carrier: Carrier
    tracking_no: TrackingNo


class ShipOne(ShipIn):
    order_id: Id


class ShipManyIn(StrictModel):
    orders: list[ShipOne] = Field(min_length=1, max_length=500)


class RowResult(BaseModel):
    row: int
    order_no: str = ""
    ok: bool
    error: str = ""


class ShipReport(BaseModel):
    shipped: int
    failed: int
    results: list[RowResult]


class LineOut(BaseModel):
    id: int
    goods_id: int
    sku_id: int
    goods_name: str
    specs: dict[str, Any]
    brand_id: int
    brand_name: str
    category_id: int
    category_name: str
    quantity: int
    unit_price: Money
    sale_amount: Money


class AdminLineOut(LineOut):
    settlement_amount: Money


class TransitionOut(BaseModel):
    from_status: str
    to_status: str
    to_label: str
    actor_kind: str
    actor_id: int | None
    actor_name: str
    note: str
    at: datetime


class MemberOrderOut(BaseModel):
    id: int
    order_no: str
    status: str
    status_label: str
    card_no: str
    consignee_name: str
    consignee_phone: str
    address: str
    remark: str
    quantity: int
    sale_amount: Money
    red_packet_part: Money | None
    balance_part: Money | None
    carrier: str
    carrier_label: str
    tracking_no: str
    refund_amount: Money | None
    paid_at: datetime | None
    shipped_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    refunded_at: datetime | None
    cancel_reason: str
    created_at: datetime
    lines: list[LineOut]


class OrderOut(MemberOrderOut):
    member_id: int
    member_name: str
    member_phone: str
    card_id: int | None
    settlement_amount: Money
    version: int
    lines: list[AdminLineOut]  # type: ignore[assignment]
    transitions: list[TransitionOut] = []


class OrderPage(ListPage[OrderOut]):
    status_list: list[Option] | None = None
    carrier_list: list[Option] | None = None


class MemberOrderPage(ListPage[MemberOrderOut]):
    status_list: list[Option] | None = None
