"""登录日志 and 操作日志 (`/api/system/login-logs`, `/api/system/operation-logs`)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from gateway.audit import service
from gateway.audit.schemas import LoginLogPage, OperationLogPage
from gateway.audit.service import LoginLogFilters, Method, OperationLogFilters
from gateway.pages import XLSX_ANSWER, add_list_route
from shared.app import db_session
from shared.identity import Principal, Require
from shared.listing import check_range
from shared.types import Id, Text

router = APIRouter(prefix="/api/system", tags=["system 日志"])


async def login_log_filters(
    username: Text | None = Query(None, max_length=64, description="登录名（模糊）"),
    kind: Literal["staff", "member"] | None = Query(None),
    success: bool | None = Query(None),
    ip: Text | None = Query(None, max_length=64),
    date_from: date | None = Query(None, description="日期起（含），上海日期 YYYY-MM-DD"),
    date_to: date | None = Query(None, description="日期止（含），上海日期 YYYY-MM-DD"),
) -> LoginLogFilters:
    check_range("date", date_from, date_to)
    return LoginLogFilters(username, kind, success, ip, date_from, date_to)


async def operation_log_filters(
    keyword: Text | None = Query(None, max_length=128, description="路径（模糊）"),
    user_id: Id | None = Query(None),
    user_name: Text | None = Query(None, max_length=64),
    service: Text | None = Query(None, max_length=16),
    method: Method | None = Query(None),
    target_id: Text | None = Query(None, max_length=64),
    success: bool | None = Query(None, description="true: 状态码 < 400"),
    status_code: int | None = Query(None, ge=100, le=599),
    date_from: date | None = Query(None, description="日期起（含），上海日期 YYYY-MM-DD"),
    date_to: date | None = Query(None, description="日期止（含），上海日期 YYYY-MM-DD"),
) -> OperationLogFilters:
    check_range("date", date_from, date_to)
    return OperationLogFilters(keyword, user_id, user_name, service, method, target_id, success, status_code,
                               date_from, date_to)


add_list_route(router, "/login-logs", name="list_login_logs", summary="登录日志", page=LoginLogPage,
               filters=login_log_filters, permission="system:login_log:list", list_rows=service.list_login_logs)
add_list_route(router, "/operation-logs", name="list_operation_logs", summary="操作日志", page=OperationLogPage,
               filters=operation_log_filters, permission="system:operation_log:list",
               list_rows=service.list_operation_logs)


@router.get("/operation-logs/export", response_class=Response, responses=XLSX_ANSWER, summary="导出操作日志 (.xlsx)")
async def export_operation_logs(
    filters: OperationLogFilters = Depends(operation_log_filters),
    principal: Principal = Depends(Require("system:operation_log:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    return await service.export_operation_logs(session, filters)
