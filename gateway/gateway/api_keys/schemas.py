"""Partner API key bodies and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.types import Id, Integer, ListPage, Option, Text

PartnerType = Literal["hospital", "escort"]


class ApiKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(min_length=1, max_length=64, description="用途说明，如 某医院对接")
    partner_type: PartnerType
    partner_id: Id = Field(description="医院 id 或陪诊师 id（须在体检服务或陪诊服务中存在）")
    rate_limit: Integer | None = Field(None, ge=1, le=1_000_000, description="每个时间窗口的请求上限，空为默认")


class ApiKeyOut(BaseModel):
    id: int
    name: str
    prefix: str = Field(description="密钥的可见前缀（列表只显示它）")
    partner_type: PartnerType
    partner_type_label: str
    partner_id: int
    rate_limit: int = Field(description="每个时间窗口的请求上限（未单独设置时为默认值）")
    active: bool
    status: str
    revoked_at: datetime | None
    revoked_by_name: str
    created_by_id: int | None
    created_by_name: str
    created_at: datetime


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="明文密钥，仅此一次返回")


class ApiKeyPage(ListPage[ApiKeyOut]):
    partner_type_list: list[Option] | None = None
    status_list: list[Option] | None = None
