"""OrderSettled: one schema for health, mall and escort (a common header, a per-context lines part)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.events.envelope import EventModel
from shared.money import Money


class HealthLine(BaseModel):
    model_config = ConfigDict(frozen=True)
    kind: Literal["health"] = "health"
    hospital_id: int
    hospital_name: str
    brand_id: int | None = None
    brand_name: str = ""
    package_id: int
    package_name: str
    quantity: int = 1
    sale_amount: Money
    settlement_amount: Money


class MallLine(BaseModel):
    model_config = ConfigDict(frozen=True)
    kind: Literal["mall"] = "mall"
    goods_id: int
    goods_name: str
    brand_id: int | None = None
    brand_name: str = ""
    category_id: int | None = None
    category_name: str = ""
    quantity: int
    unit_price: Money
    sale_amount: Money
    settlement_amount: Money


class EscortLine(BaseModel):
    model_config = ConfigDict(frozen=True)
    kind: Literal["escort"] = "escort"
    product_id: int
    product_name: str
    escort_id: int | None = None
    escort_name: str = ""
    hospital_id: int | None = None
    hospital_name: str = ""
    quantity: int = 1
    sale_amount: Money
    settlement_amount: Money


OrderLine = Annotated[HealthLine | MallLine | EscortLine, Field(discriminator="kind")]


class OrderSettled(EventModel):
    """An order completed and settled: sale and settlement amounts, with lines per context (health, mall, escort)."""

    event_name = "OrderSettled"
    context: Literal["health", "mall", "escort"]
    order_id: int
    order_no: str
    member_id: int | None = None
    member_name: str = ""
    card_id: int | None = None
    card_no: str = ""
    sale_amount: Money
    settlement_amount: Money
    settled_at: datetime
    lines: list[OrderLine]
