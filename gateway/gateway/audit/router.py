"""登录日志 and 操作日志 (`/api/system/login-logs`, `/api/system/operation-logs`)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from gateway.audit.models import LoginLog, OperationLog
from shared.app import db_session
from shared.dates import day_end, day_start
from shared.identity import Principal, Require
from shared.listing import (
    PageParams,
    apply_sort,
    check_range,
    enum_options,
    keyword_clause,
    list_response,
    page_params,
    paginate,
)
from shared.settings import SERVICES
from shared.xlsx import xlsx_response

router = APIRouter(prefix="/api/system", tags=["system 日志"])
EXPORT_LIMIT = 50_000


def _login_row(log: LoginLog) -> dict[str, Any]:
    return {"id": log.id, "kind": log.kind, "user_id": log.user_id, "username": log.username,
            "success": log.success, "result": "成功" if log.success else "失败", "reason": log.reason, "ip": log.ip,
            "user_agent": log.user_agent, "created_at": log.created_at}


@router.get("/login-logs", summary="登录日志")
async def list_login_logs(
    params: PageParams = Depends(page_params),
    username: str | None = Query(None, max_length=64, description="登录名（模糊）"),
    kind: Literal["staff", "member"] | None = Query(None),
    success: bool | None = Query(None),
    ip: str | None = Query(None, max_length=64),
    created_from: date | None = Query(None),
    created_to: date | None = Query(None),
    principal: Principal = Depends(Require("system:login_log:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    check_range("created", created_from, created_to)
    stmt = select(LoginLog)
    clause = keyword_clause(username, LoginLog.username)
    if clause is not None:
        stmt = stmt.where(clause)
    if kind is not None:
        stmt = stmt.where(LoginLog.kind == kind)
    if success is not None:
        stmt = stmt.where(LoginLog.success == success)
    if ip:
        stmt = stmt.where(LoginLog.ip == ip)
    if created_from:
        stmt = stmt.where(LoginLog.created_at >= day_start(created_from))
    if created_to:
        stmt = stmt.where(LoginLog.created_at < day_end(created_to))
    stmt = apply_sort(stmt, params.sort, {"id": LoginLog.id, "created_at": LoginLog.created_at},
                      (LoginLog.id.desc(),))
    rows, total = await paginate(session, stmt, params)
    return list_response([_login_row(r) for r in rows], total, params,
                         {"kind_list": enum_options({"staff": "员工", "member": "会员"}),
                          "success_list": enum_options({"true": "成功", "false": "失败"})})


def _operation_row(log: OperationLog) -> dict[str, Any]:
    return {"id": log.id, "user_id": log.user_id, "user_name": log.user_name, "service": log.service,
            "method": log.method, "path": log.path, "target_id": log.target_id, "status_code": log.status_code,
            "success": log.status_code < 400, "ip": log.ip, "duration_ms": log.duration_ms,
            "request_id": log.request_id, "created_at": log.created_at}


def _operation_filters(
    keyword: str | None = Query(None, max_length=128, description="路径（模糊）"),
    user_id: int | None = Query(None, ge=1),
    user_name: str | None = Query(None, max_length=64),
    service: str | None = Query(None, max_length=16),
    method: Literal["POST", "PUT", "PATCH", "DELETE", "GET"] | None = Query(None),
    target_id: str | None = Query(None, max_length=64),
    success: bool | None = Query(None, description="true: 状态码 < 400"),
    status_code: int | None = Query(None, ge=100, le=599),
    created_from: date | None = Query(None),
    created_to: date | None = Query(None),
) -> Select[Any]:
    check_range("created", created_from, created_to)
    stmt = select(OperationLog)
    clause = keyword_clause(keyword, OperationLog.path)
    if clause is not None:
        stmt = stmt.where(clause)
    if user_id is not None:
        stmt = stmt.where(OperationLog.user_id == user_id)
    name_clause = keyword_clause(user_name, OperationLog.user_name)
    if name_clause is not None:
        stmt = stmt.where(name_clause)
    if service:
        stmt = stmt.where(OperationLog.service == service)
    if method:
        stmt = stmt.where(OperationLog.method == method)
    if target_id:
        stmt = stmt.where(OperationLog.target_id == target_id)
    if success is not None:
        stmt = stmt.where(OperationLog.status_code < 400 if success else OperationLog.status_code >= 400)
    if status_code is not None:
        stmt = stmt.where(OperationLog.status_code == status_code)
    if created_from:
        stmt = stmt.where(OperationLog.created_at >= day_start(created_from))
    if created_to:
        stmt = stmt.where(OperationLog.created_at < day_end(created_to))
    return stmt


SORTABLE = {"id": OperationLog.id, "created_at": OperationLog.created_at, "duration_ms": OperationLog.duration_ms}


@router.get("/operation-logs", summary="操作日志")
async def list_operation_logs(
    params: PageParams = Depends(page_params),
    stmt: Select[Any] = Depends(_operation_filters),
    principal: Principal = Depends(Require("system:operation_log:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    stmt = apply_sort(stmt, params.sort, SORTABLE, (OperationLog.id.desc(),))
    rows, total = await paginate(session, stmt, params)
    return list_response([_operation_row(r) for r in rows], total, params,
                         {"service_list": enum_options({s: s for s in ("gateway", *SERVICES)}),
                          "method_list": enum_options({m: m for m in ("POST", "PUT", "PATCH", "DELETE", "GET")})})


EXPORT_COLUMNS = [("id", "ID"), ("user_name", "操作人"), ("service", "服务"), ("method", "方法"), ("path", "路径"),
                  ("target_id", "对象ID"), ("status_code", "状态码"), ("ip", "IP"), ("duration_ms", "耗时(ms)"),
                  ("created_at", "时间")]


@router.get("/operation-logs/export", summary="导出操作日志 (.xlsx)")
async def export_operation_logs(
    stmt: Select[Any] = Depends(_operation_filters),
    principal: Principal = Depends(Require("system:operation_log:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows = (await session.scalars(stmt.order_by(OperationLog.id.desc()).limit(EXPORT_LIMIT))).all()
    return xlsx_response("operation-logs.xlsx", EXPORT_COLUMNS, [_operation_row(r) for r in rows])
