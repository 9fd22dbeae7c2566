"""Alembic environment of the escort database."""

from alembic import context

import escort.models  # noqa: F401  (registers every table on the metadata)
from escort.db import Base
from escort.settings import get_settings
from shared.migrations import run_env

run_env(Base.metadata, context.config.get_main_option("sqlalchemy.url") or get_settings().database_url)
