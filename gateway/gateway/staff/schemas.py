"""Staff (员工) bodies and answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.types import Flag, Id, Integer, ListPage, Option, Text

PHONE = r"^(1\d{10})?$"
EMAIL = r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$"


class StaffBase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(min_length=1, max_length=64)
    phone: str = Field("", pattern=PHONE, description="11 位手机号，可空")
    email: Text = Field("", max_length=128, pattern=EMAIL)
    position: Text = Field("", max_length=64, description="职位")
    dept_id: Id | None = None
    role_ids: list[Id] = Field(default_factory=list, max_length=50)
    active: Flag = True
    remark: Text = Field("", max_length=255)


class StaffCreate(StaffBase):
    username: str = Field(pattern=r"^[A-Za-z0-9_.@-]{3,64}$", description="登录名，3-64 位字母数字")
    password: str = Field(min_length=6, max_length=128)


class StaffUpdate(StaffBase):
    version: Integer | None = Field(None, ge=1, le=2**31 - 1)


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: str = Field(min_length=6, max_length=128)


class RoleRef(BaseModel):
    id: int
    name: str


class StaffOut(BaseModel):
    id: int
    username: str
    name: str
    phone: str = Field(description="无 system:user:update 权限时为掩码")
    email: str
    position: str
    dept_id: int | None
    dept_name: str
    roles: list[RoleRef]
    role_ids: list[int]
    active: bool
    status: str
    superuser: bool
    remark: str
    last_login_at: datetime | None
    last_login_ip: str
    created_by_id: int | None
    created_by_name: str
    created_at: datetime
    updated_at: datetime
    version: int


class StaffPage(ListPage[StaffOut]):
    status_list: list[Option] | None = None
    dept_list: list[Option] | None = None
    role_list: list[Option] | None = None
