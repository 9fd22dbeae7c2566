"""Requests and responses of 领卡管理."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from cards.common import MAX_RECYCLED, CardNo, RangeIn, Reason, RequestOut
from shared.types import Id, ListPage, Option


class IssueIn(BaseModel):
    contract_id: Id = Field(..., description="合同 id（须已审核通过）")
    card_type: Literal["实体卡", "电子卡"] = Field(..., description="卡片类型")
    ranges: list[RangeIn] = Field(..., min_length=1, description="卡片范围")
    recycled_card_nos: list[CardNo] = Field(default_factory=list, max_length=MAX_RECYCLED,
                                         description="回收卡列表：范围内留在库存、不领出的卡号")
    remark: Reason = Field("", description="申请备注")


class IssueOut(RequestOut):
    card_type: str
    recycled_card_nos: list[str]


class IssuePage(ListPage[IssueOut]):
    status_list: list[Option] | None = None
    card_type_list: list[Option] | None = None
    customer_list: list[Option] | None = None
