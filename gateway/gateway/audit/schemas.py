"""Login and operation log rows as the API answers them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from shared.types import ListPage, Option


class LoginLogRow(BaseModel):
    id: int
    kind: str
    user_id: int | None
    username: str
    success: bool
    result: str
    reason: str
    ip: str
    user_agent: str
    created_at: datetime


class LoginLogPage(ListPage[LoginLogRow]):
    kind_list: list[Option] | None = None
    success_list: list[Option] | None = None


class OperationLogRow(BaseModel):
    id: int
    user_id: int | None
    user_name: str
    service: str
    method: str
    path: str
    target_id: str
    status_code: int
    success: bool
    ip: str
    duration_ms: int
    request_id: str
    created_at: datetime


class OperationLogPage(ListPage[OperationLogRow]):
    service_list: list[Option] | None = None
    method_list: list[Option] | None = None
