"""Settings of the mall service (env prefix `MALL_`; suite-wide ones under `SUITE_`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.runtime_settings import MALL_AUTO_COMPLETE_DAYS, MALL_RETURN_WINDOW_DAYS, runtime_settings
from shared.settings import REPO_ROOT, ServiceSettings


class MallSettings(ServiceSettings):
    service_name: ClassVar[str] = "mall"
    model_config = SettingsConfigDict(env_prefix="MALL_", extra="ignore")

    # Orders come in bursts: a steady pool instead of overflow connections closed and reopened.
    db_pool_size: int = 20
    db_max_overflow: int | None = 0
    image_dir: Path = REPO_ROOT / "var" / "mall-images"
    image_max_bytes: int = 2 * 1024 * 1024

    # Operator settings (配置项), read live from the runtime cache (docs/domains/gateway.md, "Runtime settings").
    @property
    def auto_complete_days(self) -> int:
        """A shipped order completes by itself this many days after shipping (确认收货 by the system)."""
        return runtime_settings.get(MALL_AUTO_COMPLETE_DAYS)

    @property
    def return_window_days(self) -> int:
        """A member may ask for a return (退货/退款) this many days after completion."""
        return runtime_settings.get(MALL_RETURN_WINDOW_DAYS)


@lru_cache
def get_settings() -> MallSettings:
    return MallSettings()
