"""Staff (员工) bodies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

PHONE = r"^(1\d{10})?$"
EMAIL = r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$"


class StaffBase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=64)
    phone: str = Field("", pattern=PHONE, description="11 位手机号，可空")
    email: str = Field("", max_length=128, pattern=EMAIL)
    position: str = Field("", max_length=64, description="职位")
    dept_id: int | None = Field(None, ge=1)
    role_ids: list[int] = Field(default_factory=list, max_length=50)
    active: bool = True
    remark: str = Field("", max_length=255)


class StaffCreate(StaffBase):
    username: str = Field(pattern=r"^[A-Za-z0-9_.@-]{3,64}$", description="登录名，3-64 位字母数字")
    password: str = Field(min_length=6, max_length=128)


class StaffUpdate(StaffBase):
    version: int | None = Field(None, ge=1)


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: str = Field(min_length=6, max_length=128)
