"""Alembic environment of the mall database."""

from alembic import context

import mall.models  # noqa: F401  (registers every table on the metadata)
from mall.db import Base
from mall.settings import get_settings
from shared.migrations import run_env

run_env(Base.metadata, context.config.get_main_option("sqlalchemy.url") or get_settings().database_url)
