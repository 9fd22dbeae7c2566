"""Partner API key bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ApiKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=64, description="用途说明，如 某医院对接")
    partner_type: Literal["hospital", "escort"]
    partner_id: int = Field(ge=1, description="医院 id 或陪诊师 id")
    rate_limit: int | None = Field(None, ge=1, le=1_000_000, description="每个时间窗口的请求上限，空为默认")
