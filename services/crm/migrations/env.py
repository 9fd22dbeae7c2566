"""Alembic environment of the crm database."""

from alembic import context

import crm.models  # noqa: F401  (registers every table on the metadata)
from crm.db import Base
from crm.settings import get_settings
from shared.migrations import run_env

run_env(Base.metadata, context.config.get_main_option("sqlalchemy.url") or get_settings().database_url)
