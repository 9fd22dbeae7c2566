"""Alembic environment of the reports database."""

from alembic import context

import reports.models  # noqa: F401  (registers every table on the metadata)
from reports.db import Base
from reports.settings import get_settings
from shared.migrations import run_env

run_env(Base.metadata, context.config.get_main_option("sqlalchemy.url") or get_settings().database_url)
