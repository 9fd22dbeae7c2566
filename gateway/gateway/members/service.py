"""Members: register (which logs in), login, their own record and password, and 用户管理 — the list with each
member's cards, the detail gathered from the services, enable/disable, password reset, export. Each change
commits here; disabling and resetting also end the member's sessions at once. See docs/domains/gateway.md."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fastapi import Response
from sqlalchemy import ColumnElement, false, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.audit.models import LoginLog
from gateway.auth.schemas import PasswordChange
from gateway.auth.service import Account, login, new_password_hash
from gateway.deps import Client
from gateway.members import upstream
from gateway.members.models import Member
from gateway.members.schemas import MemberLoginIn, RegisterIn
from gateway.runtime import Gateway
from shared.dates import within_days
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, paginate
from shared.member_desk import DESK_LIMIT
from shared.privacy import mask_phone
from shared.problems import Problem, not_found
from shared.xlsx import xlsx_response

STATUS_LABELS = {"true": "启用", "false": "停用"}
SORTABLE = {"id": Member.id, "created_at": Member.created_at, "last_login_at": Member.last_login_at,
            "login_count": Member.login_count}
EXPORT_LIMIT = 50_000
EXPORT_COLUMNS = [
    ("id", "ID"), ("phone", "手机号"), ("name", "姓名"), ("status", "状态"), ("created_at", "注册时间"),
    ("login_count", "登录次数"), ("last_login_at", "最近登录"), ("card_count", "绑定卡数"),
    ("card_balance", "卡余额合计"),
]


@dataclass(frozen=True)
class MemberFilters:
    keyword: str | None = None  # name or phone
    active: bool | None = None
    date_from: date | None = None  # registered on or after
    date_to: date | None = None
    phone: str | None = None  # part of the phone number
    card_no: str | None = None  # a card bound to the member (cards says whose it is)


def member_row(member: Member, *, show_phone: bool) -> dict[str, Any]:
    return {
        "id": member.id, "phone": member.phone if show_phone else mask_phone(member.phone), "name": member.name,
        "active": member.active, "status": STATUS_LABELS["true" if member.active else "false"],
        "must_change_password": member.must_change_password, "login_count": member.login_count,
        "last_login_at": member.last_login_at, "created_at": member.created_at, "updated_at": member.updated_at,
    }


async def register(session: AsyncSession, gateway: Gateway, body: RegisterIn) -> dict[str, object]:
    assert gateway.sessions is not None
    if await session.scalar(select(Member.id).where(Member.phone == body.phone)) is not None:
        raise Problem(409, "phone_registered", "该手机号已注册", errors=[{"field": "phone", "message": "已注册"}])
    member = Member(phone=body.phone, name=body.name, password_hash=await gateway.passwords.hash(body.password))
    session.add(member)
    try:
        await session.commit()
    except IntegrityError as exc:  # a concurrent registration of the same phone
        raise Problem(409, "phone_registered", "该手机号已注册") from exc
    return (await gateway.sessions.create("member", member.id)).body()


async def member_login(session: AsyncSession, gateway: Gateway, body: MemberLoginIn,
                       client: Client) -> dict[str, object]:
    async def find(phone: str) -> Account | None:
        row = (await session.execute(
            select(Member.id, Member.password_hash, Member.active).where(Member.phone == phone)
        )).first()
        return Account(row.id, row.password_hash, row.active) if row else None

    async def on_success(member_id: int, now: datetime) -> None:
        await session.execute(update(Member).where(Member.id == member_id)
                              .values(last_login_at=now, login_count=Member.login_count + 1))
        await session.commit()

    tokens = await login(gateway, kind="member", username=body.phone, password=body.password, find=find,
                         on_success=on_success, ip=client.ip, user_agent=client.user_agent)
    return tokens.body()


async def get_member(session: AsyncSession, member_id: int, *, lock: bool = False) -> Member:
    member = await session.get(Member, member_id, with_for_update=lock or None, populate_existing=lock)
    if member is None:
        raise not_found("会员")
    return member


async def member_detail(session: AsyncSession, member_id: int) -> dict[str, Any]:
    """The member's own record (`/app/auth/me`): the app asks for a new password while must_change_password."""
    return member_row(await get_member(session, member_id), show_phone=True)


async def change_own_password(session: AsyncSession, gateway: Gateway, member_id: int, sid: str,
                              body: PasswordChange) -> None:
    """As for staff: the old password proves it is them; every other session ends, this one stays."""
    assert gateway.sessions is not None
    member = await session.get(Member, member_id, with_for_update=True)
    if member is None or not member.active:
        raise Problem(401, "account_disabled", "账号已停用或不存在")
    member.password_hash = await new_password_hash(gateway, member.password_hash, body)
    member.must_change_password = False
    await session.commit()
    await gateway.sessions.revoke_user("member", member_id, keep_sid=sid)


# ---------------------------------------------------------------- 用户管理


async def _card_clause(gateway: Gateway, card_no: str) -> ColumnElement[bool]:
    holder = await upstream.card_holder(gateway, card_no)
    if holder is None:
        raise Problem(503, "upstream_unavailable", "cards 服务暂不可用，无法按卡号筛选", service="cards")
    return Member.id == holder.member_id if holder.member_id is not None else false()


