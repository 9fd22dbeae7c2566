"""Rebuilds every projection from the stored events and swaps the result in: `python -m reports.rebuild`.

1. Fresh projection tables are created in a shadow schema (`reports_rebuild`), with a ledger of the
   events replayed into them (a table named like the event store, so the projector's own duplicate
   check works unchanged).
2. The stored events are replayed in (occurred_at, event_id) order, in batches, through the same
   projector the consumer uses, with `search_path` pointing at the shadow schema first. The live
   projections keep serving reports and taking new events meanwhile. Then VACUUM ANALYZE the shadow.
3. One short transaction locks the event store against new events, replays whatever arrived during
   step 2 (every stored event missing from the ledger), moves the live tables out and the shadow
   tables in, and drops the old ones. Readers see either the old projections or the new, never a mix.

`--compare` stops after step 2 (plus the catch-up) and reports the differences from the live tables
instead of swapping, which is how an operator checks that the live projections are right.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, text
from sqlalchemy.ext.asyncio import AsyncSession

from reports.db import Base
from reports.projections.models import PROJECTION_TABLES, StoredEvent
from reports.projections.projector import project
from reports.settings import get_settings
from shared.db import Database
from shared.events.envelope import Envelope

SHADOW = "reports_rebuild"
RETIRED = "reports_retired"
BATCH_SIZE = 5000
LOCK_KEY = 0x7265_706F_7274  # "report": the advisory lock that keeps rebuilds one at a time

_EVENT_COLUMNS = "event_id, event_type, version, producer, occurred_at, correlation_id, payload"
_FIRST_PAGE = text(f"SELECT {_EVENT_COLUMNS} FROM public.event_store ORDER BY occurred_at, event_id LIMIT :limit")
_NEXT_PAGE = text(
    f"SELECT {_EVENT_COLUMNS} FROM public.event_store WHERE (occurred_at, event_id) > (:occurred_at, :event_id) "
    "ORDER BY occurred_at, event_id LIMIT :limit"
)
# Events stored after (or committed later than) the page the replay read: the catch-up under the lock.
_MISSING = text(
    f"SELECT {_EVENT_COLUMNS} FROM public.event_store e "
    f"WHERE NOT EXISTS (SELECT 1 FROM {SHADOW}.event_store r WHERE r.event_id = e.event_id) "
    "ORDER BY occurred_at, event_id"
)


class RebuildRunning(Exception):
    pass


@dataclass
class RebuildResult:
    replayed: int = 0
    caught_up: int = 0
    seconds: float = 0.0
    swapped: bool = False
    differences: dict[str, int] | None = None


def _envelope(row: Any) -> Envelope:
    return Envelope(
        event_id=row.event_id,
        event_type=row.event_type,
        version=row.version,
        producer=row.producer,
        occurred_at=row.occurred_at,
        correlation_id=row.correlation_id,
        payload=row.payload,
    )


async def _in_shadow(session: AsyncSession) -> None:
    # Unqualified table names in the projector now mean the shadow tables (and public for anything else).
    await session.execute(text(f"SET LOCAL search_path TO {SHADOW}, public"))


def _create_shadow(sync_conn: Connection) -> None:
    tables: list[Table] = [*PROJECTION_TABLES, StoredEvent.__table__]
    Base.metadata.create_all(sync_conn.execution_options(schema_translate_map={None: SHADOW}), tables=tables)


async def prepare_shadow(db: Database) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(text(f"DROP SCHEMA IF EXISTS {SHADOW} CASCADE"))
        await conn.execute(text(f"CREATE SCHEMA {SHADOW}"))
        await conn.run_sync(_create_shadow)


async def replay(db: Database, batch_size: int = BATCH_SIZE, progress: Callable[[int], None] | None = None) -> int:
    """Replays every stored event into the shadow schema, in (occurred_at, event_id) order."""
    replayed = 0
    last: Any = None
    while True:
        async with db.sessions() as session, session.begin():
            if last is None:
                page = (await session.execute(_FIRST_PAGE, {"limit": batch_size})).all()
            else:
                params = {"occurred_at": last.occurred_at, "event_id": last.event_id, "limit": batch_size}
                page = (await session.execute(_NEXT_PAGE, params)).all()
            if not page:
                return replayed
            await _in_shadow(session)
            replayed += await project(session, [_envelope(row) for row in page], raw=False)
        last = page[-1]
        if progress is not None:
            progress(replayed)


async def tidy_shadow(db: Database) -> None:
    """VACUUM ANALYZE the shadow tables: the replay updated each rollup row many times, and fresh tables
    have no statistics; both would slow the reports right after the swap."""
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in PROJECTION_TABLES:
            await conn.execute(text(f"VACUUM (ANALYZE) {SHADOW}.{table.name}"))


async def _catch_up(session: AsyncSession) -> int:
    """Under the lock: applies to the shadow what the live tables took while the replay ran."""
    await session.execute(text("LOCK TABLE public.event_store IN SHARE ROW EXCLUSIVE MODE"))
    await _in_shadow(session)
    rows = (await session.execute(_MISSING)).all()
    return await project(session, [_envelope(row) for row in rows], raw=False)


async def swap(db: Database) -> int:
    """Catches up and swaps the shadow projections in, atomically. Returns the events caught up."""
    async with db.sessions() as session, session.begin():
        caught_up = await _catch_up(session)
        await session.execute(text(f"DROP SCHEMA IF EXISTS {RETIRED} CASCADE"))
        await session.execute(text(f"CREATE SCHEMA {RETIRED}"))
        for table in PROJECTION_TABLES:
            await session.execute(text(f"ALTER TABLE public.{table.name} SET SCHEMA {RETIRED}"))
            await session.execute(text(f"ALTER TABLE {SHADOW}.{table.name} SET SCHEMA public"))
        await session.execute(text(f"DROP SCHEMA {RETIRED} CASCADE"))
        await session.execute(text(f"DROP SCHEMA {SHADOW} CASCADE"))
    return caught_up


async def compare(db: Database) -> dict[str, int]:
    """Rows that differ between the live and the shadow projections, per table (after a catch-up)."""
    differences: dict[str, int] = {}
    async with db.sessions() as session, session.begin():
        await _catch_up(session)
        for table in PROJECTION_TABLES:
            columns = ", ".join(c.name for c in table.columns)
            sql = (
                f"SELECT count(*) FROM ((SELECT {columns} FROM public.{table.name} "
                f"EXCEPT SELECT {columns} FROM {SHADOW}.{table.name}) UNION ALL "
                f"(SELECT {columns} FROM {SHADOW}.{table.name} EXCEPT SELECT {columns} FROM public.{table.name})) d"
            )
            differences[table.name] = int((await session.execute(text(sql))).scalar_one())
        await session.execute(text(f"DROP SCHEMA {SHADOW} CASCADE"))
    return differences


async def rebuild(
    db: Database,
    *,
    batch_size: int = BATCH_SIZE,
    compare_only: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RebuildResult:
    started = time.perf_counter()
    result = RebuildResult()
    # One rebuild at a time: a second one would drop the first one's shadow schema under it.
    async with db.engine.connect() as guard:
        if not (await guard.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY})).scalar_one():
            raise RebuildRunning("另一个重建正在进行")
        try:
            await prepare_shadow(db)
            result.replayed = await replay(db, batch_size, progress)
            await tidy_shadow(db)
            if compare_only:
                result.differences = await compare(db)
            else:
                result.caught_up = await swap(db)
                result.swapped = True
        finally:
            await guard.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
            await guard.commit()
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports.rebuild", description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true", help="rebuild into the shadow schema and diff, no swap")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    args = parser.parse_args(argv)

    async def run() -> RebuildResult:
        db = Database(get_settings().database_url, pool_size=2)
        try:
            return await rebuild(
                db,
                batch_size=args.batch_size,
                compare_only=args.compare,
                progress=lambda n: print(f"replayed {n}", file=sys.stderr),
            )
        finally:
            await db.dispose()

    result = asyncio.run(run())
    if result.differences is not None:
        print(f"replayed {result.replayed} events in {result.seconds}s; differing rows: {result.differences}")
        return 1 if any(result.differences.values()) else 0
    print(f"replayed {result.replayed} events (+{result.caught_up} caught up) and swapped in, {result.seconds}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
