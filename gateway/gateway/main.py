"""The gateway: `uvicorn gateway.main:create_app --factory --port 8000`."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import httpx
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.routing import APIRoute
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from gateway.api_keys.router import router as api_keys_router
from gateway.app_home.router import app_router as home_app_router
from gateway.app_home.router import modules_router as home_modules_router
from gateway.app_home.router import services_router as home_services_router
from gateway.audit.router import router as audit_router
from gateway.auth.router import router as auth_router
from gateway.configs.router import internal_router as configs_internal_router
from gateway.configs.router import router as configs_router
from gateway.configs.service import start_runtime_settings
from gateway.console import mount_console
from gateway.departments.router import router as departments_router
from gateway.deps import GatewayVerifier, current_member, current_staff
from gateway.members.router import admin_router as members_admin_router
from gateway.members.router import app_router as members_app_router
from gateway.permissions.router import router as permissions_router
from gateway.proxy.middleware import GatewayMiddleware
from gateway.proxy.openapi import MergedOpenAPI
from gateway.roles.router import router as roles_router
from gateway.runtime import Gateway
from gateway.settings import GatewaySettings, get_settings
from gateway.staff.router import router as staff_router
from shared.app import create_service_app, database_ready
from shared.problems import Problem
from shared.runtime_settings import runtime_settings

# Routes create_service_app (FastAPI) registers that the gateway serves its own way.
_REPLACED = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/readyz"}


def mark_session_routes(router: APIRouter) -> None:
    """x-auth on the gateway's own routes that need a logged-in caller without a permission (`/api/auth/me`,
    logout...); shared.app marks the Require / require_member ones."""
    for route in router.routes:
        if isinstance(route, APIRoute):
            calls = {d.call for d in route.dependant.dependencies}
            kind = "staff" if current_staff in calls else "member" if current_member in calls else None
            if kind:
                route.openapi_extra = {**(route.openapi_extra or {}), "x-auth": kind}


def create_app(
    settings: GatewaySettings | None = None,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    service_urls: Mapping[str, str] | None = None,
) -> FastAPI:
    """`transports` maps a service name to an httpx transport (tests: in-process apps via ASGITransport);
    `service_urls` overrides where a service listens (else SUITE_SERVICE_URLS / the default ports)."""
    settings = settings or get_settings()
    gateway = Gateway(settings, transports, service_urls)

    async def start(app: FastAPI) -> None:
        await gateway.start(app.state.db)
        await start_runtime_settings(app.state.db, settings.suite)

    async def stop(app: FastAPI) -> None:
        await runtime_settings.stop()
        await gateway.stop()

    routers = [auth_router, staff_router, departments_router, roles_router, permissions_router,
               members_admin_router, members_app_router, api_keys_router, audit_router,
               configs_router, configs_internal_router, home_modules_router, home_services_router, home_app_router]
    for router in routers:
        mark_session_routes(router)
    app = create_service_app(
        settings,
        title="体检卡后台 API（网关）",
        description="Gateway of the suite: identity and access, and every service's routes merged.",
        routers=routers,
        on_startup=[start],
        on_shutdown=[stop],
        token_gate=False,  # the gateway authenticates callers itself (GatewayMiddleware)
    )
    app.state.gateway = gateway
    app.state.token_verifier = GatewayVerifier()
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) not in _REPLACED]
    # Inside the request-context middleware (request id, access log, metrics), outside the router.
    app.user_middleware.append(Middleware(GatewayMiddleware, gateway=gateway))
    merged = MergedOpenAPI(app, gateway)
    app.state.merged_openapi = merged

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> Response:
        db_ok, broker_ok, redis_ok = await asyncio.gather(
            database_ready(request.app.state.db), request.app.state.broker.ready(), gateway.redis_ready()
        )
        ready = db_ok and broker_ok and redis_ok
        checks = {name: "ok" if ok else "down" for name, ok in
                  (("database", db_ok), ("broker", broker_ok), ("redis", redis_ok))}
        body = {"status": "ready" if ready else "not_ready", "service": "gateway", "checks": checks}
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi_json(refresh: int = 0) -> JSONResponse:
        return JSONResponse(await merged.document(force=bool(refresh)))

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        # Swagger UI served from the gateway itself, so the docs page works on a machine without internet.
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="体检卡后台 API 文档",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )

    app.mount("/docs/assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/asyncapi.json", include_in_schema=False)
    async def asyncapi() -> JSONResponse:
        try:
            from shared.events.asyncapi import build_asyncapi  # written by the bus engineer; loaded on demand
        except ImportError as exc:
            raise Problem(503, "asyncapi_unavailable", "事件目录文档暂不可用") from exc
        return JSONResponse(build_asyncapi())

    mount_console(app)  # last: its history fallback answers every path no route above claims
    return app


def main() -> None:
    """`python -m gateway.main`: serves on the configured port (SUITE_PORT_OFFSET / GATEWAY_PORT)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(create_app(settings), host=settings.suite.host, port=settings.port, access_log=False)


if __name__ == "__main__":
    main()
