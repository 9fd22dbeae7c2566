"""Async SQLAlchemy: one engine and session factory per service process, and the common columns."""

from __future__ import annotations

import contextvars
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import asyncpg
from sqlalchemy import BigInteger, DateTime, Integer, MetaData, String, event, func
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.settings import asyncpg_dsn

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


DatabaseFault = Literal["unavailable", "invalid", "conflict"]
# SQLSTATE classes and codes of faults that are not bugs: the connection or the server is gone (08, 53, 57),
# the input does not fit a column (22), a constraint or a concurrent writer refused it (23, 40, 55P03).
_DEAD_CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")
_UNAVAILABLE_STATES = ("08", "53", "57", "58")
_INVALID_STATES = ("22",)
_CONFLICT_STATES = ("23", "40001", "40P01", "55P03")


def _asyncpg_error(exc: BaseException) -> BaseException | None:
    """The driver's own exception behind a SQLAlchemy one (or `exc` itself when raised by asyncpg directly)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, asyncpg.PostgresError | asyncpg.InterfaceError):
            return current
        current = current.__cause__ or getattr(current, "orig", None)
    return None


def is_dead_connection(exc: BaseException) -> bool:
    """The connection under this error is gone (terminated backend, restart, reset socket), or could not be
    opened: nothing of the failed transaction was kept, and a fresh connection may work."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    driver = _asyncpg_error(exc)
    if driver is None:
        # Connecting failed before the driver had a connection (refused, reset, timed out).
        return isinstance(exc, ConnectionError | TimeoutError)
    if isinstance(driver, asyncpg.PostgresConnectionError):
        return True
    if isinstance(driver, asyncpg.InterfaceError):
        return "closed" in str(driver)  # "connection is closed", "... closed in the middle of operation"
    return str(getattr(driver, "sqlstate", "") or "").startswith(_DEAD_CONNECTION_STATES)


def classify_database_error(exc: BaseException) -> DatabaseFault | None:
    """What a database exception means for the caller: `unavailable` (503; a dead or refused connection, a
    server out of connections or shutting down), `invalid` (422; a value the column cannot take, e.g. an int
    beyond 64 bits or a NUL byte), `conflict` (409; a constraint or a concurrent transaction), or None (a bug,
    left to the 500 handler)."""
    if is_dead_connection(exc):
        return "unavailable"
    driver = _asyncpg_error(exc)
    state = str(getattr(driver, "sqlstate", "") or "")
    if state.startswith(_UNAVAILABLE_STATES):
        return "unavailable"
    if state.startswith(_INVALID_STATES):
        return "invalid"
    if state.startswith(_CONFLICT_STATES):
        return "conflict"
    return None


@dataclass
class UnitOfWork:
    """What one request did to the database so far: whether any transaction committed. A request that met a
    dead connection before any commit changed nothing, so it can be run again on a fresh connection."""

    committed: bool = False
    retried: bool = False  # this is the second run: a dead connection now is an answer (503), not a retry
    retry_requested: bool = False


current_unit_of_work: contextvars.ContextVar[UnitOfWork | None] = contextvars.ContextVar(
    "current_unit_of_work", default=None
)


def _note_commit(*_: Any) -> None:
    unit = current_unit_of_work.get()
    if unit is not None:
        unit.committed = True  # set before COMMIT is sent: a commit lost in flight is never run twice


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
        plan_cache_mode: str = "auto",
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
            # Sent once with each new connection's startup packet: no round trip per request.
            connect_args={"server_settings": {"plan_cache_mode": plan_cache_mode}} if plan_cache_mode != "auto" else {},
        )
        # A connection the server dropped (pg_terminate_backend, restart) is discarded, and so is every pooled
        # connection older than it (SQLAlchemy's pool invalidation on disconnect), instead of each failing once.
        event.listen(self.engine.sync_engine, "handle_error", _mark_disconnect)
        event.listen(self.engine.sync_engine, "commit", _note_commit)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()

    @property
    def asyncpg_dsn(self) -> str:
        """The same URL for code that talks to asyncpg directly (LISTEN, COPY)."""
        return asyncpg_dsn(self.url)


def _mark_disconnect(context: Any) -> None:
    """asyncpg reports a terminated backend as AdminShutdownError / ConnectionDoesNotExistError, which the
    dialect does not always count as a disconnect; counting it invalidates the pool."""
    if not context.is_disconnect and is_dead_connection(context.original_exception):
        context.is_disconnect = True


def declarative_base() -> type[DeclarativeBase]:
    """A fresh declarative base with its own metadata: one per service, plus the platform tables."""
    from shared.tables import install_platform_tables

    metadata = new_metadata()
    install_platform_tables(metadata)
    return type("Base", (DeclarativeBase,), {"metadata": metadata, "__abstract__": True})
