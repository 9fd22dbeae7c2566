"""Department bodies and answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.types import Flag, Id, Integer, ListPage, Option, Text


class DepartmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(min_length=1, max_length=64)
    parent_id: Id | None = None
    leader: Text = Field("", max_length=64)
    phone: Text = Field("", max_length=32)
    sort: Integer = Field(0, ge=0, le=100000)
    active: Flag = True


class DepartmentUpdate(DepartmentIn):
    version: Integer | None = Field(None, ge=1, le=2**31 - 1)


class DepartmentOut(BaseModel):
    id: int
    name: str
    parent_id: int | None
    parent_name: str
    leader: str
    phone: str
    sort: int
    active: bool
    status: str
    staff_count: int
    created_by_id: int | None
    created_by_name: str
    created_at: datetime
    updated_at: datetime
    version: int


class DepartmentNode(DepartmentOut):
    children: list[DepartmentNode]


class DepartmentTree(BaseModel):
    data_list: list[DepartmentNode]


class DepartmentPage(ListPage[DepartmentOut]):
    status_list: list[Option] | None = None
    dept_list: list[Option] | None = None
