"""Scheduled jobs that run once across replicas and survive restarts.

A job is due when its row's `next_due_at` has passed. A worker takes it by setting a lease in one
conditional UPDATE, so of several replicas exactly one runs it. The lease is short (a minute) and renewed
every third of it while the job runs, so a long run keeps it; if the worker dies mid-run (SIGKILL, a lost
host), the renewals stop, the lease lapses within one lease and another replica runs the job again: jobs are
written to be idempotent (they act on state, e.g. "cards past their auto-activation day that are still not
active"), so a rerun finishes the work and counts nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import text

from shared.bus.metrics import JOB_RUNS
from shared.db import Database

log = structlog.get_logger("scheduler")
Clock = Callable[[], datetime]
JobFn = Callable[[Database, datetime], Awaitable[dict[str, Any] | None]]


def system_clock() -> datetime:
    return datetime.now(UTC)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Job:
    name: str
    interval: timedelta
    run: JobFn
    # How long a worker that stopped renewing (killed mid-run) keeps the job from the others.
    lease: timedelta = timedelta(seconds=60)


_ENSURE = text(
    "INSERT INTO scheduled_jobs (name, next_due_at) VALUES (:name, :now) ON CONFLICT (name) DO NOTHING"
)
_CLAIM = text(
    """
    UPDATE scheduled_jobs
       SET lease_owner = :owner, lease_until = :lease_until, last_started_at = :now
     WHERE name = :name AND next_due_at <= :now AND (lease_until IS NULL OR lease_until < :now)
    RETURNING name
    """
)
_FINISH = text(
    """
    UPDATE scheduled_jobs
       SET next_due_at = :next_due, lease_owner = NULL, lease_until = NULL,
           last_finished_at = :now, last_result = CAST(:result AS jsonb), runs = runs + 1
     WHERE name = :name AND lease_owner = :owner
    """
)
# Only while this worker still holds this claim (same owner, same start): a lease another worker took over
# after it lapsed is never extended for the one that lost it.
_RENEW = text(
    """
    UPDATE scheduled_jobs SET lease_until = :lease_until
     WHERE name = :name AND lease_owner = :owner AND last_started_at = :started
    RETURNING name
    """
)
_RELEASE = text(
    "UPDATE scheduled_jobs SET lease_owner = NULL, lease_until = NULL WHERE name = :name AND lease_owner = :owner"
)


async def run_if_due(db: Database, job: Job, *, now: datetime, owner: str | None = None) -> dict[str, Any] | None:
    """Runs `job` if it is due and no other replica holds it; returns its result, or None if not run."""
    owner = owner or worker_id()
    async with db.sessions() as session:
        await session.execute(_ENSURE, {"name": job.name, "now": now})
        claimed = (
            await session.execute(
                _CLAIM, {"name": job.name, "owner": owner, "now": now, "lease_until": now + job.lease}
            )
        ).first()
        await session.commit()
    if claimed is None:
        return None
    heartbeat = asyncio.create_task(_keep_lease(db, job, owner, now), name=f"{job.name}-lease")
    try:
        result = await job.run(db, now) or {}
    except Exception:
        JOB_RUNS.labels(job.name, "failed").inc()
        log.exception("job_failed", job=job.name)
        await _stop(heartbeat)
        async with db.sessions() as session:
            await session.execute(_RELEASE, {"name": job.name, "owner": owner})
            await session.commit()
        raise
    finally:
        await _stop(heartbeat)
    async with db.sessions() as session:
        await session.execute(
            _FINISH,
            {
                "name": job.name,
                "owner": owner,
                "now": now,
                "next_due": now + job.interval,
                "result": json.dumps(result, default=str),
            },
        )
        await session.commit()
    JOB_RUNS.labels(job.name, "ok").inc()
    log.info("job_ran", job=job.name, **{k: v for k, v in result.items() if isinstance(v, int | str)})
    return result


async def _keep_lease(db: Database, job: Job, owner: str, started: datetime) -> None:
    """Extends the lease every third of it while the job runs, until the job ends (cancelled) or this worker
    no longer holds it.

    Leases are counted on the claim's clock (`started`, which tests inject) plus the time elapsed since.
    """
    beat = job.lease.total_seconds() / 3
    since = time.monotonic()
    while True:
        await asyncio.sleep(beat)
        lease_until = started + timedelta(seconds=time.monotonic() - since) + job.lease
        try:
            async with db.sessions() as session:
                renewed = (await session.execute(
                    _RENEW, {"name": job.name, "owner": owner, "started": started, "lease_until": lease_until}
                )).first()
                await session.commit()
        except Exception:  # a passing database fault: the lease still has two thirds left for the next beat
            log.warning("job_lease_renewal_failed", job=job.name, exc_info=True)
            continue
        if renewed is None:
            log.warning("job_lease_lost", job=job.name, owner=owner)
            return


async def _stop(heartbeat: asyncio.Task[None]) -> None:
    if heartbeat.done():
        return
    heartbeat.cancel()
    try:
        await heartbeat
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():  # the caller itself is being cancelled: let that through
            raise


async def scheduler_loop(
    db: Database,
    jobs: Sequence[Job],
    stop: asyncio.Event,
    *,
    clock: Clock = system_clock,
    tick_seconds: float = 1.0,
    owner: str | None = None,
) -> None:
    owner = owner or worker_id()
    while not stop.is_set():
        for job in jobs:
            # A failure is logged in run_if_due; the loop keeps the other jobs going.
            with contextlib.suppress(Exception):
                await run_if_due(db, job, now=clock(), owner=owner)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=tick_seconds)
