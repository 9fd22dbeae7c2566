"""Role bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.identity import Scope
from shared.types import Flag, Id, Integer, ListPage, Option, Text


class RoleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(min_length=1, max_length=64)
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,63}$", description="英文标识，如 sales_manager")
    scope: Scope = Field(Scope.SELF, description="数据范围: all 全部数据 / custom 自定义部门 / dept 本部门 / "
                                                 "dept_tree 本部门及以下 / self 仅本人")
    dept_ids: list[Id] = Field(default_factory=list, max_length=1000, description="自定义部门（scope=custom）")
    permissions: list[Text] = Field(default_factory=list, max_length=1000, description="权限码")
    sort: Integer = Field(0, ge=0, le=100000)
    active: Flag = True
    remark: Text = Field("", max_length=255)


class RoleUpdate(RoleIn):
    version: Integer | None = Field(None, ge=1, le=2**31 - 1)


class RoleOut(BaseModel):
    id: int
    name: str
    code: str
    scope: Scope
    scope_label: str
    dept_ids: list[int]
    permissions: list[str]
    sort: int
    active: bool
    status: str
    remark: str
    staff_count: int
    created_by_id: int | None
    created_by_name: str
    created_at: datetime
    updated_at: datetime
    version: int


class RolePage(ListPage[RoleOut]):
    scope_list: list[Option] | None = None
    status_list: list[Option] | None = None
    dept_list: list[Option] | None = None
