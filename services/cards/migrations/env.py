"""Alembic environment of the cards database."""

import cards.models  # noqa: F401  (registers every table on the metadata)
from alembic import context
from cards.db import Base
from cards.settings import get_settings

from shared.migrations import run_env

run_env(Base.metadata, context.config.get_main_option("sqlalchemy.url") or get_settings().database_url)
