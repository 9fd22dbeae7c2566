"""Settings of the cards service (env prefix `CARDS_`; suite-wide ones under `SUITE_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class CardsSettings(ServiceSettings):
    service_name: ClassVar[str] = "cards"
    model_config = SettingsConfigDict(env_prefix="CARDS_", extra="ignore")

    # Key of the card-password HMAC (and of the password derivation). Rotating it invalidates every
    # password not yet bound, so a real deployment sets it once, from a secret store.
    card_password_secret: str = "dev-card-password-secret-change-me"
    # Password guessing at binding: this many failures within the window -> 429, per member and per card.
    bind_max_failures: int = 5
    bind_failure_window_seconds: int = 900
    # The debit path runs in bursts: a steady pool of 20, no overflow connections closed and reopened
    # (measured ~1 debit in 10 opening a new PostgreSQL backend with the default overflow).
    db_pool_size: int = 20
    db_max_overflow: int | None = 0

    @property
    def password_key(self) -> bytes:
        return self.card_password_secret.encode()


@lru_cache
def get_settings() -> CardsSettings:
    return CardsSettings()
