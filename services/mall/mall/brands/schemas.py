"""Brand request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from mall.common import Name100, Sort, StrictModel
from shared.types import Flag, Integer, ListPage, Option, Text

FirstLetter = Annotated[str, Field(pattern=r"^[A-Z#]$")]


class BrandIn(StrictModel):
    name: Name100
    first_letter: FirstLetter | None = Field(None, description="首字母；不填则按名称拼音生成")
    description: Annotated[Text, Field(max_length=2000)] = ""
    sort: Sort = 0
    shown: Flag = True


class BrandUpdate(BrandIn):
    version: Integer | None = Field(None, ge=1, description="读到的版本号（或 If-Match 请求头）")


class BrandOut(BaseModel):
    id: int
    name: str
    first_letter: str
    logo_image_id: int | None
    logo_url: str
    description: str
    sort: int
    shown: bool
    shown_label: str
    goods_count: int = 0
    created_by_id: int | None
    created_by_name: str
    created_at: datetime
    updated_at: datetime
    version: int


class BrandPage(ListPage[BrandOut]):
    shown_list: list[Option] | None = None


class MemberBrand(BaseModel):
    id: int
    name: str
    first_letter: str
    logo_url: str
