"""Settings of the reports service (env prefix `REPORTS_`; suite-wide ones under `SUITE_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class ReportsSettings(ServiceSettings):
    service_name: ClassVar[str] = "reports"
    model_config = SettingsConfigDict(env_prefix="REPORTS_", extra="ignore")


@lru_cache
def get_settings() -> ReportsSettings:
    return ReportsSettings()
