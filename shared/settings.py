"""Settings: one `SUITE_` block every process shares, one prefixed block per service.

The suite-wide block says where the backing services are and how names are prefixed, so the
test run (its own databases, broker prefix and Redis db) never meets the running suite's data.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent

# Default ports on localhost (docs/architecture.md); SUITE_PORT_OFFSET moves them all at once.
DEFAULT_PORTS: dict[str, int] = {
    "gateway": 8000,
    "crm": 8101,
    "cards": 8102,
    "health": 8103,
    "mall": 8104,
    "escort": 8105,
    "reports": 8106,
}
SERVICES: tuple[str, ...] = ("crm", "cards", "health", "mall", "escort", "reports")
# Replica k (0 is the first) of a part listens on its port + k * REPLICA_PORT_STEP on one machine
# (scripts/suite.py --replicas); the step keeps up to MAX_LOCAL_REPLICAS replicas of every part inside
# port_offset + 8000 .. 8199, and their workers' metrics inside 9000 .. 9199.
REPLICA_PORT_STEP = 10
MAX_LOCAL_REPLICAS = 9
_SQLALCHEMY_SCHEME = "postgresql+asyncpg://"


def asyncpg_dsn(database_url: str) -> str:
    """A SQLAlchemy database URL (`postgresql+asyncpg://...`) as the plain DSN asyncpg itself connects to."""
    if database_url.startswith(_SQLALCHEMY_SCHEME):
        return "postgresql://" + database_url.removeprefix(_SQLALCHEMY_SCHEME)
    return database_url


class SuiteSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUITE_", extra="ignore")

    env: str = "dev"
    database_url_template: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/{db}"
    db_prefix: str = ""
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    bus_prefix: str = "suite."
    # Quorum queues (replicated, delivery limit) everywhere the suite runs; the test suite declares classic ones
    # for the hundreds of short-lived prefixes it makes (a quorum queue is a Raft group: costly to churn on one
    # small node), and tests the quorum topology on its own (tests/platform/test_quorum_queues.py).
    bus_queue_type: Literal["quorum", "classic"] = "quorum"
    redis_url: str = "redis://127.0.0.1:6379/0"
    port_offset: int = 0
    host: str = "127.0.0.1"
    # JSON map overriding where the gateway and services find each other (compose, k8s). A value may list
    # several base URLs, comma-separated: the replicas of that service, which callers spread requests over
    # (docs/architecture.md, "Replicas").
    service_urls: dict[str, str] = Field(default_factory=dict)
    # Identity tokens: the gateway signs with the private key; services verify with the public one.
    identity_private_key_file: Path = REPO_ROOT / "var" / "keys" / "identity_ed25519.pem"
    identity_public_key_file: Path = REPO_ROOT / "var" / "keys" / "identity_ed25519.pub.pem"
    identity_private_key: str = ""
    identity_public_key: str = ""
    # Service-to-service calls (/internal/...) carry an HMAC token made with this secret.
    service_secret: str = "dev-only-service-secret-set-SUITE_SERVICE_SECRET"
    log_level: str = "INFO"
    log_json: bool = True

    def database_url(self, name: str) -> str:
        return self.database_url_template.format(db=f"{self.db_prefix}{name}")

    def port(self, name: str) -> int:
        return DEFAULT_PORTS[name] + self.port_offset

    def replica_port(self, name: str, replica: int) -> int:
        """Where replica `replica` (0-based) of a part listens when several run on one machine."""
        if not 0 <= replica < MAX_LOCAL_REPLICAS:
            raise ValueError(f"replica {replica}: at most {MAX_LOCAL_REPLICAS} replicas per part on one machine")
        return self.port(name) + replica * REPLICA_PORT_STEP

    def service_url(self, name: str) -> str:
        """The first base URL of a service (one replica: its only one)."""
        return self.service_url_list(name)[0]

    def service_url_list(self, name: str) -> list[str]:
        """Every base URL of a service, without trailing slashes: its replicas."""
        configured = [url.strip().rstrip("/") for url in self.service_urls.get(name, "").split(",")]
        return [url for url in configured if url] or [f"http://{self.host}:{self.port(name)}"]

    def local_replica_urls(self, replicas: int) -> dict[str, str]:
        """The SUITE_SERVICE_URLS value naming `replicas` replicas of every service on this machine."""
        return {name: ",".join(f"http://{self.host}:{self.replica_port(name, k)}" for k in range(replicas))
                for name in SERVICES}

    @cached_property
    def public_key_pem(self) -> str:
        return self.identity_public_key or self.identity_public_key_file.read_text()

    @cached_property
    def private_key_pem(self) -> str:
        return self.identity_private_key or self.identity_private_key_file.read_text()


class ServiceSettings(BaseSettings):
    """Base for each service's settings; a subclass sets `service_name` and its env prefix."""

    service_name: ClassVar[str]
    model_config = SettingsConfigDict(extra="ignore")

    database_url: str = ""
    port: int = 0
    db_pool_size: int = 10
    db_max_overflow: int | None = None  # None: as many as the pool size
    db_pre_ping: bool = False
    # PostgreSQL's plan_cache_mode for this part's connections (docs/runbook.md, "Prepared statement plans").
    db_plan_cache_mode: Literal["auto", "force_generic_plan", "force_custom_plan"] = "auto"
    # Consumer retry delays (ms) before a message is parked; one delay queue per step.
    retry_delays_ms: list[int] = Field(default_factory=lambda: [1000, 5000, 30000])
    consumer_prefetch: int = 64
    # A backlog is drained up to this many events per transaction (bounded by the prefetch).
    consumer_batch_size: int = 100
    consumer_batch_concurrency: int = 1
    # The worker's Prometheus endpoint (relay, consumer and job metrics); None: the API port + 1000, 0: off.
    worker_metrics_port: int | None = None

    def model_post_init(self, __context: object) -> None:
        if not self.database_url:
            self.database_url = self.suite.database_url(self.service_name)
        if not self.port:
            self.port = self.suite.port(self.service_name)
        if self.worker_metrics_port is None:
            self.worker_metrics_port = self.port + 1000

    @cached_property
    def suite(self) -> SuiteSettings:
        return SuiteSettings()
