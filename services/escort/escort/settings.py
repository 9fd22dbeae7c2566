"""Settings of the escort service (env prefix `ESCORT_`; suite-wide ones under `SUITE_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class EscortSettings(ServiceSettings):
    service_name: ClassVar[str] = "escort"
    model_config = SettingsConfigDict(env_prefix="ESCORT_", extra="ignore")

    # Bookings and grabs come in bursts: a steady pool instead of overflow connections closed and reopened
    # (the same choice as health, measured there).
    db_pool_size: int = 20
    db_max_overflow: int | None = 0


@lru_cache
def get_settings() -> EscortSettings:
    return EscortSettings()