async def _filtered(gateway: Gateway, filters: MemberFilters) -> Any:
    stmt = select(Member)
    clause = keyword_clause(filters.keyword, Member.name, Member.phone)
    if clause is not None:
        stmt = stmt.where(clause)
    phone = keyword_clause(filters.phone, Member.phone)
    if phone is not None:
        stmt = stmt.where(phone)
    if filters.active is not None:
        stmt = stmt.where(Member.active == filters.active)
    stmt = stmt.where(*within_days(Member.created_at, filters.date_from, filters.date_to))
    if filters.card_no:
        stmt = stmt.where(await _card_clause(gateway, filters.card_no))
    return stmt


async def _rows_with_cards(gateway: Gateway, members: list[Member], show_phone: bool) -> list[dict[str, Any]]:
    """Each member's row with their cards' count and balance: one cards call for all of them."""
    summaries = await upstream.card_summaries(gateway, [m.id for m in members]) if members else {}
    rows = []
    for member in members:
        count, balance = summaries.get(member.id, (0, 0)) if summaries is not None else (None, None)
        rows.append({**member_row(member, show_phone=show_phone), "card_count": count, "card_balance": balance})
    return rows


async def list_members(session: AsyncSession, gateway: Gateway, filters: MemberFilters, params: PageParams,
                       show_phone: bool) -> dict[str, Any]:
    """Members are nobody's department's records: every scope holding system:member:list sees them all."""
    stmt = apply_sort(await _filtered(gateway, filters), params.sort, SORTABLE, (Member.id.desc(),))
    members, total = await paginate(session, stmt, params)
    return list_response(await _rows_with_cards(gateway, members, show_phone), total, params,
                         {"status_list": enum_options(STATUS_LABELS)})


async def export_members(session: AsyncSession, gateway: Gateway, filters: MemberFilters,
                         show_phone: bool) -> Response:
    stmt = (await _filtered(gateway, filters)).order_by(Member.id.desc()).limit(EXPORT_LIMIT)
    members = list((await session.scalars(stmt)).all())
    return xlsx_response("用户列表.xlsx", EXPORT_COLUMNS, await _rows_with_cards(gateway, members, show_phone))


async def _logins(session: AsyncSession, member_id: int) -> dict[str, Any]:
    mine = (LoginLog.kind == "member") & (LoginLog.user_id == member_id)
    total = await session.scalar(select(func.count()).select_from(LoginLog).where(mine)) or 0
    rows = await session.scalars(select(LoginLog).where(mine).order_by(LoginLog.id.desc()).limit(DESK_LIMIT))
    return {"available": True, "total": total, "data_list": [
        {"id": r.id, "success": r.success, "reason": r.reason, "ip": r.ip, "user_agent": r.user_agent,
         "created_at": r.created_at} for r in rows]}


def _section(answer: Any) -> dict[str, Any]:
    if answer is None:
        return {"available": False, "total": 0, "data_list": []}
    return {"available": True, "total": answer.total, "data_list": answer.data_list}


async def desk_detail(session: AsyncSession, gateway: Gateway, member_id: int, show_phone: bool) -> dict[str, Any]:
    """The member, their cards, orders, tickets and logins; the services are asked at once, and one that does
    not answer leaves its section marked unavailable."""
    member = await get_member(session, member_id)
    cards, tickets, *orders = await asyncio.gather(
        upstream.member_cards(gateway, member_id), upstream.member_tickets(gateway, member_id),
        *(upstream.member_orders(gateway, service, member_id) for service in upstream.ORDER_SERVICES),
    )
    answered = [answer for answer in orders if answer is not None]
    merged = sorted((order for answer in answered for order in answer.data_list),
                    key=lambda order: order.created_at, reverse=True)
    return {
        "member": member_row(member, show_phone=show_phone),
        "cards": _section(cards),
        "orders": {
            "available": len(answered) == len(orders), "total": sum(answer.total for answer in answered),
            "data_list": merged[:DESK_LIMIT],
            "unavailable": [s for s, answer in zip(upstream.ORDER_SERVICES, orders, strict=True) if answer is None],
        },
        "tickets": _section(tickets),
        "logins": await _logins(session, member_id),
    }


async def set_active(session: AsyncSession, gateway: Gateway, member_id: int, active: bool,
                     show_phone: bool) -> dict[str, Any]:
    """Enable or disable; disabling ends the member's sessions at once (a still-valid token answers 401)."""
    member = await get_member(session, member_id, lock=True)
    member.active = active
    await session.commit()
    await session.refresh(member)
    assert gateway.sessions is not None
    if not active:
        await gateway.sessions.revoke_user("member", member_id)
    await gateway.authz_changed()
    return member_row(member, show_phone=show_phone)


async def reset_password(session: AsyncSession, gateway: Gateway, member_id: int, password: str) -> None:
    """As for staff: the admin's temporary password ends the member's sessions; the member must change it."""
    password_hash = await gateway.passwords.hash(password)  # before the row lock: hashing is slow on purpose
    member = await get_member(session, member_id, lock=True)
    member.password_hash = password_hash
    member.must_change_password = True
    await session.commit()
    assert gateway.sessions is not None
    await gateway.sessions.revoke_user("member", member_id)
