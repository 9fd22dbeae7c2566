"""Settings of the mall service (env prefix `MALL_`; suite-wide ones under `SUITE_`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import REPO_ROOT, ServiceSettings


class MallSettings(ServiceSettings):
    service_name: ClassVar[str] = "mall"
    model_config = SettingsConfigDict(env_prefix="MALL_", extra="ignore")

    # Orders come in bursts: a steady pool instead of overflow connections closed and reopened.
    db_pool_size: int = 20
    db_max_overflow: int | None = 0
    # A shipped order completes by itself this many days after shipping (确认收货 by the system).
    auto_complete_days: int = Field(10, ge=1, le=90)
    # A member may ask for a return (退货/退款) this many days after completion.
    return_window_days: int = Field(7, ge=0, le=90)
    image_dir: Path = REPO_ROOT / "var" / "mall-images"
    image_max_bytes: int = 2 * 1024 * 1024


@lru_cache
def get_settings() -> MallSettings:
    return MallSettings()
