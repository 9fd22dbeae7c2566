"""create_service_app(): the one way a service's FastAPI app is built, so every service has the same shape."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aio_pika
import structlog
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.routing import APIRoute
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse, Response

from shared.db import Database, UnitOfWork, current_unit_of_work
from shared.identity import Require, RequirePartner, TokenVerifier, require_member, require_service
from shared.observability import RequestContextMiddleware, configure_logging, metrics_response
from shared.openapi import document_problems
from shared.problems import Problem, install_problem_handlers, problem_response
from shared.settings import ServiceSettings
from shared.strict_query import strict_query_parameters

log = structlog.get_logger("app")
Hook = Callable[[FastAPI], Awaitable[None]]
PUBLIC_PATHS = ("/healthz", "/readyz", "/metrics")
# Everything under these prefixes needs a token the gateway issued (or a service token for /internal).
GUARDED_PREFIXES = ("/api/", "/app/", "/partner/", "/internal/")


class TokenGateMiddleware:
    """Refuses any guarded path without a valid token before routing, so a service port reached directly
    answers 401 even for paths it does not serve. The route's own dependency then checks the permission
    (the verifier caches, so the second check is a dictionary lookup)."""

    def __init__(self, app: Any, verifier: TokenVerifier) -> None:
        self.app = app
        self.verifier = verifier

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith(GUARDED_PREFIXES):
            token = ""
            for name, value in scope.get("headers", ()):
                if name == b"authorization":
                    scheme, _, token = value.decode("latin-1").partition(" ")
                    token = token.strip() if scheme.lower() == "bearer" else ""
                    break
            try:
                if not token:
                    raise Problem(401, "unauthenticated", "请先登录", headers={"WWW-Authenticate": "Bearer"})
                self.verifier.verify(token)
            except Problem as problem:
                await problem_response(problem, scope["path"])(scope, receive, send)
                return
        await self.app(scope, receive, send)


class RetryOnDeadConnection:
    """Runs a request a second time, on a fresh connection, when its first run met a dead database connection
    before committing anything (a backend terminated or restarted since the connection was pooled): the caller
    sees no error. The problem handler decides (shared.problems.database_problem) and asks for the rerun; this
    wraps the router, inside the gateway's proxy, so only a service's own work is ever run twice. The request
    body is recorded as the first run reads it and replayed to the second. A second dead connection (the
    database is really gone) is answered with the 503 problem."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received: list[Any] = []
        started = False
        unit = UnitOfWork()
        # The first run writes into the scope (the route, FastAPI's own per-request dict): the second starts
        # from what the request looked like before it.
        original_scope = {key: dict(value) if isinstance(value, dict) else value for key, value in scope.items()}

        async def recording_receive() -> Any:
            message = await receive()
            received.append(message)
            return message

        async def held_send(message: Any) -> None:
            nonlocal started
            if unit.retry_requested and not started:
                return  # the 503 of a run that will be repeated
            started = True
            await send(message)

        token = current_unit_of_work.set(unit)
        try:
            await self.app(scope, recording_receive, held_send)
        finally:
            current_unit_of_work.reset(token)
        if not unit.retry_requested or started:
            return
        log.warning("request_retried_after_dead_connection", path=scope.get("path"))
        replay = iter(received)

        async def replaying_receive() -> Any:
            return next(replay, None) or await receive()

        token = current_unit_of_work.set(UnitOfWork(retried=True))
        try:
            await self.app(original_scope, replaying_receive, send)
        finally:
            current_unit_of_work.reset(token)


class BrokerProbe:
    """Keeps one connection to RabbitMQ for readiness, reconnecting lazily with a short timeout."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._connection: aio_pika.abc.AbstractConnection | None = None
        self._lock = asyncio.Lock()

    async def ready(self) -> bool:
        async with self._lock:
            if self._connection is not None and not self._connection.is_closed:
                return True
            try:
                self._connection = await asyncio.wait_for(aio_pika.connect(self.url), timeout=2)
                return True
            except Exception:  # any failure means "not ready", said in the readiness body
                self._connection = None
                return False

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()


async def db_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request; the service layer commits what it wants kept."""
    db: Database = request.app.state.db
    async with db.sessions() as session:
        yield session


