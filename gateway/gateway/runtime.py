"""The gateway's long-lived parts (Redis, sessions, authorisation cache, partner keys, upstream clients,
operation-log writer), built with the app and started/stopped in its lifespan."""

from __future__ import annotations

from collections.abc import Mapping

import httpx
from fastapi import Request
from redis.asyncio import Redis

from gateway.api_keys.keys import PartnerKeys
from gateway.audit.writer import OperationLogWriter
from gateway.auth.authz import Authorizer
from gateway.auth.passwords import Passwords
from gateway.auth.tokens import SessionStore
from gateway.proxy.upstream import UpstreamPool
from gateway.settings import GatewaySettings
from shared.db import Database
from shared.settings import SERVICES


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
        # Production: the lean keep-alive client (proxy/upstream.py) for services given no transport.
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
        self.redis = Redis.from_url(suite.redis_url, decode_responses=True, socket_connect_timeout=2,
                                    socket_timeout=5, max_connections=256)
        self.sessions = SessionStore(self.redis, settings)
        self.authorizer = Authorizer(db.sessions, suite.private_key_pem)
        self.partner_keys = PartnerKeys(self.redis, db.sessions, settings.partner_rate_limit,
                                        settings.partner_rate_window_seconds)
        timeout = httpx.Timeout(settings.upstream_timeout, connect=settings.upstream_connect_timeout)
        limits = httpx.Limits(max_connections=settings.upstream_max_connections,
                              max_keepalive_connections=settings.upstream_max_connections, keepalive_expiry=30)
        for service in SERVICES:
            transport = self.transports.get(service) or httpx.AsyncHTTPTransport(limits=limits, retries=0)
            self.upstream_transports[service] = transport
            self.upstream_urls[service] = self.service_urls.get(service, suite.service_url(service)).rstrip("/")
            if service not in self.transports and self.upstream_urls[service].startswith("http://"):
                self.upstream_pools[service] = UpstreamPool(
                    self.upstream_urls[service], connect_timeout=settings.upstream_connect_timeout,
                    read_timeout=settings.upstream_timeout,
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
