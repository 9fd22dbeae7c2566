"""Operation-log rows are buffered and inserted in batches, off the request path.

A failed insert keeps the rows for the next attempt; on shutdown the buffer is flushed, and rows that still
cannot be written are logged one by one at ERROR (never dropped silently).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import structlog
from sqlalchemy import insert

from gateway.audit.models import OperationLog
from shared.db import Database

log = structlog.get_logger("audit")
MAX_BUFFERED = 100_000


class OperationLogWriter:
    def __init__(self, flush_interval: float, batch_size: int) -> None:
        self.flush_interval = flush_interval
        self.batch_size = batch_size
        self._buffer: list[dict[str, Any]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._db: Database | None = None
        self._lock = asyncio.Lock()

    def record(self, row: dict[str, Any]) -> None:
        self._buffer.append({key: _storable(value) for key, value in row.items()})
        if len(self._buffer) >= self.batch_size:
            self._wake.set()

    @property
    def pending(self) -> int:
        return len(self._buffer)

    async def start(self, db: Database) -> None:
        self._db = db
        self._task = asyncio.create_task(self._run(), name="operation-log-writer")

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.flush_interval)
            self._wake.clear()
            try:
                await self.flush()
            except Exception:  # kept in the buffer; the next round retries
                log.exception("operation_log_flush_failed", pending=len(self._buffer))

    async def flush(self) -> int:
        """Writes everything buffered so far; returns how many rows were written."""
        if self._db is None:
            return 0
        async with self._lock:
            rows, self._buffer = self._buffer, []
            if not rows:
                return 0
            try:
                async with self._db.sessions() as session:
                    await session.execute(insert(OperationLog), rows)
                    await session.commit()
            except Exception:
                # Put them back in front of anything recorded meanwhile, bounded so a dead database
                # cannot exhaust memory (the overflow is logged, not silently dropped).
                merged = rows + self._buffer
                overflow = merged[:-MAX_BUFFERED] if len(merged) > MAX_BUFFERED else []
                self._buffer = merged[-MAX_BUFFERED:]
                for row in overflow:
                    log.error("operation_log_not_stored", **_printable(row))
                raise
            return len(rows)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        try:
            await self.flush()
        except Exception:
            for row in self._buffer:
                log.error("operation_log_not_stored", **_printable(row))
            self._buffer = []


def _storable(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL (a path like `/api/x/%00` has one): written as `\\x00`, so one such
    row cannot fail every later batch of the log."""
    return value.replace("\x00", "\\x00") if isinstance(value, str) else value


def _printable(row: dict[str, Any]) -> dict[str, Any]:
    return {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in row.items()}
