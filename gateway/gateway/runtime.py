"""The gateway's long-lived parts (Redis, sessions, authorisation cache, partner keys, upstream clients,
operation-log writer), built with the app and started/stopped in its lifespan."""

from __future__ import annotations

from collections.abc import Mapping

import httpx
from fastapi import Request
from redis.asyncio import BlockingConnectionPool, Redis

from gateway.api_keys.keys import PartnerKeys
from gateway.audit.writer import OperationLogWriter
from gateway.auth.authz import Authorizer
from gateway.auth.passwords import Passwords
from gateway.auth.tokens import SessionStore
from gateway.settings import GatewaySettings
from shared.db import Database
from shared.settings import SERVICES
from shared.upstream import UpstreamPool

# The session store's connections (see Gateway.start).
REDIS_MAX_CONNECTIONS = 64
REDIS_POOL_WAIT_S = 10.0
REDIS_CONNECT_TIMEOUT_S = 2.0
REDIS_SOCKET_TIMEOUT_S = 5.0


class Gateway:
    def __init__(self, settings: GatewaySettings, transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
                 service_urls: Mapping[str, str] | None = None):
        self.settings = settings
        self.transports = dict(transports or {})
        self.service_urls = dict(service_urls or {})
        self.passwords = Passwords(settings)
        self.audit = OperationLogWriter(settings.audit_flush_interval, settings.audit_batch_size)
        self.db: Database | None = None
        self.redis: Redis | None = None
        self.sessions: SessionStore | None = None
        self.authorizer: Authorizer | None = None
        self.partner_keys: PartnerKeys | None = None
        # Per service: the transport the proxy sends through directly (no client layers on the hot path),
        # its base URL, and a client over the same pool for everything else (OpenAPI fetches).
        self.upstream_transports: dict[str, httpx.AsyncBaseTransport] = {}
        # Production: the lean keep-alive client (shared/upstream.py) for services given no transport.
        self.upstream_pools: dict[str, UpstreamPool] = {}
        self.upstream_urls: dict[str, str] = {}
        self.upstreams: dict[str, httpx.AsyncClient] = {}
        self.upstream_timeout = {"connect": settings.upstream_connect_timeout, "read": settings.upstream_timeout,
                                 "write": settings.upstream_timeout, "pool": settings.upstream_connect_timeout}

    def upstream(self, service: str) -> httpx.AsyncClient:
        return self.upstreams[service]

    async def start(self, db: Database) -> None:
        settings = self.settings
        suite = settings.suite
        self.db = db
        # A blocking pool: when every connection is busy a command waits its turn (up to REDIS_POOL_WAIT_S)
        # instead of failing at once. The default pool raised "Too many connections" past max_connections,
        # and a burst of 1,000 requests answered 503 to 739 of them (issue 11). A few dozen connections keep
        # Redis busy; more only add connects and server-side clients.
        pool = BlockingConnectionPool.from_url(
            suite.redis_url, decode_responses=True, socket_connect_timeout=REDIS_CONNECT_TIMEOUT_S,
            socket_timeout=REDIS_SOCKET_TIMEOUT_S, max_connections=REDIS_MAX_CONNECTIONS, timeout=REDIS_POOL_WAIT_S,
        )
        self.redis = Redis.from_pool(pool)  # closed with the client
        self.sessions = SessionStore(self.redis, settings)
        self.authorizer = Authorizer(db.sessions, suite.private_key_pem)
        self.partner_keys = PartnerKeys(self.redis, db.sessions, settings.partner_rate_window_seconds)
        timeout = httpx.Timeout(settings.upstream_timeout, connect=settings.upstream_connect_timeout)
        limits = httpx.Limits(max_connections=settings.upstream_max_connections,
                              max_keepalive_connections=settings.upstream_max_connections, keepalive_expiry=30)
        for service in SERVICES:
            transport = self.transports.get(service) or httpx.AsyncHTTPTransport(limits=limits, retries=0)
            self.upstream_transports[service] = transport
            # A service may run as several replicas (comma-separated base URLs): the proxy's pool spreads
            # requests over all of them; the httpx client (OpenAPI fetches, test transports) uses the first.
            urls = (suite.service_url_list(service) if service not in self.service_urls
                    else [u.strip().rstrip("/") for u in self.service_urls[service].split(",") if u.strip()])
            self.upstream_urls[service] = urls[0]
            if service not in self.transports and all(url.startswith("http://") for url in urls):
                self.upstream_pools[service] = UpstreamPool(
                    urls, connect_timeout=settings.upstream_connect_timeout, read_timeout=settings.upstream_timeout,
                    max_connections=settings.upstream_max_connections,
                )
            self.upstreams[service] = httpx.AsyncClient(
                base_url=self.upstream_urls[service], timeout=timeout, transport=transport, follow_redirects=False
            )
        await self.audit.start(db)

    async def stop(self) -> None:
        await self.audit.stop()
        for client in self.upstreams.values():
            await client.aclose()
        self.upstreams.clear()
        for pool in self.upstream_pools.values():
            await pool.aclose()
        self.upstream_pools.clear()
        if self.redis is not None:
            await self.redis.aclose()

    async def authz_changed(self) -> None:
        """After a committed change to users, roles, departments or permissions: every cache reloads."""
        assert self.sessions is not None
        await self.sessions.bump_authz_version()

    async def redis_ready(self) -> bool:
        if self.redis is None:
            return False
        try:
            return bool(await self.redis.ping())
        except Exception:
            return False


async def runtime(request: Request) -> Gateway:
    return request.app.state.gateway
