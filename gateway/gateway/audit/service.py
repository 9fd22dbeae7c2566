"""Reading the login and operation logs (the writer is audit/writer.py): lists and the operation-log export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from gateway.audit.models import LoginLog, OperationLog
from shared.dates import within_days
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, paginate
from shared.settings import SERVICES
from shared.xlsx import xlsx_response

EXPORT_LIMIT = 50_000
METHODS = ("POST", "PUT", "PATCH", "DELETE", "GET")
Method = Literal["POST", "PUT", "PATCH", "DELETE", "GET"]
LOGIN_SORTABLE = {"id": LoginLog.id, "created_at": LoginLog.created_at}
OPERATION_SORTABLE = {"id": OperationLog.id, "created_at": OperationLog.created_at,
                      "duration_ms": OperationLog.duration_ms}
EXPORT_COLUMNS = [("id", "ID"), ("user_name", "操作人"), ("service", "服务"), ("method", "方法"), ("path", "路径"),
                  ("target_id", "对象ID"), ("status_code", "状态码"), ("ip", "IP"), ("duration_ms", "耗时(ms)"),
                  ("created_at", "时间")]


@dataclass(frozen=True)
class LoginLogFilters:
    username: str | None = None  # contains
    kind: Literal["staff", "member"] | None = None
    success: bool | None = None
    ip: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class OperationLogFilters:
    keyword: str | None = None  # path contains
    user_id: int | None = None
    user_name: str | None = None  # contains
    service: str | None = None
    method: Method | None = None
    target_id: str | None = None
    success: bool | None = None  # status code below 400
    status_code: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _login_row(log: LoginLog) -> dict[str, Any]:
    return {"id": log.id, "kind": log.kind, "user_id": log.user_id, "username": log.username,
            "success": log.success, "result": "成功" if log.success else "失败", "reason": log.reason, "ip": log.ip,
            "user_agent": log.user_agent, "created_at": log.created_at}


def _operation_row(log: OperationLog) -> dict[str, Any]:
    return {"id": log.id, "user_id": log.user_id, "user_name": log.user_name, "service": log.service,
            "method": log.method, "path": log.path, "target_id": log.target_id, "status_code": log.status_code,
            "success": log.status_code < 400, "ip": log.ip, "duration_ms": log.duration_ms,
            "request_id": log.request_id, "created_at": log.created_at}


async def list_login_logs(session: AsyncSession, f: LoginLogFilters, params: PageParams) -> dict[str, Any]:
    stmt = select(LoginLog)
    clause = keyword_clause(f.username, LoginLog.username)
    if clause is not None:
        stmt = stmt.where(clause)
    if f.kind is not None:
        stmt = stmt.where(LoginLog.kind == f.kind)
    if f.success is not None:
        stmt = stmt.where(LoginLog.success == f.success)
    if f.ip:
        stmt = stmt.where(LoginLog.ip == f.ip)
    stmt = stmt.where(*within_days(LoginLog.created_at, f.date_from, f.date_to))
    stmt = apply_sort(stmt, params.sort, LOGIN_SORTABLE, (LoginLog.id.desc(),))
    rows, total = await paginate(session, stmt, params)
    return list_response([_login_row(r) for r in rows], total, params,
                         {"kind_list": enum_options({"staff": "员工", "member": "会员"}),
                          "success_list": enum_options({"true": "成功", "false": "失败"})})


def _operations(f: OperationLogFilters) -> Select[Any]:
    stmt = select(OperationLog)
    clause = keyword_clause(f.keyword, OperationLog.path)
    if clause is not None:
        stmt = stmt.where(clause)
    if f.user_id is not None:
        stmt = stmt.where(OperationLog.user_id == f.user_id)
    name_clause = keyword_clause(f.user_name, OperationLog.user_name)
    if name_clause is not None:
        stmt = stmt.where(name_clause)
    if f.service:
        stmt = stmt.where(OperationLog.service == f.service)
    if f.method:
        stmt = stmt.where(OperationLog.method == f.method)
    if f.target_id:
        stmt = stmt.where(OperationLog.target_id == f.target_id)
    if f.success is not None:
        stmt = stmt.where(OperationLog.status_code < 400 if f.success else OperationLog.status_code >= 400)
    if f.status_code is not None:
        stmt = stmt.where(OperationLog.status_code == f.status_code)
    stmt = stmt.where(*within_days(OperationLog.created_at, f.date_from, f.date_to))
    return stmt


async def list_operation_logs(session: AsyncSession, f: OperationLogFilters, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_operations(f), params.sort, OPERATION_SORTABLE, (OperationLog.id.desc(),))
    rows, total = await paginate(session, stmt, params)
    return list_response([_operation_row(r) for r in rows], total, params,
                         {"service_list": enum_options({s: s for s in ("gateway", *SERVICES)}),
                          "method_list": enum_options({m: m for m in METHODS})})


async def export_operation_logs(session: AsyncSession, f: OperationLogFilters) -> Response:
    rows = (await session.scalars(_operations(f).order_by(OperationLog.id.desc()).limit(EXPORT_LIMIT))).all()
    return xlsx_response("operation-logs.xlsx", EXPORT_COLUMNS, [_operation_row(r) for r in rows])
