"""Member (card holder) bodies and answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.types import ListPage, Option, Text

PHONE = r"^1\d{10}$"


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: str = Field(pattern=PHONE, description="11 位手机号")
    password: str = Field(min_length=6, max_length=128)
    name: Text = Field(min_length=1, max_length=64)


class MemberLoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: str = Field(pattern=PHONE)
    password: str = Field(min_length=1, max_length=128)


class MemberOut(BaseModel):
    id: int
    phone: str = Field(description="无 system:member:update 权限时为掩码")
    name: str
    active: bool
    status: str
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime


class MemberPage(ListPage[MemberOut]):
    status_list: list[Option] | None = None
