"""Requests of 制卡管理."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

CARD_TYPES = ("实体卡", "电子卡")
MAX_BATCH_QUANTITY = 1_000_000


class MakingBatchIn(BaseModel):
    city: str = Field(..., min_length=1, max_length=32, description="所属城市")
    card_type: Literal["实体卡", "电子卡"] = Field(..., description="卡片类型")
    quantity: int = Field(..., ge=1, le=MAX_BATCH_QUANTITY, description="制卡数量")
    remark: str = Field("", max_length=255)


class PasswordResetIn(BaseModel):
    card_no_from: str = Field(..., min_length=1, max_length=16)
    card_no_to: str = Field(..., min_length=1, max_length=16)
    reason: str = Field("", max_length=255)
