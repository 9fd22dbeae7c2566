"""Shipping address bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from mall.common import Line255, Name50, Phone, StrictModel
from shared.types import Flag

Region = Name50


class AddressIn(StrictModel):
    name: Name50
    phone: Phone
    province: Region
    city: Region
    district: Line255 = ""
    detail: Line255
    is_default: Flag = False


class AddressOut(BaseModel):
    id: int
    name: str
    phone: str
    province: str
    city: str
    district: str
    detail: str
    full_address: str
    is_default: bool
    created_at: datetime
    updated_at: datetime
