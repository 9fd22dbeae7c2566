"""Request bodies of the follow-up routes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FollowUpMethod = Literal["电话", "上门拜访", "微信", "邮件", "其他"]


class FollowUpFields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    method: FollowUpMethod
    followed_at: datetime  # 跟进时间
    next_at: datetime | None = None  # 计划跟进时间
    next_plan: str = Field("", max_length=1000)  # 下一步计划
    note: str = Field("", max_length=2000)


class FollowUpCreate(FollowUpFields):
    customer_id: int


class FollowUpUpdate(FollowUpFields):
    version: int | None = None
