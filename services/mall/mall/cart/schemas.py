"""Cart bodies."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from mall.common import Quantity, StrictModel
from shared.money import Money
from shared.types import Id


class CartAdd(StrictModel):
    sku_id: Id
    quantity: Quantity = 1


class CartQuantity(StrictModel):
    quantity: Quantity


class CartLine(BaseModel):
    id: int
    sku_id: int
    goods_id: int
    goods_name: str
    specs: dict[str, Any]
    image_url: str
    price: Money
    quantity: int
    available: int
    purchasable: bool
    line_amount: Money


class Cart(BaseModel):
    items: list[CartLine]
    total_quantity: int
    total_amount: Money
