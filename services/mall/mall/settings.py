"""Settings of the mall service (env prefix `MALL_`; suite-wide ones under `SUITE_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class MallSettings(ServiceSettings):
    service_name: ClassVar[str] = "mall"
    model_config = SettingsConfigDict(env_prefix="MALL_", extra="ignore")


@lru_cache
def get_settings() -> MallSettings:
    return MallSettings()
