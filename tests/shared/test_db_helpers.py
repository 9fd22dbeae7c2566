"""Optimistic concurrency, Idempotency-Key and scheduled-job leases against the real PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Integer, String, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mall.settings import get_settings
from shared import idempotency
from shared.concurrency import update_versioned
from shared.db import Database, VersionMixin
from shared.problems import Problem
from shared.scheduler import Job, run_if_due


class _Base(DeclarativeBase):
    pass


class Row(VersionMixin, _Base):
    __tablename__ = "shared_test_rows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    database = Database(get_settings().database_url)
    async with database.engine.begin() as conn:
        await conn.run_sync(_Base.metadata.drop_all)
        await conn.run_sync(_Base.metadata.create_all)
        await conn.execute(text("TRUNCATE idempotency_keys, scheduled_jobs"))
    yield database
    async with database.engine.begin() as conn:
        await conn.run_sync(_Base.metadata.drop_all)
    await database.dispose()


async def test_stale_version_is_a_conflict_not_a_lost_update(db: Database) -> None:
    async with db.sessions() as session:
        session.add(Row(id=1, name="原名"))
        await session.commit()
    async with db.sessions() as first, db.sessions() as second:
        await update_versioned(first, Row, 1, 1, {"name": "甲改"})
        await first.commit()
        with pytest.raises(Problem) as conflict:
            await update_versioned(second, Row, 1, 1, {"name": "乙改"})
        assert conflict.value.status == 409 and conflict.value.extra["current_version"] == 2
    async with db.sessions() as session:
        row = await session.get(Row, 1)
        assert row is not None and (row.name, row.version) == ("甲改", 2)
        with pytest.raises(Problem) as missing:
            await update_versioned(session, Row, 999, 1, {"name": "x"})
        assert missing.value.status == 404


async def test_idempotency_key_gives_one_effect_under_concurrent_duplicates(db: Database) -> None:
    async def attempt(n: int) -> tuple[int, object]:
        async with db.sessions() as session:
            stored = await idempotency.claim(session, "test:create", "key-1", {"name": "同一请求"})
            if stored is not None:
                return stored.status_code, stored.body
            session.add(Row(id=100 + n, name="同一请求"))
            await asyncio.sleep(0.05)  # hold the key while the duplicates arrive
            await idempotency.record(session, "test:create", "key-1", 201, {"id": 100 + n})
            await session.commit()
            return 201, {"id": 100 + n}

    answers = await asyncio.gather(*(attempt(n) for n in range(10)))
    assert len({str(a) for a in answers}) == 1  # every caller got the same answer
    async with db.sessions() as session:
        assert len((await session.scalars(select(Row))).all()) == 1
        with pytest.raises(Problem) as reused:
            await idempotency.claim(session, "test:create", "key-1", {"name": "另一个请求"})
        assert reused.value.code == "idempotency_key_reused"


async def test_a_due_job_runs_once_across_replicas_and_not_again_until_due(db: Database) -> None:
    runs: list[str] = []

    async def work(_db: Database, now: datetime) -> dict[str, int]:
        runs.append(now.isoformat())
        await asyncio.sleep(0.05)
        return {"done": 1}

    job = Job("test.job", timedelta(hours=1), work)
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    results = await asyncio.gather(*(run_if_due(db, job, now=now, owner=f"replica-{i}") for i in range(4)))
    assert sum(r is not None for r in results) == 1 and len(runs) == 1
    assert await run_if_due(db, job, now=now + timedelta(minutes=30)) is None
    assert await run_if_due(db, job, now=now + timedelta(hours=1)) == {"done": 1}
    assert len(runs) == 2


async def test_a_job_whose_worker_died_is_taken_over_after_the_lease(db: Database) -> None:
    async def work(_db: Database, now: datetime) -> dict[str, int]:
        return {"ok": 1}

    job = Job("test.lease", timedelta(hours=1), work, lease=timedelta(minutes=5))
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    async with db.sessions() as session:  # a replica took the lease, then died
        await session.execute(text(
            "INSERT INTO scheduled_jobs (name, next_due_at, lease_owner, lease_until) "
            "VALUES ('test.lease', :due, 'dead', :until)"), {"due": now, "until": now + timedelta(minutes=5)})
        await session.commit()
    assert await run_if_due(db, job, now=now + timedelta(minutes=1)) is None
    assert await run_if_due(db, job, now=now + timedelta(minutes=6)) == {"ok": 1}


async def test_run_once_answers_a_replay_with_the_same_json_and_does_nothing(db: Database) -> None:
    answers = []
    for attempt in range(2):
        async with db.sessions() as session:

            async def make(session=session, attempt=attempt) -> dict[str, object]:  # type: ignore[no-untyped-def]
                session.add(Row(id=200 + attempt, name="x"))
                return {"id": 200 + attempt, "amount": "12.50", "at": datetime(2026, 11, 23, 8, 0, tzinfo=UTC)}

            response = await idempotency.run_once(session, "test:run_once", "k-9", {"a": 1}, make)
            answers.append((response.status_code, json.loads(response.body)))
    assert answers[0] == answers[1] == (201, {"id": 200, "amount": "12.50", "at": "2026-11-23T08:00:00+00:00"})
    async with db.sessions() as session:  # the replay wrote nothing
        assert [r.id for r in (await session.scalars(select(Row))).all()] == [200]
