"""Alembic environment of the gateway database."""

from alembic import context

import gateway.models  # noqa: F401  (registers every table on the metadata)
from gateway.db import Base
from gateway.settings import get_settings
from shared.migrations import run_env

run_env(Base.metadata, context.config.get_main_option("sqlalchemy.url") or get_settings().database_url)
