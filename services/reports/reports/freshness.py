"""How fresh a report is: the newest event applied, and how many still wait in the reports queue."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import aio_pika
from fastapi import FastAPI, Request
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reports.projections.models import StoredEvent
from shared.bus.topology import BusNames


class QueueProbe:
    """Reads how many messages wait in the reports queue (passive declare) over one kept connection and
    channel; the figure is reused for `ttl` seconds, so a busy report page costs the broker nothing more."""

    def __init__(self, amqp_url: str, queue_name: str, ttl: float = 1.0) -> None:
        self.amqp_url = amqp_url
        self.queue_name = queue_name
        self.ttl = ttl
        self._connection: aio_pika.abc.AbstractConnection | None = None
        self._channel: aio_pika.abc.AbstractChannel | None = None
        self._lock = asyncio.Lock()
        self._cached: tuple[float, int | None] | None = None

    async def waiting(self) -> int | None:
        async with self._lock:
            now = time.monotonic()
            if self._cached is not None and now - self._cached[0] < self.ttl:
                return self._cached[1]
            value = await self._read()
            self._cached = (time.monotonic(), value)
            return value

    async def _read(self) -> int | None:
        try:
            if self._connection is None or self._connection.is_closed:
                self._connection = await asyncio.wait_for(aio_pika.connect(self.amqp_url), timeout=2)
                self._channel = None
            if self._channel is None or self._channel.is_closed:
                # A passive declare of a missing queue closes the channel: open another next time.
                self._channel = await asyncio.wait_for(self._connection.channel(), timeout=2)
            queue = await asyncio.wait_for(self._channel.declare_queue(self.queue_name, passive=True), timeout=2)
            return int(queue.declaration_result.message_count)
        except Exception:
            # Broker down or queue not declared yet: the figure is unknown, the report still answers.
            return None

    async def close(self) -> None:
        if self._connection is not None and not self._connection.is_closed:
            await self._connection.close()


async def install_queue_probe(app: FastAPI) -> None:
    suite = app.state.settings.suite
    app.state.queue_probe = QueueProbe(suite.amqp_url, BusNames(suite.bus_prefix).queue("reports"))


async def close_queue_probe(app: FastAPI) -> None:
    probe: QueueProbe | None = getattr(app.state, "queue_probe", None)
    if probe is not None:
        await probe.close()


class Freshness(BaseModel):
    newest_event_at: datetime | None = Field(description="最新已入账事件的发生时间")
    applied_at: datetime | None = Field(description="最新事件入账（写入报表库）的时间")
    seconds_behind: float | None = Field(description="报表落后于最新事件的秒数（无事件时为空）")
    queue_waiting: int | None = Field(description="报表队列中待处理的消息数（读不到时为空）")


async def queue_probe(request: Request) -> QueueProbe | None:
    """The app's queue probe (a dependency: routers hand it to the report services)."""
    return getattr(request.app.state, "queue_probe", None)


async def freshness(session: AsyncSession, probe: QueueProbe | None) -> Freshness:
    """Newest event applied (when it happened, when it was applied), how old that is, and what still waits."""
    store = StoredEvent.__table__
    row = (await session.execute(select(func.max(store.c.occurred_at), func.max(store.c.applied_at)))).one()
    waiting = await probe.waiting() if probe is not None else None
    newest, applied = row
    # A producer clock slightly ahead of ours is not "ahead of now": never report a negative lag.
    behind = max(0.0, round((datetime.now(UTC) - newest).total_seconds(), 3)) if newest is not None else None
    return Freshness(newest_event_at=newest, applied_at=applied, seconds_behind=behind, queue_waiting=waiting)
