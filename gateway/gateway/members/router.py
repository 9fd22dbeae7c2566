"""Members: `/app/auth/...` (register, login, refresh, logout, me) and 用户管理 `/api/system/members`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.schemas import RefreshIn, TokensOut
from gateway.auth.service import Account, login, write_login_log
from gateway.deps import client_ip, current_member, current_sid
from gateway.members.models import Member
from gateway.members.schemas import MemberLoginIn, RegisterIn
from gateway.runtime import Gateway, runtime
from shared.app import db_session
from shared.dates import day_end, day_start
from shared.identity import Identity, Principal, Require
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
from shared.privacy import mask_phone
from shared.problems import Problem, not_found

app_router = APIRouter(prefix="/app/auth", tags=["app 会员登录"])
admin_router = APIRouter(prefix="/api/system/members", tags=["system 用户管理"])
SORTABLE = {"id": Member.id, "created_at": Member.created_at, "last_login_at": Member.last_login_at}


def member_row(member: Member, *, show_phone: bool) -> dict[str, Any]:
    return {
        "id": member.id, "phone": member.phone if show_phone else mask_phone(member.phone), "name": member.name,
        "active": member.active, "status": "启用" if member.active else "停用",
        "last_login_at": member.last_login_at, "created_at": member.created_at, "updated_at": member.updated_at,
    }


@app_router.post("/register", status_code=201, response_model=TokensOut, summary="会员注册（注册即登录）")
async def register(body: RegisterIn, request: Request, session: AsyncSession = Depends(db_session),
                   gateway: Gateway = Depends(runtime)) -> dict[str, object]:
    assert gateway.sessions is not None
    if await session.scalar(select(Member.id).where(Member.phone == body.phone)) is not None:
        raise Problem(409, "phone_registered", "该手机号已注册", errors=[{"field": "phone", "message": "已注册"}])
    member = Member(phone=body.phone, name=body.name, password_hash=await gateway.passwords.hash(body.password))
    session.add(member)
    try:
        await session.commit()
    except IntegrityError as exc:
        raise Problem(409, "phone_registered", "该手机号已注册") from exc
    return (await gateway.sessions.create("member", member.id)).body()


@app_router.post("/login", response_model=TokensOut, summary="会员登录")
async def member_login(body: MemberLoginIn, request: Request, session: AsyncSession = Depends(db_session),
                       gateway: Gateway = Depends(runtime)) -> dict[str, object]:
    async def find(phone: str) -> Account | None:
        row = (await session.execute(
            select(Member.id, Member.password_hash, Member.active).where(Member.phone == phone)
        )).first()
        return Account(row.id, row.password_hash, row.active) if row else None

    async def on_success(member_id: int, now: datetime) -> None:
        await session.execute(update(Member).where(Member.id == member_id).values(last_login_at=now))
        await session.commit()

    tokens = await login(gateway, kind="member", username=body.phone, password=body.password, find=find,
                         on_success=on_success, ip=client_ip(request),
                         user_agent=request.headers.get("user-agent", ""))
    return tokens.body()


@app_router.post("/refresh", response_model=TokensOut, summary="刷新会员登录凭证")
async def member_refresh(body: RefreshIn, gateway: Gateway = Depends(runtime)) -> dict[str, object]:
    assert gateway.sessions is not None
    return (await gateway.sessions.refresh(body.refresh_token, "member")).body()


@app_router.post("/logout", status_code=204, summary="会员退出登录")
async def member_logout(request: Request, identity: Identity = Depends(current_member),
                        sid: str = Depends(current_sid), gateway: Gateway = Depends(runtime)) -> Response:
    assert gateway.sessions is not None
    await gateway.sessions.revoke("member", identity.id, sid)
    await write_login_log(gateway, kind="member", username=identity.username, user_id=identity.id, success=True,
                          reason="logout", ip=client_ip(request), user_agent=request.headers.get("user-agent", ""))
    return Response(status_code=204)


@app_router.get("/me", summary="当前会员")
async def member_me(identity: Identity = Depends(current_member),
                    session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    member = await session.get(Member, identity.id)
    if member is None:
        raise not_found("会员")
    return member_row(member, show_phone=True)


@admin_router.get("", summary="用户（会员）列表")
async def list_members(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=64, description="姓名或手机号"),
    active: bool | None = Query(None),
    created_from: date | None = Query(None),
    created_to: date | None = Query(None),
    principal: Principal = Depends(Require("system:member:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    check_range("created", created_from, created_to)
    stmt = select(Member)
    clause = keyword_clause(keyword, Member.name, Member.phone)
    if clause is not None:
        stmt = stmt.where(clause)
    if active is not None:
        stmt = stmt.where(Member.active == active)
    if created_from:
        stmt = stmt.where(Member.created_at >= day_start(created_from))
    if created_to:
        stmt = stmt.where(Member.created_at < day_end(created_to))
    stmt = apply_sort(stmt, params.sort, SORTABLE, (Member.id.desc(),))
    rows, total = await paginate(session, stmt, params)
    show_phone = principal.can("system:member:update")
    return list_response([member_row(m, show_phone=show_phone) for m in rows], total, params,
                         {"status_list": enum_options({"true": "启用", "false": "停用"})})


async def _set_active(member_id: int, active: bool, session: AsyncSession, gateway: Gateway) -> dict[str, Any]:
    member = await session.get(Member, member_id, with_for_update=True)
    if member is None:
        raise not_found("会员")
    member.active = active
    await session.commit()
    await session.refresh(member)
    assert gateway.sessions is not None
    if not active:
        await gateway.sessions.revoke_user("member", member_id)
    await gateway.authz_changed()
    return member_row(member, show_phone=True)


@admin_router.post("/{member_id}/enable", summary="启用会员")
async def enable_member(member_id: int, principal: Principal = Depends(Require("system:member:update")),
                        session: AsyncSession = Depends(db_session),
                        gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await _set_active(member_id, True, session, gateway)


@admin_router.post("/{member_id}/disable", summary="停用会员（即时注销其登录）")
async def disable_member(member_id: int, principal: Principal = Depends(Require("system:member:update")),
                         session: AsyncSession = Depends(db_session),
                         gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await _set_active(member_id, False, session, gateway)
