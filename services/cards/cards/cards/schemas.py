"""Requests of 卡片管理 operations."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, Field, model_validator


class ReasonIn(BaseModel):
    reason: str = Field("", max_length=255, description="原因（记入操作记录）")


class ExtendIn(BaseModel):
    days: int | None = Field(None, ge=1, le=3650, description="延长天数")
    effective_until: AwareDatetime | None = Field(None, description="或：新的有效结束时间")
    reason: str = Field("", max_length=255)

    @model_validator(mode="after")
    def _one_of(self) -> ExtendIn:
        if (self.days is None) == (self.effective_until is None):
            raise ValueError("days 与 effective_until 须且只须填一个")
        return self
