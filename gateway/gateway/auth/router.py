"""Staff login, refresh, logout and `me` (`/api/auth/...`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import service
from gateway.auth.schemas import LoginIn, MeOut, PasswordChange, RefreshIn, TokensOut
from gateway.deps import Client, current_client, current_sid, current_staff
from gateway.runtime import Gateway, runtime
from shared.app import db_session
from shared.identity import Identity

router = APIRouter(prefix="/api/auth", tags=["auth 登录"])


@router.post("/login", response_model=TokensOut, summary="员工登录")
async def staff_login(body: LoginIn, client: Client = Depends(current_client),
                      session: AsyncSession = Depends(db_session),
                      gateway: Gateway = Depends(runtime)) -> dict[str, object]:
    return await service.staff_login(session, gateway, body, client)


@router.post("/refresh", response_model=TokensOut, summary="刷新登录凭证（旧的刷新凭证随即失效）")
async def staff_refresh(body: RefreshIn, gateway: Gateway = Depends(runtime)) -> dict[str, object]:
    return await service.refresh(gateway, body.refresh_token, "staff")


@router.post("/logout", status_code=204, response_class=Response, summary="退出登录（当前凭证立即失效）")
async def staff_logout(identity: Identity = Depends(current_staff), sid: str = Depends(current_sid),
                       client: Client = Depends(current_client), gateway: Gateway = Depends(runtime)) -> Response:
    await service.logout(gateway, "staff", identity, sid, client)
    return Response(status_code=204)


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
