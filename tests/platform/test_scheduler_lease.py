"""Scheduled-job leases (shared/scheduler.py) against the real PostgreSQL, on the real clock: a running job
renews its short lease, so no other worker takes it however long it runs; a worker killed mid-run stops
renewing, and another worker runs the job once the lease has lapsed.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from shared.db import Database
from shared.scheduler import Job, run_if_due

REPO = Path(__file__).resolve().parents[2]

# A worker process that takes the job and then hangs in it, until the test SIGKILLs it.
DOOMED_WORKER = """
import asyncio, sys
from datetime import UTC, datetime, timedelta
from shared.db import Database
from shared.scheduler import Job, run_if_due

async def work(db, now):
    print("running", flush=True)
    await asyncio.sleep(3600)

async def main():
    db = Database(sys.argv[1], pool_size=2)
    job = Job(sys.argv[2], timedelta(hours=1), work, lease=timedelta(seconds=float(sys.argv[3])))
    await run_if_due(db, job, now=datetime.now(UTC), owner="doomed")

asyncio.run(main())
"""


async def forget(db: Database, name: str) -> None:
    async with db.sessions() as session:
        await session.execute(text("DELETE FROM scheduled_jobs WHERE name = :name"), {"name": name})
        await session.commit()


async def job_row(db: Database, name: str) -> dict[str, object]:
    async with db.sessions() as session:
        row = (await session.execute(text(
            "SELECT lease_owner, lease_until, runs FROM scheduled_jobs WHERE name = :name"), {"name": name})).one()
    return dict(row._mapping)


async def test_a_job_running_longer_than_its_lease_keeps_it(db: Database) -> None:
    await forget(db, "test.long_run")
    runs: list[datetime] = []
    running = asyncio.Event()

    async def work(_db: Database, now: datetime) -> dict[str, int]:
        runs.append(now)
        running.set()
        await asyncio.sleep(2.0)  # more than three leases
        return {"ok": 1}

    job = Job("test.long_run", timedelta(hours=1), work, lease=timedelta(seconds=0.6))
    first = asyncio.create_task(run_if_due(db, job, now=datetime.now(UTC), owner="worker-a"))
    await running.wait()
    others = []
    while not first.done():
        others.append(await run_if_due(db, job, now=datetime.now(UTC), owner="worker-b"))
        await asyncio.sleep(0.05)
    assert await first == {"ok": 1}
    assert len(others) >= 15 and all(result is None for result in others)
    assert len(runs) == 1
    assert await job_row(db, job.name) == {"lease_owner": None, "lease_until": None, "runs": 1}


async def test_a_worker_that_lost_its_lease_stops_renewing_it_and_records_nothing(db: Database) -> None:
    await forget(db, "test.lost")
    running = asyncio.Event()

    async def work(_db: Database, now: datetime) -> dict[str, int]:
        running.set()
        await asyncio.sleep(1.0)
        return {"ok": 1}

    job = Job("test.lost", timedelta(hours=1), work, lease=timedelta(seconds=0.3))
    first = asyncio.create_task(run_if_due(db, job, now=datetime.now(UTC), owner="worker-a"))
    await running.wait()
    taken_until = datetime.now(UTC) + timedelta(minutes=5)
    async with db.sessions() as session:  # as if worker-a's lease had lapsed and worker-b had taken the job
        await session.execute(text(
            "UPDATE scheduled_jobs SET lease_owner = 'worker-b', lease_until = :until, last_started_at = now() "
            "WHERE name = :name"), {"until": taken_until, "name": job.name})
        await session.commit()
    assert await first == {"ok": 1}
    assert await job_row(db, job.name) == {"lease_owner": "worker-b", "lease_until": taken_until, "runs": 0}


async def test_a_killed_workers_job_is_run_by_another_within_about_one_lease(db: Database, bus_db_url: str) -> None:
    name, lease = "test.killed", 2.0
    await forget(db, name)
    doomed = await asyncio.create_subprocess_exec(
        sys.executable, "-c", DOOMED_WORKER, bus_db_url, name, str(lease),
        cwd=REPO, stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert doomed.stdout is not None
        assert await asyncio.wait_for(doomed.stdout.readline(), 30) == b"running\n"
        runs: list[datetime] = []

        async def work(_db: Database, now: datetime) -> dict[str, int]:
            runs.append(now)
            return {"ok": 1}

        job = Job(name, timedelta(hours=1), work, lease=timedelta(seconds=lease))
        alive_until = time.monotonic() + 2 * lease  # alive, the worker keeps renewing past its first lease
        while time.monotonic() < alive_until:
            assert await run_if_due(db, job, now=datetime.now(UTC), owner="survivor") is None
            await asyncio.sleep(0.1)
        doomed.send_signal(signal.SIGKILL)
        await doomed.wait()
        killed_at = time.monotonic()
        result = None
        while result is None and time.monotonic() - killed_at < 10:
            result = await run_if_due(db, job, now=datetime.now(UTC), owner="survivor")
            await asyncio.sleep(0.05)
        taken_after = time.monotonic() - killed_at
    finally:
        if doomed.returncode is None:
            doomed.kill()
            await doomed.wait()
    assert result == {"ok": 1} and len(runs) == 1
    # The last renewal left between two and three thirds of a lease; it is taken once that has lapsed.
    assert 0.5 < taken_after < lease + 1.5, taken_after
