"""Alembic plumbing shared by every service: an async env.py in three lines, and the platform tables."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from shared.tables import install_platform_tables


def run_env(metadata: MetaData, url: str) -> None:
    """Body of a service's migrations/env.py."""
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        return

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    connection = context.config.attributes.get("connection")
    if connection is not None:
        do_run(connection)
    else:
        asyncio.run(run_async())


def create_platform_tables() -> None:
    """Call from a service's first migration: outbox, inbox, idempotency keys, scheduled jobs."""
    metadata = MetaData()
    tables = install_platform_tables(metadata)
    bind = op.get_bind()
    for table in (tables.outbox, tables.inbox, tables.idempotency_keys, tables.scheduled_jobs):
        table.create(bind)


def drop_platform_tables() -> None:
    for name in ("scheduled_jobs", "idempotency_keys", "inbox", "outbox"):
        op.drop_table(name)


def alembic_config(service_dir: Path, url: str) -> Config:
    cfg = Config(str(service_dir / "alembic.ini"))
    cfg.set_main_option("script_location", str(service_dir / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def upgrade(service_dir: Path, url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(service_dir, url), revision)
