"""Staff login, refresh, logout and `me` (`/api/auth/...`)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.schemas import LoginIn, MeOut, PasswordChange, RefreshIn, TokensOut
from gateway.auth.service import Account, login, write_login_log
from gateway.departments.models import Department
from gateway.deps import client_ip, current_sid, current_staff
from gateway.permissions.service import menu_for
from gateway.runtime import Gateway, runtime
from gateway.staff.models import Staff
from shared.app import db_session
from shared.identity import Identity
from shared.problems import Problem

router = APIRouter(prefix="/api/auth", tags=["auth 登录"])


@router.post("/login", response_model=TokensOut, summary="员工登录")
async def staff_login(body: LoginIn, request: Request, session: AsyncSession = Depends(db_session),
                      gateway: Gateway = Depends(runtime)) -> dict[str, object]:
    async def find(username: str) -> Account | None:
        row = (await session.execute(
            select(Staff.id, Staff.password_hash, Staff.active).where(Staff.username == username)
        )).first()
        return Account(row.id, row.password_hash, row.active) if row else None

    async def on_success(staff_id: int, now: datetime) -> None:
        await session.execute(
            update(Staff).where(Staff.id == staff_id).values(last_login_at=now, last_login_ip=client_ip(request))
        )
        await session.commit()

    tokens = await login(gateway, kind="staff", username=body.username, password=body.password, find=find,
                         on_success=on_success, ip=client_ip(request),
                         user_agent=request.headers.get("user-agent", ""))
    return tokens.body()


@router.post("/refresh", response_model=TokensOut, summary="刷新登录凭证（旧的刷新凭证随即失效）")
async def staff_refresh(body: RefreshIn, gateway: Gateway = Depends(runtime)) -> dict[str, object]:
    assert gateway.sessions is not None
    return (await gateway.sessions.refresh(body.refresh_token, "staff")).body()


@router.post("/logout", status_code=204, summary="退出登录（当前凭证立即失效）")
async def staff_logout(request: Request, identity: Identity = Depends(current_staff),
                       sid: str = Depends(current_sid), gateway: Gateway = Depends(runtime)) -> Response:
    assert gateway.sessions is not None
    await gateway.sessions.revoke("staff", identity.id, sid)
    await write_login_log(gateway, kind="staff", username=identity.username, user_id=identity.id, success=True,
                          reason="logout", ip=client_ip(request), user_agent=request.headers.get("user-agent", ""))
    return Response(status_code=204)


@router.put("/password", status_code=204, summary="修改自己的密码（其他登录随即失效）")
async def change_password(body: PasswordChange, identity: Identity = Depends(current_staff),
                          sid: str = Depends(current_sid), session: AsyncSession = Depends(db_session),
                          gateway: Gateway = Depends(runtime)) -> Response:
    assert gateway.sessions is not None
    staff = await session.get(Staff, identity.id, with_for_update=True)
    if staff is None:
        raise Problem(401, "account_disabled", "账号已停用或不存在")
    if not await gateway.passwords.verify(staff.password_hash, body.old_password):
        raise Problem(422, "wrong_password", "原密码不正确",
                      errors=[{"field": "old_password", "message": "原密码不正确"}])
    if body.new_password == body.old_password:
        raise Problem(422, "same_password", "新密码不能与原密码相同",
                      errors=[{"field": "new_password", "message": "不能与原密码相同"}])
    staff.password_hash = await gateway.passwords.hash(body.new_password)
    await session.commit()
    await gateway.sessions.revoke_user("staff", identity.id, keep_sid=sid)
    return Response(status_code=204)


@router.get("/me", response_model=MeOut, summary="当前员工、权限与菜单")
async def me(request: Request, identity: Identity = Depends(current_staff),
             session: AsyncSession = Depends(db_session)) -> dict[str, object]:
    resolved = request.state.resolved
    staff = await session.get(Staff, identity.id)
    dept_name = ""
    if staff is not None and staff.dept_id is not None:
        dept_name = await session.scalar(select(Department.name).where(Department.id == staff.dept_id)) or ""
    held = resolved.permissions
    user = {
        "id": identity.id,
        "username": identity.username,
        "name": identity.name,
        "dept_id": identity.dept_id,
        "dept_name": dept_name,
        "position": staff.position if staff else "",
        "phone": staff.phone if staff else "",
        "email": staff.email if staff else "",
        "superuser": identity.superuser,
        "roles": [{"id": r.id, "name": r.name, "code": r.code, "scope": r.scope}
                  for r in (staff.roles if staff else [])],
        "last_login_at": staff.last_login_at.isoformat() if staff and staff.last_login_at else None,
    }
    return {"user": user, "permissions": sorted(held), "menu": menu_for(held)}