async def autocommit_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One connection in autocommit mode for the whole request, for a route whose every write is one statement,
    atomic by itself: no BEGIN and COMMIT round trips, one pool checkout. Its service still calls commit() after
    each write (no round trip here), so a request that met a dead connection is retried only if it wrote
    nothing. A pool timeout answers 503 busy (shared/problems.py); the pool resets the isolation level."""
    db: Database = request.app.state.db
    async with db.engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        async with AsyncSession(bind=autocommit, expire_on_commit=False) as session:
            yield session


async def database_ready(db: Database) -> bool:
    try:
        async with db.engine.connect() as conn:
            await asyncio.wait_for(conn.execute(text("SELECT 1")), timeout=2)
        return True
    except Exception:
        return False


def _auth_marker(route: APIRoute) -> dict[str, Any]:
    """Publishes who may call a route (x-auth) and which permission it needs (x-permission)."""
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        call = dep.call
        if isinstance(call, Require):
            return {"x-auth": "staff", "x-permission": call.permission}
        if isinstance(call, RequirePartner):
            return {"x-auth": f"partner:{call.partner_type}"}
        if call is require_member:
            return {"x-auth": "member"}
        if call is require_service:
            return {"x-auth": "service"}
        stack.extend(dep.dependencies)
    return {}


def annotate_router(router: APIRouter) -> None:
    """Marks every operation of `router` (and of routers included in it) before it is included in an app.

    FastAPI 0.165 keeps included routers as wrappers in `app.routes`, so the marks are set on the
    router's own routes, which the wrappers copy from.
    """
    for route in router.routes:
        if isinstance(route, APIRoute):
            marker = _auth_marker(route)
            if marker:
                route.openapi_extra = {**(route.openapi_extra or {}), **marker}
        nested = getattr(route, "original_router", None)
        if isinstance(nested, APIRouter):
            annotate_router(nested)


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    routers: Sequence[APIRouter],
    on_startup: Sequence[Hook] = (),
    on_shutdown: Sequence[Hook] = (),
    description: str = "",
    token_gate: bool = True,
) -> FastAPI:
    """The app of one service. `token_gate=False` is for the gateway only: it authenticates callers itself
    (user tokens, API keys) and sets `request.state.identity`; services always keep the gate."""
    suite = settings.suite
    configure_logging(settings.service_name, suite.log_level, suite.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.db = Database(
            settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pre_ping=settings.db_pre_ping,
            plan_cache_mode=settings.db_plan_cache_mode,
        )
        app.state.broker = BrokerProbe(suite.amqp_url)
        for hook in on_startup:
            await hook(app)
        try:
            yield
        finally:
            for hook in on_shutdown:
                await hook(app)
            await app.state.broker.close()
            await app.state.db.dispose()

    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        dependencies=[Depends(strict_query_parameters)],
    )
    app.state.settings = settings
    app.state.token_verifier = TokenVerifier(settings.service_name, suite)
    install_problem_handlers(app)
    if token_gate:
        app.add_middleware(TokenGateMiddleware, verifier=app.state.token_verifier)
    # Added last so it runs first: the request id and the log line cover refused requests too.
    app.add_middleware(RequestContextMiddleware, service=settings.service_name)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": settings.service_name}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> Response:
        db_ok, broker_ok = await asyncio.gather(
            database_ready(request.app.state.db), request.app.state.broker.ready()
        )
        ready = db_ok and broker_ok
        body = {
            "status": "ready" if ready else "not_ready",
            "service": settings.service_name,
            "checks": {"database": "ok" if db_ok else "down", "broker": "ok" if broker_ok else "down"},
        }
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return metrics_response()

    for router in routers:
        annotate_router(router)
        app.include_router(router)
    app.router.middleware_stack = RetryOnDeadConnection(app.router.middleware_stack)
    build_openapi = app.openapi

    def openapi_with_problems() -> dict[str, Any]:
        if app.openapi_schema is None:
            document_problems(build_openapi())
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi_with_problems  # type: ignore[method-assign]
    return app
