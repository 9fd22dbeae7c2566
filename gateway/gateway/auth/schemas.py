"""Login, refresh and `me` bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from gateway.permissions.schemas import MenuNode
from shared.identity import Scope
from shared.types import Text


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Text = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=128)


class RefreshIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refresh_token: str = Field(min_length=10, max_length=256)


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    old_password: str = Field(min_length=1, max_length=128)
    new_password: str = Field(min_length=6, max_length=128)


class TokensOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int


class MeRole(BaseModel):
    id: int
    name: str
    code: str
    scope: Scope


class MeUser(BaseModel):
    id: int
    username: str
    name: str
    dept_id: int | None
    dept_name: str
    position: str
    phone: str
    email: str
    superuser: bool
    roles: list[MeRole]
    last_login_at: datetime | None


class MeOut(BaseModel):
    user: MeUser
    permissions: list[str] = Field(description="持有的权限码（按钮级），已排序")
    menu: list[MenuNode] = Field(description="可见的菜单树（目录、菜单与按钮）")
