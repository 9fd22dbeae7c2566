"""Staff login, refresh, logout and `me` (`/api/auth/...`), and the login, refresh and logout routes of any kind
of account (`add_session_routes`: staff here, members at `/app/auth/...` in members/router.py).

No `from __future__ import annotations`: the session routes' body annotation is the account kind's own login
model (a closure value), which FastAPI reads to document and validate the route.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import service
from gateway.auth.schemas import LoginIn, MeOut, PasswordChange, RefreshIn, TokensOut
from gateway.auth.tokens import Kind
from gateway.deps import Client, current_client, current_sid, current_staff
from gateway.runtime import Gateway, runtime
from shared.app import db_session
from shared.identity import Identity

router = APIRouter(prefix="/api/auth", tags=["auth 登录"])


@dataclass(frozen=True)
class SessionRoutes:
    """How one kind of account logs in, refreshes its tokens and logs out; the rest is the same for every kind."""
    kind: Kind  # operation names <kind>_login, <kind>_refresh, <kind>_logout; the session store's kind
    login_in: type[BaseModel]
    login: Callable[[AsyncSession, Gateway, Any, Client], Awaitable[dict[str, object]]]
    current: Callable[[Request], Awaitable[Identity]]  # the logged-in account of that kind (current_staff)
    login_summary: str
    refresh_summary: str
    logout_summary: str


def add_session_routes(router: APIRouter, s: SessionRoutes) -> None:
    """Adds `POST /login`, `/refresh` and `/logout` for that kind of account."""
    async def login(body: s.login_in, client: Client = Depends(current_client),  # type: ignore[name-defined]
                    session: AsyncSession = Depends(db_session),
                    gateway: Gateway = Depends(runtime)) -> dict[str, object]:
        return await s.login(session, gateway, body, client)

    async def refresh(body: RefreshIn, gateway: Gateway = Depends(runtime)) -> dict[str, object]:
        return await service.refresh(gateway, body.refresh_token, s.kind)

    async def logout(identity: Identity = Depends(s.current), sid: str = Depends(current_sid),
                     client: Client = Depends(current_client), gateway: Gateway = Depends(runtime)) -> Response:
        await service.logout(gateway, s.kind, identity, sid, client)
        return Response(status_code=204)

    router.add_api_route("/login", login, methods=["POST"], response_model=TokensOut, summary=s.login_summary,
                         name=f"{s.kind}_login")
    router.add_api_route("/refresh", refresh, methods=["POST"], response_model=TokensOut,
                         summary=s.refresh_summary, name=f"{s.kind}_refresh")
    router.add_api_route("/logout", logout, methods=["POST"], status_code=204, response_class=Response,
                         summary=s.logout_summary, name=f"{s.kind}_logout")


add_session_routes(router, SessionRoutes(
    kind="staff", login_in=LoginIn, login=service.staff_login, current=current_staff, login_summary="员工登录",
    refresh_summary="刷新登录凭证（旧的刷新凭证随即失效）", logout_summary="退出登录（当前凭证立即失效）"))


@router.put("/password", status_code=204, response_class=Response, summary="修改自己的密码（其他登录随即失效）")
async def change_password(body: PasswordChange, identity: Identity = Depends(current_staff),
                          sid: str = Depends(current_sid), session: AsyncSession = Depends(db_session),
                          gateway: Gateway = Depends(runtime)) -> Response:
    await service.change_password(session, gateway, identity, sid, body)
    return Response(status_code=204)


@router.get("/me", response_model=MeOut, summary="当前员工、权限与菜单")
async def me(request: Request, identity: Identity = Depends(current_staff),
             session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.me(session, identity, request.state.resolved)
