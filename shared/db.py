"""Async SQLAlchemy: one engine and session factory per service process, and the common columns."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, MetaData, String, func
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names so Alembic migrations stay reviewable and reversible.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class AuditMixin(TimestampMixin):
    """The seed's 创建人/创建时间 columns: who created the row, kept by id and by name."""

    created_by_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_by_name: Mapped[str] = mapped_column(String(64), default="", server_default="")


class VersionMixin:
    """Optimistic concurrency: every update must name the version it read (see shared.concurrency)."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", nullable=False)


class Database:
    """Owns the engine of one service process; created in the app lifespan or the worker."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 10,
        max_overflow: int | None = None,
        pre_ping: bool = False,
        echo: bool = False,
    ) -> None:
        self.url = url
        # No pre-ping by default: it costs round trips on every checkout of the hot paths (debits,
        # bookings). Connections are recycled by age instead; after a database restart a stale one
        # fails a single request (rolled back, nothing half-written) and is dropped from the pool.
        self.engine: AsyncEngine = create_async_engine(
            url,
            pool_size=pool_size,
            # Overflow connections are closed when returned: a hot path under bursts keeps reopening them
            # (a new PostgreSQL backend each time). Such a service sets a larger pool and no overflow.
            max_overflow=pool_size if max_overflow is None else max_overflow,
            pool_pre_ping=pre_ping,
            pool_recycle=300,
            echo=echo,
        )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()

    @property
    def asyncpg_dsn(self) -> str:
        """The same URL for code that talks to asyncpg directly (LISTEN, COPY)."""
        return self.url.replace("postgresql+asyncpg://", "postgresql://", 1)


def row_dict(obj: Any, *fields: str) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def declarative_base() -> type[DeclarativeBase]:
    """A fresh declarative base with its own metadata: one per service, plus the platform tables."""
    from shared.tables import install_platform_tables

    metadata = new_metadata()
    install_platform_tables(metadata)
    return type("Base", (DeclarativeBase,), {"metadata": metadata, "__abstract__": True})
