"""Members: `/app/auth/...` (register, login, refresh, logout, me, password) and 用户管理 `/api/system/members`."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.router import SessionRoutes, add_session_routes
from gateway.auth.schemas import PasswordChange, TokensOut
from gateway.deps import current_member, current_sid
from gateway.members import service
from gateway.members.schemas import MemberDetail, MemberLoginIn, MemberOut, MemberPage, MemberPasswordReset, RegisterIn
from gateway.members.service import MemberFilters
from gateway.pages import XLSX_ANSWER
from gateway.runtime import Gateway, runtime
from shared.app import db_session
from shared.identity import Identity, Principal, Require
from shared.listing import PageParams, check_range, page_params
from shared.types import Id, Text

app_router = APIRouter(prefix="/app/auth", tags=["app 会员登录"])
admin_router = APIRouter(prefix="/api/system/members", tags=["system 用户管理"])
# Who sees phone numbers whole: the desk staff who may act on the account (disable, reset) call the member.
SHOWS_PHONE = "system:member:update"


@app_router.post("/register", status_code=201, response_model=TokensOut, summary="会员注册（注册即登录）")
async def register(body: RegisterIn, session: AsyncSession = Depends(db_session),
                   gateway: Gateway = Depends(runtime)) -> dict[str, object]:
    return await service.register(session, gateway, body)


add_session_routes(app_router, SessionRoutes(
    kind="member", login_in=MemberLoginIn, login=service.member_login, current=current_member,
    login_summary="会员登录", refresh_summary="刷新会员登录凭证", logout_summary="会员退出登录"))


@app_router.get("/me", response_model=MemberOut, summary="当前会员（must_change_password 时须先修改密码）")
async def member_me(identity: Identity = Depends(current_member),
                    session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.member_detail(session, identity.id)


@app_router.put("/password", status_code=204, response_class=Response, summary="会员修改密码（其他登录随即失效）")
async def member_change_password(body: PasswordChange, identity: Identity = Depends(current_member),
                                 sid: str = Depends(current_sid), session: AsyncSession = Depends(db_session),
                                 gateway: Gateway = Depends(runtime)) -> Response:
    await service.change_own_password(session, gateway, identity.id, sid, body)
    return Response(status_code=204)


async def member_filters(
    keyword: Text | None = Query(None, max_length=64, description="姓名或手机号"),
    active: bool | None = Query(None, description="状态：true 启用，false 停用"),
    date_from: date | None = Query(None, description="注册日期起（含），上海日期 YYYY-MM-DD"),
    date_to: date | None = Query(None, description="注册日期止（含），上海日期 YYYY-MM-DD"),
    phone: str | None = Query(None, pattern=r"^[0-9]{1,11}$", description="手机号（部分即可）"),
    card_no: str | None = Query(None, pattern=r"^[0-9]{10}$", description="绑定的卡号（10 位）"),
) -> MemberFilters:
    check_range("date", date_from, date_to)
    return MemberFilters(keyword, active, date_from, date_to, phone, card_no)


@admin_router.get("", response_model=MemberPage, response_model_exclude_unset=True, summary="用户（会员）列表")
async def list_members(
    params: PageParams = Depends(page_params),
    filters: MemberFilters = Depends(member_filters),
    principal: Principal = Depends(Require("system:member:list")),
    session: AsyncSession = Depends(db_session),
    gateway: Gateway = Depends(runtime),
) -> dict[str, Any]:
    return await service.list_members(session, gateway, filters, params, principal.can(SHOWS_PHONE))


@admin_router.get("/export", response_class=Response, responses=XLSX_ANSWER, summary="导出用户列表 (.xlsx)")
async def export_members(
    filters: MemberFilters = Depends(member_filters),
    principal: Principal = Depends(Require("system:member:export")),
    session: AsyncSession = Depends(db_session),
    gateway: Gateway = Depends(runtime),
) -> Response:
    return await service.export_members(session, gateway, filters, principal.can(SHOWS_PHONE))


@admin_router.get("/{member_id}", response_model=MemberDetail,
                  summary="用户详情：资料、卡、订单（体检/商城/陪诊）、工单、登录记录")
async def member_desk_detail(member_id: Id, principal: Principal = Depends(Require("system:member:list")),
                             session: AsyncSession = Depends(db_session),
                             gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await service.desk_detail(session, gateway, member_id, principal.can(SHOWS_PHONE))


@admin_router.post("/{member_id}/enable", response_model=MemberOut, summary="启用会员")
async def enable_member(member_id: Id, principal: Principal = Depends(Require("system:member:update")),
                        session: AsyncSession = Depends(db_session),
                        gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await service.set_active(session, gateway, member_id, True, principal.can(SHOWS_PHONE))


@admin_router.post("/{member_id}/disable", response_model=MemberOut, summary="停用会员（即时注销其登录）")
async def disable_member(member_id: Id, principal: Principal = Depends(Require("system:member:update")),
                         session: AsyncSession = Depends(db_session),
                         gateway: Gateway = Depends(runtime)) -> dict[str, Any]:
    return await service.set_active(session, gateway, member_id, False, principal.can(SHOWS_PHONE))


@admin_router.post("/{member_id}/reset-password", status_code=204, response_class=Response,
                   summary="重置会员密码（临时密码，其现有登录随即失效，会员须修改）")
async def reset_member_password(member_id: Id, body: MemberPasswordReset,
                                principal: Principal = Depends(Require("system:member:reset_password")),
                                session: AsyncSession = Depends(db_session),
                                gateway: Gateway = Depends(runtime)) -> Response:
    await service.reset_password(session, gateway, member_id, body.password)
    return Response(status_code=204)
