"""Settings of the crm service (env prefix `CRM_`; suite-wide ones under `SUITE_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class CrmSettings(ServiceSettings):
    service_name: ClassVar[str] = "crm"
    model_config = SettingsConfigDict(env_prefix="CRM_", extra="ignore")


@lru_cache
def get_settings() -> CrmSettings:
    return CrmSettings()
