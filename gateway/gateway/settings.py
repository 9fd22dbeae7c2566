"""Settings of the gateway (env prefix `GATEWAY_`; suite-wide ones under `SUITE_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.runtime_settings import GATEWAY_PARTNER_RATE_LIMIT, runtime_settings
from shared.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    service_name: ClassVar[str] = "gateway"
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    # Access tokens are the gateway's own HS256 JWTs; only the gateway reads them.
    jwt_secret: str = "dev-gateway-jwt-secret-change-me"
    access_ttl_seconds: int = 900
    refresh_ttl_seconds: int = 7 * 24 * 3600
    # Lockout: this many failed passwords within the window lock the account for lock_seconds.
    lockout_threshold: int = 5
    lockout_window_seconds: int = 900
    lockout_seconds: int = 900
    # Partner API keys: the window of their rate limit (the default limit is a runtime setting, below).
    partner_rate_window_seconds: int = 60
    # Upstream services: connect timeout, and the time allowed until the response headers arrive.
    upstream_connect_timeout: float = 2.0
    upstream_timeout: float = 30.0
    # Open connections to each replica of a service, for the proxy's pool and the httpx client alike.
    upstream_max_connections: int = 200
    # Merged OpenAPI: fetched from the services at most this often.
    openapi_cache_seconds: float = 10.0
    openapi_fetch_timeout: float = 3.0
    # Operation log: buffered and inserted in batches off the request path.
    audit_flush_interval: float = 0.5
    audit_batch_size: int = 500
    # argon2id cost; tests lower it to keep the suite fast.
    argon2_time_cost: int = 3
    argon2_memory_cost: int = 65536
    argon2_parallelism: int = 4
    # Demo data: the admin's password (a real deployment sets GATEWAY_ADMIN_PASSWORD).
    admin_password: str = "admin123"

    @property
    def partner_rate_limit(self) -> int:
        """Requests per window per key unless the key names its own: the runtime setting (配置项)
        gateway.partner.default_rate_limit, read live (docs/domains/gateway.md, "Runtime settings")."""
        return runtime_settings.get(GATEWAY_PARTNER_RATE_LIMIT)


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()
