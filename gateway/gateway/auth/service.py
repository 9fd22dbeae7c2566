"""Logging in (staff and members): lockout after repeated failures, login log, sessions; the staff's own
account (`me`, password change, logout)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.audit.models import LoginLog
from gateway.auth.authz import Resolved
from gateway.auth.schemas import LoginIn, PasswordChange
from gateway.auth.tokens import Kind, TokenPair, session_store_down
from gateway.departments.models import Department
from gateway.deps import Client
from gateway.permissions.service import menu_for
from gateway.runtime import Gateway
from gateway.staff.models import Staff
from shared.identity import Identity
from shared.problems import Problem


@dataclass(frozen=True)
class Account:
    id: int
    password_hash: str
    active: bool


def _lock_key(kind: str, username: str) -> str:
    return f"gw:lock:{kind}:{username.lower()}"


def _fail_key(kind: str, username: str) -> str:
    return f"gw:fail:{kind}:{username.lower()}"


async def write_login_log(gateway: Gateway, *, kind: str, username: str, user_id: int | None, success: bool,
                          reason: str, ip: str, user_agent: str) -> None:
    """Its own transaction: a refused login is logged even though the request fails."""
    assert gateway.db is not None
    async with gateway.db.sessions() as session:
        await session.execute(insert(LoginLog).values(
            kind=kind, username=username[:64], user_id=user_id, success=success, reason=reason, ip=ip[:64],
            user_agent=user_agent[:255],
        ))
        await session.commit()


async def login(
    gateway: Gateway,
    *,
    kind: Kind,
    username: str,
    password: str,
    find: Callable[[str], Awaitable[Account | None]],
    on_success: Callable[[int, datetime], Awaitable[None]],
    ip: str,
    user_agent: str,
) -> TokenPair:
    assert gateway.redis is not None and gateway.sessions is not None
    settings = gateway.settings
    redis = gateway.redis

    async def refuse(status: int, code: str, detail: str, user_id: int | None, **extra: object) -> Problem:
        await write_login_log(gateway, kind=kind, username=username, user_id=user_id, success=False, reason=code,
                              ip=ip, user_agent=user_agent)
        return Problem(status, code, detail, **extra)  # type: ignore[arg-type]

    try:
        locked_for = await redis.ttl(_lock_key(kind, username))
    except RedisError as exc:  # the lockout cannot be enforced: no login rather than unlimited guessing
        raise session_store_down() from exc
    if locked_for and locked_for > 0:
        problem = await refuse(423, "account_locked", f"密码错误次数过多，账号已锁定，请 {locked_for} 秒后再试", None)
        problem.headers = {"Retry-After": str(locked_for)}
        raise problem

    account = await find(username)
    ok = await gateway.passwords.verify(account.password_hash if account else None, password)
    if not ok:
        async with redis.pipeline(transaction=True) as pipe:
            pipe.incr(_fail_key(kind, username))
            pipe.expire(_fail_key(kind, username), settings.lockout_window_seconds, nx=True)
            failures, _ = await pipe.execute()
        user_id = account.id if account else None
        if int(failures) >= settings.lockout_threshold:
            async with redis.pipeline(transaction=True) as pipe:
                pipe.set(_lock_key(kind, username), "1", ex=settings.lockout_seconds)
                pipe.delete(_fail_key(kind, username))
                await pipe.execute()
            problem = await refuse(423, "account_locked",
                                   f"密码错误次数过多，账号已锁定 {settings.lockout_seconds} 秒", user_id)
            problem.headers = {"Retry-After": str(settings.lockout_seconds)}
            raise problem
        remaining = settings.lockout_threshold - int(failures)
        raise await refuse(401, "invalid_credentials", f"用户名或密码错误（再错 {remaining} 次将锁定账号）", user_id,
                           attempts_left=remaining)
    assert account is not None
    if not account.active:
        raise await refuse(403, "account_disabled", "账号已停用", account.id)

    await redis.delete(_fail_key(kind, username))
    tokens = await gateway.sessions.create(kind, account.id)
    await on_success(account.id, datetime.now(UTC))
    await write_login_log(gateway, kind=kind, username=username, user_id=account.id, success=True, reason="",
                          ip=ip, user_agent=user_agent)
    return tokens


# ---------------------------------------------------------------- staff


async def staff_login(session: AsyncSession, gateway: Gateway, body: LoginIn, client: Client) -> dict[str, object]:
    async def find(username: str) -> Account | None:
        row = (await session.execute(
            select(Staff.id, Staff.password_hash, Staff.active).where(Staff.username == username)
        )).first()
        return Account(row.id, row.password_hash, row.active) if row else None

    async def on_success(staff_id: int, now: datetime) -> None:
        await session.execute(update(Staff).where(Staff.id == staff_id).values(last_login_at=now,
                                                                                last_login_ip=client.ip))
        await session.commit()

    tokens = await login(gateway, kind="staff", username=body.username, password=body.password, find=find,
                         on_success=on_success, ip=client.ip, user_agent=client.user_agent)
    return tokens.body()


async def refresh(gateway: Gateway, refresh_token: str, kind: Kind) -> dict[str, object]:
    """A new pair; the refresh token used is spent."""
    assert gateway.sessions is not None
    return (await gateway.sessions.refresh(refresh_token, kind)).body()


async def logout(gateway: Gateway, kind: Kind, identity: Identity, sid: str, client: Client) -> None:
    assert gateway.sessions is not None
    await gateway.sessions.revoke(kind, identity.id, sid)
    await write_login_log(gateway, kind=kind, username=identity.username, user_id=identity.id, success=True,
                          reason="logout", ip=client.ip, user_agent=client.user_agent)


async def new_password_hash(gateway: Gateway, current_hash: str, body: PasswordChange) -> str:
    """The hash of the new password of an own-password change (staff's and members'), once the old password
    proves it is them and the new one differs from it."""
    if not await gateway.passwords.verify(current_hash, body.old_password):
        raise Problem(422, "wrong_password", "原密码不正确",
                      errors=[{"field": "old_password", "message": "原密码不正确"}])
    if body.new_password == body.old_password:
        raise Problem(422, "same_password", "新密码不能与原密码相同",
                      errors=[{"field": "new_password", "message": "不能与原密码相同"}])
    return await gateway.passwords.hash(body.new_password)


async def change_password(session: AsyncSession, gateway: Gateway, identity: Identity, sid: str,
                          body: PasswordChange) -> None:
    """The caller's own password; every other session of the account ends, this one stays."""
    assert gateway.sessions is not None
    staff = await session.get(Staff, identity.id, with_for_update=True)
    if staff is None:
        raise Problem(401, "account_disabled", "账号已停用或不存在")
    staff.password_hash = await new_password_hash(gateway, staff.password_hash, body)
    await session.commit()
    await gateway.sessions.revoke_user("staff", identity.id, keep_sid=sid)


async def me(session: AsyncSession, identity: Identity, resolved: Resolved) -> dict[str, Any]:
    """The caller, the permissions it holds and the menu they open."""
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
        "last_login_at": staff.last_login_at if staff else None,
    }
    return {"user": user, "permissions": sorted(held), "menu": menu_for(held)}
