"""Member (card holder) bodies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

PHONE = r"^1\d{10}$"


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: str = Field(pattern=PHONE, description="11 位手机号")
    password: str = Field(min_length=6, max_length=128)
    name: str = Field(min_length=1, max_length=64)


class MemberLoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: str = Field(pattern=PHONE)
    password: str = Field(min_length=1, max_length=128)
