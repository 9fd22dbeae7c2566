"""Department bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class DepartmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=64)
    parent_id: int | None = Field(None, ge=1)
    leader: str = Field("", max_length=64)
    phone: str = Field("", max_length=32)
    sort: int = Field(0, ge=0, le=100000)
    active: bool = True


class DepartmentUpdate(DepartmentIn):
    version: int | None = Field(None, ge=1)


class DepartmentOut(BaseModel):
    id: int
    name: str
    parent_id: int | None
    parent_name: str = ""
    leader: str
    phone: str
    sort: int
    active: bool
    status: str
    staff_count: int = 0
    created_by_id: int | None
    created_by_name: str
    created_at: datetime
    updated_at: datetime
    version: int
