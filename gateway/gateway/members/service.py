"""Members: register (which logs in), login, their own record, the admin list, enable/disable. Each change
commits here; disabling also ends the member's sessions at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.service import Account, login
from gateway.deps import Client
from gateway.members.models import Member
from gateway.members.schemas import MemberLoginIn, RegisterIn
from gateway.runtime import Gateway
from shared.dates import day_end, day_start
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, paginate
from shared.privacy import mask_phone
from shared.problems import Problem, not_found

STATUS_LABELS = {"true": "启用", "false": "停用"}
SORTABLE = {"id": Member.id, "created_at": Member.created_at, "last_login_at": Member.last_login_at}


@dataclass(frozen=True)
class MemberFilters:
    keyword: str | None = None  # name or phone
    active: bool | None = None
    date_from: date | None = None  # registered on or after
    date_to: date | None = None


def member_row(member: Member, *, show_phone: bool) -> dict[str, Any]:
    return {
        "id": member.id, "phone": member.phone if show_phone else mask_phone(member.phone), "name": member.name,
        "active": member.active, "status": STATUS_LABELS["true" if member.active else "false"],
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
        await session.execute(update(Member).where(Member.id == member_id).values(last_login_at=now))
        await session.commit()

    tokens = await login(gateway, kind="member", username=body.phone, password=body.password, find=find,
                         on_success=on_success, ip=client.ip, user_agent=client.user_agent)
    return tokens.body()


async def member_detail(session: AsyncSession, member_id: int) -> dict[str, Any]:
    member = await session.get(Member, member_id)
    if member is None:
        raise not_found("会员")
    return member_row(member, show_phone=True)


async def list_members(session: AsyncSession, filters: MemberFilters, params: PageParams,
                       show_phone: bool) -> dict[str, Any]:
    stmt = select(Member)
    clause = keyword_clause(filters.keyword, Member.name, Member.phone)
    if clause is not None:
        stmt = stmt.where(clause)
    if filters.active is not None:
        stmt = stmt.where(Member.active == filters.active)
    if filters.date_from:
        stmt = stmt.where(Member.created_at >= day_start(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(Member.created_at < day_end(filters.date_to))
    stmt = apply_sort(stmt, params.sort, SORTABLE, (Member.id.desc(),))
    rows, total = await paginate(session, stmt, params)
    return list_response([member_row(m, show_phone=show_phone) for m in rows], total, params,
                         {"status_list": enum_options(STATUS_LABELS)})


async def set_active(session: AsyncSession, gateway: Gateway, member_id: int, active: bool) -> dict[str, Any]:
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
