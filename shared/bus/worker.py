"""A service's worker process: outbox relay + inbox consumer + scheduled jobs, stopped cleanly by a signal.

`<svc>/worker.py` calls `run_worker(get_settings(), handlers=handlers, jobs=[...])`. Tests run the same
thing in-process with `serve_worker(..., stop=event)`.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import structlog
from prometheus_client import start_http_server

from shared.bus.consumer import InboxConsumer
from shared.bus.handlers import Handlers
from shared.bus.relay import OutboxRelay
from shared.bus.subscriptions import SUBSCRIPTIONS
from shared.db import Database
from shared.observability import configure_logging
from shared.scheduler import Job, scheduler_loop

log = structlog.get_logger("bus.worker")


def _service_name(settings: Any) -> str:
    return str(getattr(settings, "service_name", None) or getattr(settings, "name", "service"))


async def serve_worker(
    settings: Any,
    handlers: Handlers | None,
    jobs: Sequence[Job],
    stop: asyncio.Event,
    *,
    bus_prefix: str | None = None,
    subscriptions: Mapping[str, Iterable[str]] = SUBSCRIPTIONS,
    relay_options: Mapping[str, Any] | None = None,
    consumer_options: Mapping[str, Any] | None = None,
    scheduler_tick_seconds: float = 1.0,
) -> None:
    """Runs relay, consumer (when the service handles or subscribes to events) and jobs until `stop` is set.

    `settings` is a ServiceSettings (service_name, database_url, retry_delays_ms, consumer_prefetch, suite);
    `bus_prefix` overrides `settings.suite.bus_prefix` (tests use one prefix per test).
    """
    service = _service_name(settings)
    suite = settings.suite
    prefix = suite.bus_prefix if bus_prefix is None else bus_prefix
    delays = list(getattr(settings, "retry_delays_ms", [1000, 5000, 30000]))
    # The part's own pool settings (<PART>_DB_POOL_SIZE, <PART>_DB_MAX_OVERFLOW), as its API process uses them.
    db = Database(settings.database_url, pool_size=int(getattr(settings, "db_pool_size", 10)),
                  max_overflow=getattr(settings, "db_max_overflow", None))
    relay = OutboxRelay(
        db,
        service=service,
        amqp_url=suite.amqp_url,
        prefix=prefix,
        retry_delays_ms=delays,
        subscriptions=subscriptions,
        **dict(relay_options or {}),
    )
    runners: list[asyncio.Task[None]] = [asyncio.create_task(relay.run(stop), name=f"{service}-relay")]
    # A service with subscriptions but no handlers must fail loudly (check_subscriptions), not let its
    # queue fill up unread.
    if handlers is not None and (handlers.event_types or handlers.subscribed):
        consumer = InboxConsumer(
            db,
            handlers,
            amqp_url=suite.amqp_url,
            prefix=prefix,
            retry_delays_ms=delays,
            **{
                "prefetch": int(getattr(settings, "consumer_prefetch", 64)),
                "batch_size": int(getattr(settings, "consumer_batch_size", 100)),
                "batch_concurrency": int(getattr(settings, "consumer_batch_concurrency", 1)),
                **dict(consumer_options or {}),
            },
        )
        runners.append(asyncio.create_task(consumer.run(stop), name=f"{service}-consumer"))
    if jobs:
        runners.append(
            asyncio.create_task(
                scheduler_loop(db, jobs, stop, tick_seconds=scheduler_tick_seconds), name=f"{service}-scheduler"
            )
        )
    log.info("worker_started", service=service, prefix=prefix, parts=[t.get_name() for t in runners])
    try:
        # Each part loops until `stop`; if one fails outright, stop the others and surface the error.
        done, _ = await asyncio.wait(runners, return_when=asyncio.FIRST_EXCEPTION)
        failed = [task for task in done if not task.cancelled() and task.exception() is not None]
        if failed:
            stop.set()
            await asyncio.gather(*runners, return_exceptions=True)
            raise failed[0].exception()  # type: ignore[misc]
    finally:
        for task in runners:
            if not task.done():
                task.cancel()
        await asyncio.gather(*runners, return_exceptions=True)
        await db.dispose()
        log.info("worker_stopped", service=service)


def serve_metrics(settings: Any) -> int | None:
    """Serves this process's Prometheus metrics over HTTP (a thread of prometheus_client) so the relay's
    backlog and lag, the consumer's retries and parked messages can be scraped and alerted on.

    Returns the port, or None when `worker_metrics_port` is 0.
    """
    port = int(getattr(settings, "worker_metrics_port", 0) or 0)
    if not port:
        return None
    start_http_server(port, addr=settings.suite.host)
    log.info("worker_metrics_serving", service=_service_name(settings), port=port)
    return port


def run_worker(settings: Any, *, handlers: Handlers | None, jobs: Sequence[Job] = ()) -> None:
    """Blocking entry point of `<svc>/worker.py`; SIGINT/SIGTERM finish in-flight work, then exit."""
    suite = settings.suite
    configure_logging(f"{_service_name(settings)}-worker", suite.log_level, suite.log_json)
    serve_metrics(settings)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve_worker(settings, handlers, jobs, stop)

    try:
        import uvloop
    except ImportError:
        asyncio.run(main())
    else:
        uvloop.run(main())
