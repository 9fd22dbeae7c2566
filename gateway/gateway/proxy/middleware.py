"""The gateway's hot path, as plain ASGI (no per-request framework overhead):

- `/api|/app|/partner/<service>/...` is authenticated here and streamed to the service with a signed
  identity token in place of the caller's credentials;
- every other `/api/...` and `/app/...` request has its bearer token resolved into `request.state.identity`
  so the gateway's own routes use `Depends(Require(...))` exactly like the services;
- admin writes (and exports) are recorded in the operation log, in the background.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import structlog
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.auth.authz import Resolved
from gateway.runtime import Gateway
from shared.identity import Identity
from shared.observability import current_request_id
from shared.problems import Problem, problem_response
from shared.settings import SERVICES
from shared.upstream import UpstreamPool, UpstreamTimeout, UpstreamUnavailable

log = structlog.get_logger("proxy")

AREAS = ("api", "app", "partner")
TOKEN_KIND = {"api": "staff", "app": "member"}
PARTNER_TYPE = {"health": "hospital", "escort": "escort"}
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Hop-by-hop headers (RFC 9110 7.6.1) and what the gateway replaces itself.
HOP_BY_HOP = frozenset({b"connection", b"keep-alive", b"proxy-authenticate", b"proxy-authorization", b"te",
                        b"trailer", b"trailers", b"transfer-encoding", b"upgrade"})
# `expect` too: bodies are streamed as they come, so no 100-continue dance with the upstream.
DROP_REQUEST = HOP_BY_HOP | {b"host", b"authorization", b"x-api-key", b"x-request-id", b"x-forwarded-for",
                             b"expect"}
# `date` and `server`: the gateway's own server adds both to every answer; passing the upstream's on too
# gave callers two of each.
DROP_RESPONSE = HOP_BY_HOP | {b"x-request-id", b"date", b"server"}
_SERVICES = frozenset(SERVICES)
_AUDIT_BODY_LIMIT = 65536


@dataclass(frozen=True)
class ProxyRoute:
    """What the request-metrics middleware reads as the route template of a proxied request."""

    path: str


_ROUTES = {(area, svc): ProxyRoute(f"/{area}/{svc}/{{path}}") for area in AREAS for svc in SERVICES}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _bearer(scope: Scope) -> str | None:
    header = _header(scope, b"authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def target_id(path: str, body: bytes) -> str:
    """The record a write touched: the last numeric path segment, else the `id` of the JSON answer."""
    for segment in reversed(path.rstrip("/").split("/")):
        if segment.isdigit():
            return segment
    if body[:1] == b"{":
        try:
            value = json.loads(body).get("id")
        except (ValueError, AttributeError):
            return ""
        if isinstance(value, int | str):
            return str(value)[:64]
    return ""


class GatewayMiddleware:
    def __init__(self, app: ASGIApp, gateway: Gateway) -> None:
        self.app = app
        self.gateway = gateway

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        parts = path.split("/", 3)
        area = parts[1] if len(parts) > 1 else ""
        if area not in AREAS:
            await self.app(scope, receive, send)
            return
        service = parts[2] if len(parts) > 2 else ""
        proxied = service in _SERVICES
        method: str = scope["method"]
        audited = area == "api" and service != "auth" and (
            method in WRITE_METHODS or (method == "GET" and path.rstrip("/").endswith("/export"))
        )
        if not audited:
            if proxied:
                await self._guarded(self._proxy, scope, receive, send, area, service)
            else:
                await self._own(scope, receive, send)
            return

        started = time.perf_counter()
        status = 500
        captured = bytearray()
        capture_body = method in WRITE_METHODS

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif capture_body and message["type"] == "http.response.body" and len(captured) < _AUDIT_BODY_LIMIT:
                captured.extend(message.get("body", b"")[: _AUDIT_BODY_LIMIT - len(captured)])
            await send(message)

        try:
            if proxied:
                await self._guarded(self._proxy, scope, receive, recording_send, area, service)
            else:
                await self._own(scope, receive, recording_send)
        finally:
            identity = scope.get("state", {}).get("identity")
            if isinstance(identity, Identity) and identity.kind == "staff":
                client = scope.get("client")
                self.gateway.audit.record({
                    "user_id": identity.id,
                    "user_name": identity.name,
                    "service": service if proxied else "gateway",
                    "method": method,
                    "path": path[:512],
                    "target_id": target_id(path, bytes(captured)),
                    "status_code": status,
                    "ip": client[0] if client else "",
                    "duration_ms": int((time.perf_counter() - started) * 1000),
                    "request_id": current_request_id() or "",
                    "created_at": datetime.now(UTC),
                })

    async def _guarded(self, handler: Any, scope: Scope, receive: Receive, send: Send, *args: Any) -> None:
        try:
            await handler(scope, receive, send, *args)
        except Problem as problem:
            await problem_response(problem, scope["path"])(scope, receive, send)

    # ------------------------------------------------------------ identity

    async def _resolve_bearer(self, token: str) -> tuple[str, Resolved]:
        gateway = self.gateway
        assert gateway.sessions is not None and gateway.authorizer is not None
        claims = gateway.sessions.decode(token)
        version = await gateway.sessions.check(claims)
        try:
            resolved = await gateway.authorizer.resolve(claims.kind, claims.user_id, version)
        except (SQLAlchemyError, OSError) as exc:  # accounts cannot be read: a clear 503, not a 500
            log.warning("identity_store_unavailable", error=str(exc))
            raise Problem(503, "identity_store_unavailable", "账号服务暂不可用，请稍后再试") from exc
        if resolved is None:
            raise Problem(401, "account_disabled", "账号已停用或不存在", headers={"WWW-Authenticate": "Bearer"})
        return claims.sid, resolved

    async def _own(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _bearer(scope)
        if token is not None:
            try:
                sid, resolved = await self._resolve_bearer(token)
            except Problem as problem:
                if problem.status >= 500:  # the session store is down: say so, not "log in again"
                    await problem_response(problem, scope["path"])(scope, receive, send)
                    return
                # Otherwise left anonymous: the route's own dependency answers 401 if it needs someone.
            else:
                state = scope.setdefault("state", {})
                state["identity"] = resolved.identity
                state["sid"] = sid
                state["resolved"] = resolved
        await self.app(scope, receive, send)

    # ------------------------------------------------------------ proxy

    async def _proxy(self, scope: Scope, receive: Receive, send: Send, area: str, service: str) -> None:
        gateway = self.gateway
        assert gateway.authorizer is not None and gateway.partner_keys is not None
        scope["route"] = _ROUTES[(area, service)]
        state = scope.setdefault("state", {})
        if area == "partner":
            plain = _header(scope, b"x-api-key")
            if not plain:
                raise Problem(401, "api_key_required", "缺少接口密钥 X-Api-Key")
            key = await gateway.partner_keys.authenticate(plain.strip())
            if PARTNER_TYPE.get(service) != key.partner_type:
                raise Problem(403, "wrong_partner_type", "该密钥无权访问此接口")
            identity = Identity(kind="partner", id=key.id, name=f"{key.partner_type}-{key.partner_id}",
                                partner_type=key.partner_type, partner_id=key.partner_id)
            state["identity"] = identity
            token = gateway.authorizer.sign_partner(identity, service)
        else:
            bearer = _bearer(scope)
            if bearer is None:
                raise Problem(401, "unauthenticated", "请先登录", headers={"WWW-Authenticate": "Bearer"})
            sid, resolved = await self._resolve_bearer(bearer)
            if resolved.identity.kind != TOKEN_KIND[area]:
                message = "仅限后台员工访问" if area == "api" else "仅限会员访问"
                raise Problem(403, "wrong_token_kind", message)
            state["identity"] = resolved.identity
            token = gateway.authorizer.signed_for(sid, resolved, service)
        await self._forward(scope, receive, send, service, token)

    async def _forward(self, scope: Scope, receive: Receive, send: Send, service: str, token: str) -> None:
        headers: list[tuple[bytes, bytes]] = []
        content_length: bytes | None = None
        chunked = False
        for key, value in scope["headers"]:
            if key == b"content-length":
                content_length = value
            elif key == b"transfer-encoding":
                chunked = True
            elif key not in DROP_REQUEST:
                headers.append((key, value))
        headers.append((b"authorization", b"Bearer " + token.encode()))
        request_id = current_request_id()
        if request_id:
            headers.append((b"x-request-id", request_id.encode("latin-1")))
        peer = scope.get("client")
        if peer:
            headers.append((b"x-forwarded-for", peer[0].encode("latin-1")))
        has_body = chunked or (content_length is not None and content_length not in (b"0", b""))
        raw_path = scope.get("raw_path") or scope["path"].encode()
        query = scope.get("query_string", b"")
        target = raw_path + b"?" + query if query else raw_path
        body = _request_body(receive) if has_body else None
        pool = self.gateway.upstream_pools.get(service)
        if pool is not None:
            await self._forward_lean(pool, scope, send, service, target, headers, body,
                                     None if chunked else content_length)
        else:
            if content_length is not None and not chunked:
                headers.append((b"content-length", content_length))
            await self._forward_httpx(scope, send, service, target, headers, body)

    async def _forward_lean(self, pool: UpstreamPool, scope: Scope, send: Send, service: str, target: bytes,
                            headers: list[tuple[bytes, bytes]], body: Any, content_length: bytes | None) -> None:
        try:
            response = await pool.request(scope["method"], target, headers, body, content_length)
        except UpstreamUnavailable as exc:
            log.warning("upstream_unavailable", service=service, error=str(exc))
            raise _unavailable(service) from exc
        except UpstreamTimeout as exc:
            raise Problem(504, "upstream_timeout", f"{service} 服务响应超时") from exc
        try:
            out_headers = [(k, v) for k, v in response.headers if k not in DROP_RESPONSE]
            if response.status in (204, 304) or scope["method"] == "HEAD":
                await send({"type": "http.response.start", "status": response.status, "headers": out_headers})
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send({"type": "http.response.start", "status": response.status, "headers": out_headers})
            async for chunk in response.body():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()

    async def _forward_httpx(self, scope: Scope, send: Send, service: str, target: bytes,
                             headers: list[tuple[bytes, bytes]], body: Any) -> None:
        gateway = self.gateway
        # Straight to the transport: the client layers (auth, redirects, cookies) do nothing for a proxy.
        request = httpx.Request(
            scope["method"], gateway.upstream_urls[service] + target.decode("latin-1"), headers=headers,
            content=body, extensions={"timeout": gateway.upstream_timeout},
        )
        try:
            async with asyncio.timeout(gateway.settings.upstream_timeout):
                response = await gateway.upstream_transports[service].handle_async_request(request)
        except httpx.ConnectTimeout as exc:
            raise _unavailable(service) from exc
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise Problem(504, "upstream_timeout", f"{service} 服务响应超时") from exc
        except httpx.TransportError as exc:
            log.warning("upstream_unavailable", service=service, error=str(exc))
            raise _unavailable(service) from exc
        stream = response.stream
        try:
            out_headers = [(k, v) for k, v in response.headers.raw if k.lower() not in DROP_RESPONSE]
            await send({"type": "http.response.start", "status": response.status_code, "headers": out_headers})
            async for chunk in stream:  # type: ignore[union-attr]
                if chunk:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await stream.aclose()  # type: ignore[union-attr]


def _unavailable(service: str) -> Problem:
    return Problem(503, "upstream_unavailable", f"{service} 服务暂不可用", service=service)


async def _request_body(receive: Receive):  # type: ignore[no-untyped-def]
    """Streams the caller's body to the upstream chunk by chunk (uploads are not buffered whole)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        body = message.get("body", b"")
        if body:
            yield body
        if not message.get("more_body", False):
            return
