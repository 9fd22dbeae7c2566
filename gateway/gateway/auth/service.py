"""Logging in (staff and members): lockout after repeated failures, login log, sessions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from redis.exceptions import RedisError
from sqlalchemy import insert

from gateway.audit.models import LoginLog
from gateway.auth.tokens import Kind, TokenPair, session_store_down
from gateway.runtime import Gateway
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
