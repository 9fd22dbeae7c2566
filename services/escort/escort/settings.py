"""Settings of the escort service (env prefix `ESCORT_`; suite-wide ones under `SUITE_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class EscortSettings(ServiceSettings):
    service_name: ClassVar[str] = "escort"
    model_config = SettingsConfigDict(env_prefix="ESCORT_", extra="ignore")


@lru_cache
def get_settings() -> EscortSettings:
    return EscortSettings()
