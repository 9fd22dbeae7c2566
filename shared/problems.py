"""RFC 9457 problem responses: one exception type for services, handlers that never leak a 500 for bad input."""

from __future__ import annotations

from typing import Any

import asyncpg
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from shared.db import classify_database_error, current_unit_of_work, is_dead_connection

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("problems")

_DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    423: "locked",
    428: "precondition_required",
    429: "too_many_requests",
    503: "unavailable",
}
_TITLES = {
    400: "请求无效",
    401: "未登录或登录已失效",
    403: "没有权限",
    404: "记录不存在",
    409: "冲突",
    413: "上传内容过大",
    415: "不支持的文件类型",
    422: "数据校验失败",
    423: "已锁定",
    428: "缺少前置条件",
    429: "请求过于频繁",
    500: "服务器内部错误",
    503: "服务暂不可用",
}


class FieldError(BaseModel):
    """One refused input: which field (dotted path) and why."""

    field: str
    message: str


class ProblemBody(BaseModel):
    """The RFC 9457 body of every error answer (`application/problem+json`), published in the OpenAPI as
    `Problem`. `code` is the stable machine-readable reason; some problems add fields of their own."""

    model_config = ConfigDict(extra="allow", title="Problem")

    type: str
    title: str
    status: int
    code: str
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None


class Problem(Exception):
    """Raise anywhere in a request to answer with a problem+json body."""

    def __init__(
        self,
        status: int,
        code: str | None = None,
        detail: str = "",
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or code or str(status))
        self.status = status
        self.code = code or _DEFAULT_CODES.get(status, "error")
        self.detail = detail or _TITLES.get(status, "")
        self.errors = errors or []
        self.headers = headers or {}
        self.extra = extra

    def body(self, instance: str = "") -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": f"https://errors.healthcard.local/{self.code}",
            "title": _TITLES.get(self.status, "错误"),
            "status": self.status,
            "code": self.code,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = self.errors
        body.update(self.extra)
        return body


def status_title(status: int) -> str:
    return _TITLES.get(status, "错误")


def not_found(what: str = "记录") -> Problem:
    return Problem(404, "not_found", f"{what}不存在")


def field_error(field: str, message: str, code: str = "validation_error") -> Problem:
    return Problem(422, code, message, errors=[{"field": field, "message": message}])


def problem_response(problem: Problem, instance: str = "") -> JSONResponse:
    return JSONResponse(
        problem.body(instance), status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers
    )


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or str(loc[-1] if loc else "")


def validation_problem(errors: list[dict[str, Any]]) -> Problem:
    items = [{"field": _field_name(e.get("loc", ())), "message": str(e.get("msg", ""))} for e in errors]
    return Problem(422, "validation_error", "提交的数据不符合要求", errors=items)


def database_problem(exc: Exception) -> Problem:
    """The answer to a database exception that reached the edge: 503 when the database is unreachable (and, if
    the request committed nothing yet, a request to run it again on a fresh connection), 422 for a value no
    column can take, 409 for a constraint or a concurrent writer. Anything else is a bug and stays a 500."""
    fault = classify_database_error(exc)
    if fault == "unavailable":
        unit = current_unit_of_work.get()
        if unit is not None and not unit.committed and not unit.retried and is_dead_connection(exc):
            unit.retry_requested = True
        log.warning("database_unavailable", error=f"{type(exc).__name__}: {exc}"[:300])
        return Problem(503, "database_unavailable", "数据库暂不可用，请稍后重试", headers={"Retry-After": "1"})
    if fault == "invalid":
        return Problem(422, "invalid_value", "提交的数据超出允许的范围或含有无法保存的字符")
    if fault == "conflict":
        return Problem(409, "conflict", "数据已被修改或与现有记录冲突，请刷新后重试")
    raise exc


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(validation_problem(list(exc.errors())), request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else ""
        return problem_response(
            Problem(exc.status_code, None, detail, headers=dict(exc.headers or {})), request.url.path
        )

    @app.exception_handler(DBAPIError)
    @app.exception_handler(asyncpg.PostgresError)
    @app.exception_handler(asyncpg.InterfaceError)
    @app.exception_handler(ConnectionError)
    async def _database(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(database_problem(exc), request.url.path)

    @app.exception_handler(PoolTimeout)
    async def _pool_timeout(request: Request, exc: PoolTimeout) -> JSONResponse:
        # A burst larger than the pool waited past its timeout: busy, not broken; the caller may retry.
        log.warning("database_pool_timeout", path=request.url.path)
        return problem_response(Problem(503, "busy", "服务繁忙，请稍后重试", headers={"Retry-After": "1"}),
                                request.url.path)

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> JSONResponse:
        # Date or number arithmetic beyond what Python or the database holds (a filter of 0001-01-01 minus a day).
        return problem_response(Problem(422, "out_of_range", "数值或日期超出可处理的范围"), request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return problem_response(Problem(500, "internal_error", "服务器内部错误"), request.url.path)
