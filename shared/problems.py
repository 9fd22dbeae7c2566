"""RFC 9457 problem responses: one exception type for services, handlers that never leak a 500 for bad input."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

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

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return problem_response(Problem(500, "internal_error", "服务器内部错误"), request.url.path)
