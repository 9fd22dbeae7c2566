"""Settings of the crm service (env prefix `CRM_`; suite-wide ones under `SUITE_`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import REPO_ROOT, ServiceSettings


class CrmSettings(ServiceSettings):
    service_name: ClassVar[str] = "crm"
    model_config = SettingsConfigDict(env_prefix="CRM_", extra="ignore")

    attachment_dir: Path = REPO_ROOT / "var" / "crm-attachments"
    attachment_max_bytes: int = 20 * 1024 * 1024
    # How often the worker checks the pool rules (seconds).
    pool_return_interval_seconds: int = 300


@lru_cache
def get_settings() -> CrmSettings:
    return CrmSettings()
