"""Settings of the cards service (env prefix `CARDS_`; suite-wide ones under `SUITE_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class CardsSettings(ServiceSettings):
    service_name: ClassVar[str] = "cards"
    model_config = SettingsConfigDict(env_prefix="CARDS_", extra="ignore")


@lru_cache
def get_settings() -> CardsSettings:
    return CardsSettings()
