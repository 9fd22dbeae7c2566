"""Alembic environment of the health database."""

from alembic import context

import health.models  # noqa: F401  (registers every table on the metadata)
from health.db import Base
from health.settings import get_settings
from shared.migrations import run_env

run_env(Base.metadata, context.config.get_main_option("sqlalchemy.url") or get_settings().database_url)
