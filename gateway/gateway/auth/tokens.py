"""Access tokens, refresh tokens and the sessions behind them (Redis), so that revocation is instant.

An access token is a short-lived HS256 JWT of the gateway naming a session id (sid). The session lives in
Redis (`gw:s:<sid>`); every request checks it, together with the authorisation version, in one MGET. Logout
deletes the session; disabling an account deletes all its sessions. A refresh token is `<sid>.<secret>`;
the session keeps only a hash of the current secret, and refreshing replaces it atomically, so an old
refresh token is refused (and, being a sign of theft, ends the session).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

import jwt
from redis.asyncio import Redis
from redis.exceptions import RedisError

from gateway.settings import GatewaySettings
from shared.problems import Problem

Kind = Literal["staff", "member"]
AUTHZ_VERSION_KEY = "gw:authz"
ACCESS_ALG = "HS256"

# Compare-and-set of the session value: refresh succeeds only with the current secret.
_ROTATE_SCRIPT = """
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current ~= ARGV[1] then redis.call('DEL', KEYS[1]) return -1 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
"""


def session_key(sid: str) -> str:
    return f"gw:s:{sid}"


def user_sessions_key(kind: str, user_id: int) -> str:
    return f"gw:us:{kind}:{user_id}"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _session_value(kind: str, user_id: int, secret: str) -> str:
    return f"{kind}:{user_id}:{_hash(secret)}"


@dataclass(frozen=True)
class AccessClaims:
    kind: Kind
    user_id: int
    sid: str
    expires_at: int


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    sid: str

    def body(self) -> dict[str, object]:
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "token_type": "bearer",
            "expires_in": self.expires_in,
        }


class SessionStore:
    def __init__(self, redis: Redis, settings: GatewaySettings, decode_cache_size: int = 8192) -> None:
        self.redis = redis
        self.settings = settings
        self._rotate = redis.register_script(_ROTATE_SCRIPT)
        # Decoding a JWT costs more than a dict lookup; the session check in Redis still runs every time.
        self._decoded: OrderedDict[str, AccessClaims] = OrderedDict()
        self._decode_cache_size = decode_cache_size

    # ------------------------------------------------------------ access tokens

    def _access_token(self, kind: Kind, user_id: int, sid: str) -> str:
        now = int(time.time())
        claims = {"sub": str(user_id), "k": kind, "sid": sid, "typ": "access", "iat": now,
                  "exp": now + self.settings.access_ttl_seconds, "iss": "gateway"}
        return jwt.encode(claims, self.settings.jwt_secret, algorithm=ACCESS_ALG)

    def decode(self, token: str) -> AccessClaims:
        """The claims of a valid, unexpired access token; 401 otherwise (the session is checked separately)."""
        cached = self._decoded.get(token)
        if cached is not None and cached.expires_at > time.time():
            return cached
        try:
            raw = jwt.decode(token, self.settings.jwt_secret, algorithms=[ACCESS_ALG], issuer="gateway",
                             options={"require": ["exp", "sub", "sid"]})
            if raw.get("typ") != "access" or raw.get("k") not in ("staff", "member"):
                raise jwt.InvalidTokenError("not an access token")
            claims = AccessClaims(kind=raw["k"], user_id=int(raw["sub"]), sid=str(raw["sid"]),
                                  expires_at=int(raw["exp"]))
        except (jwt.PyJWTError, ValueError, KeyError) as exc:
            raise Problem(401, "invalid_token", "登录已失效，请重新登录",
                          headers={"WWW-Authenticate": "Bearer"}) from exc
        self._decoded[token] = claims
        if len(self._decoded) > self._decode_cache_size:
            self._decoded.popitem(last=False)
        return claims

    # ------------------------------------------------------------ sessions

    async def create(self, kind: Kind, user_id: int) -> TokenPair:
        sid = secrets.token_urlsafe(18)
        secret = secrets.token_urlsafe(32)
        ttl = self.settings.refresh_ttl_seconds
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(session_key(sid), _session_value(kind, user_id, secret), ex=ttl)
            pipe.sadd(user_sessions_key(kind, user_id), sid)
            pipe.expire(user_sessions_key(kind, user_id), ttl)
            await pipe.execute()
        return TokenPair(self._access_token(kind, user_id, sid), f"{sid}.{secret}", self.settings.access_ttl_seconds,
                         sid)

    async def check(self, claims: AccessClaims) -> int:
        """One round trip: is the session alive, and which authorisation version is current. 401 if revoked."""
        try:
            value, version = await self.redis.mget(session_key(claims.sid), AUTHZ_VERSION_KEY)
        except RedisError as exc:  # sessions cannot be checked: refuse rather than guess
            raise session_store_down() from exc
        if value is None or not _belongs(value, claims.kind, claims.user_id):
            raise Problem(401, "session_revoked", "登录已失效，请重新登录", headers={"WWW-Authenticate": "Bearer"})
        return int(version or 0)

    async def refresh(self, refresh_token: str, kind: Kind) -> TokenPair:
        sid, _, secret = refresh_token.partition(".")
        invalid = Problem(401, "invalid_refresh_token", "刷新凭证无效，请重新登录")
        if not sid or not secret:
            raise invalid
        current = await self.redis.get(session_key(sid))
        if current is None:
            raise invalid
        current_text = current.decode() if isinstance(current, bytes) else current
        owner_kind, user_id_text, _ = current_text.split(":", 2)
        if owner_kind != kind or not user_id_text.isdigit():
            raise invalid
        user_id = int(user_id_text)
        new_secret = secrets.token_urlsafe(32)
        outcome = await self._rotate(
            keys=[session_key(sid)],
            args=[_session_value(kind, user_id, secret), _session_value(kind, user_id, new_secret),
                  self.settings.refresh_ttl_seconds],
        )
        if int(outcome) != 1:
            if int(outcome) == -1:  # an old refresh token: someone kept a copy; the session is ended
                await self.redis.srem(user_sessions_key(kind, user_id), sid)
            raise invalid
        # The account's session index lives as long as its longest session, so disabling finds them all.
        await self.redis.expire(user_sessions_key(kind, user_id), self.settings.refresh_ttl_seconds)
        return TokenPair(self._access_token(kind, user_id, sid), f"{sid}.{new_secret}",
                         self.settings.access_ttl_seconds, sid)

    async def revoke(self, kind: str, user_id: int, sid: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(session_key(sid))
            pipe.srem(user_sessions_key(kind, user_id), sid)
            await pipe.execute()

    async def revoke_user(self, kind: str, user_id: int, keep_sid: str | None = None) -> int:
        """Ends every session of an account (disabled, deleted, password reset), except `keep_sid`."""
        key = user_sessions_key(kind, user_id)
        sids = {sid.decode() if isinstance(sid, bytes) else sid for sid in await self.redis.smembers(key)}
        ended = sids - {keep_sid}
        async with self.redis.pipeline(transaction=True) as pipe:
            for sid in ended:
                pipe.delete(session_key(sid))
            if keep_sid is None:
                pipe.delete(key)
            elif ended:
                pipe.srem(key, *ended)
            await pipe.execute()
        return len(ended)

    async def bump_authz_version(self) -> int:
        """Any change to roles, users, departments or permissions invalidates every cached authorisation."""
        return int(await self.redis.incr(AUTHZ_VERSION_KEY))


def session_store_down() -> Problem:
    return Problem(503, "session_store_unavailable", "登录状态服务暂不可用，请稍后再试")


def _belongs(value: bytes | str, kind: str, user_id: int) -> bool:
    text = value.decode() if isinstance(value, bytes) else value
    return text.startswith(f"{kind}:{user_id}:")
