"""Category request and response bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from mall.common import Name50, Sort, StrictModel
from shared.types import Flag, Id, Integer, ListPage, Option


class CategoryIn(StrictModel):
    name: Name50
    parent_id: Id | None = Field(None, description="上级分类；不填为一级分类（最多两级）")
    sort: Sort = 0
    shown: Flag = True


class CategoryUpdate(CategoryIn):
    version: Integer | None = Field(None, ge=1, description="读到的版本号（或 If-Match 请求头）")


class CategoryOut(BaseModel):
    id: int
    parent_id: int | None
    parent_name: str
    level: int
    name: str
    icon_image_id: int | None
    icon_url: str
    sort: int
    shown: bool
    shown_label: str
    goods_count: int = 0
    children_count: int = 0
    created_by_id: int | None
    created_by_name: str
    created_at: datetime
    updated_at: datetime
    version: int


class CategoryPage(ListPage[CategoryOut]):
    shown_list: list[Option] | None = None
    parent_list: list[Option] | None = None


class CategoryNode(BaseModel):
    id: int
    name: str
    icon_url: str
    sort: int
    shown: bool
    children: list[CategoryNode] = []
