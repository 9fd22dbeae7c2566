"""Alembic environment of the cards database."""

from alembic import context

import cards.models  # noqa: F401  (registers every table on the metadata)
from cards.db import Base
from cards.settings import get_settings
from shared.migrations import run_env

run_env(Base.metadata, context.config.get_main_option("sqlalchemy.url") or get_settings().database_url)
