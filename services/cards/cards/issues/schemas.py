"""Requests of 领卡管理."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from cards.common import MAX_RECYCLED, RangeIn


class IssueIn(BaseModel):
    contract_id: int = Field(..., ge=1, description="合同 id（须已审核通过）")
    card_type: Literal["实体卡", "电子卡"] = Field(..., description="卡片类型")
    ranges: list[RangeIn] = Field(..., min_length=1, description="卡片范围")
    recycled_card_nos: list[str] = Field(default_factory=list, max_length=MAX_RECYCLED,
                                         description="回收卡列表：范围内留在库存、不领出的卡号")
    remark: str = Field("", max_length=255, description="申请备注")
