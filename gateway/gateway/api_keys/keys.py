"""Partner API keys at request time: who the key is (Redis, DB on a miss) and its rate limit, one round trip."""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.api_keys.models import ApiKey
from shared.problems import Problem
from shared.runtime_settings import GATEWAY_PARTNER_RATE_LIMIT, runtime_settings

KEY_PREFIX = "pk_"
REVOKED = "revoked"
REVOKED_MARK_SECONDS = 3600


def key_hash(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def new_key() -> tuple[str, str]:
    """(visible prefix, plain key). The plain key is shown once; only its hash is stored."""
    prefix = f"{KEY_PREFIX}{secrets.token_hex(6)}"
    return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"


def cache_key(hashed: str) -> str:
    return f"gw:key:{hashed}"


@dataclass(frozen=True)
class PartnerKey:
    id: int
    partner_type: str
    partner_id: int
    rate_limit: int | None

    def encode(self) -> str:
        return f"{self.id}:{self.partner_type}:{self.partner_id}:{self.rate_limit or ''}"

    @classmethod
    def decode(cls, value: str | bytes) -> PartnerKey:
        text = value.decode() if isinstance(value, bytes) else value
        key_id, partner_type, partner_id, limit = text.split(":")
        return cls(int(key_id), partner_type, int(partner_id), int(limit) if limit else None)

    @classmethod
    def of(cls, row: ApiKey) -> PartnerKey:
        return cls(row.id, row.partner_type, row.partner_id, row.rate_limit)


class PartnerKeys:
    def __init__(self, redis: Redis, sessions: async_sessionmaker[AsyncSession], window_seconds: int) -> None:
        self.redis = redis
        self._sessions = sessions
        self.window = window_seconds

    @property
    def default_limit(self) -> int:
        # Read at each request: operators change it as a runtime setting (gateway.partner.default_rate_limit)
        # without a restart.
        return runtime_settings.get(GATEWAY_PARTNER_RATE_LIMIT)

    async def authenticate(self, plain: str) -> PartnerKey:
        """The key's partner, counting this request against its limit; 401 unknown/revoked, 429 over limit."""
        if not plain.startswith(KEY_PREFIX) or len(plain) > 128:
            raise Problem(401, "invalid_api_key", "接口密钥无效")
        hashed = key_hash(plain)
        now = time.time()
        window_index = int(now // self.window)
        counter = f"gw:rl:{hashed[:32]}:{window_index}"
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.get(cache_key(hashed))
                pipe.incr(counter)
                pipe.expire(counter, self.window + 1)
                cached, count, _ = await pipe.execute()
        except RedisError as exc:  # no rate limit can be kept: refuse rather than let everything through
            raise Problem(503, "rate_limiter_unavailable", "接口限流服务暂不可用，请稍后再试") from exc
        if cached == REVOKED:
            raise Problem(401, "invalid_api_key", "接口密钥无效或已吊销")
        key = PartnerKey.decode(cached) if cached is not None else await self._load(hashed)
        limit = key.rate_limit or self.default_limit
        if int(count) > limit:
            retry_after = max(1, math.ceil((window_index + 1) * self.window - now))
            raise Problem(429, "rate_limited", "请求过于频繁，请稍后再试", headers={"Retry-After": str(retry_after)},
                          limit=limit)
        return key

    async def _load(self, hashed: str) -> PartnerKey:
        async with self._sessions() as session:
            row = await session.scalar(select(ApiKey).where(ApiKey.key_hash == hashed))
        if row is None or not row.active:
            raise Problem(401, "invalid_api_key", "接口密钥无效或已吊销")
        key = PartnerKey.of(row)
        # NX: a revocation that landed meanwhile left its mark, which this stale read must not overwrite.
        await self.redis.set(cache_key(hashed), key.encode(), nx=True)
        return key

    async def remember(self, hashed: str, key: PartnerKey) -> None:
        await self.redis.set(cache_key(hashed), key.encode())

    async def forget(self, hashed: str) -> None:
        """After a revocation commits: a mark (not a delete), so a request that read the row just before the
        commit cannot put the key back."""
        await self.redis.set(cache_key(hashed), REVOKED, ex=REVOKED_MARK_SECONDS)
