"""`python -m reports.rebuild`: replaying the stored events gives exactly the live projections."""

from __future__ import annotations

import asyncio
import random
import sys
from typing import Any

import httpx
import pytest
from reports_month import business_month
from reports_testkit import apply_all, november
from sqlalchemy import text
from test_month import assert_month

from reports.projections.models import PROJECTION_TABLES
from reports.rebuild import LOCK_KEY, RebuildRunning, prepare_shadow, rebuild, replay, swap
from shared.db import Database


async def run_command(*args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    return process.returncode or 0, output.decode()


async def snapshot(db: Database) -> dict[str, list[Any]]:
    """Every projection row, in key order."""
    found = {}
    async with db.sessions() as session:
        for table in PROJECTION_TABLES:
            keys = ", ".join(c.name for c in table.primary_key.columns)
            rows = (await session.execute(text(f"SELECT * FROM {table.name} ORDER BY {keys}"))).all()
            found[table.name] = [tuple(r) for r in rows]
    return found


async def test_rebuild_equals_live(db: Database, api: httpx.AsyncClient) -> None:
    month = business_month()
    random.Random(11).shuffle(month)  # live saw them shuffled; the rebuild replays in occurred_at order
    await apply_all(db, month)
    live = await snapshot(db)
    assert all(live[t.name] for t in PROJECTION_TABLES)  # every projection has rows to compare

    result = await rebuild(db, batch_size=7)  # small batches: several pages, keyset paging across them
    assert result.swapped and result.replayed == len(month) and result.caught_up == 0
    assert await snapshot(db) == live
    assert_month(await november(api))


async def test_rebuild_repairs_damaged_projections(db: Database, api: httpx.AsyncClient) -> None:
    await apply_all(db, business_month())
    live = await snapshot(db)
    async with db.sessions() as session, session.begin():
        await session.execute(text("DELETE FROM rp_goods_rollup WHERE goods_id = 701"))
        await session.execute(text("UPDATE rp_card_rollup SET face_value = 0"))
    compared = await rebuild(db, compare_only=True)
    assert compared.differences is not None and not compared.swapped
    assert compared.differences["rp_goods_rollup"] == 4  # two day rows, the month and the year row of goods 701
    assert compared.differences["rp_card_rollup"] > 0 and compared.differences["rp_payment"] == 0
    await rebuild(db)
    assert await snapshot(db) == live
    # Live consumption carries on against the swapped-in tables: a duplicate changes nothing.
    assert await apply_all(db, business_month()) == 0
    assert_month(await november(api))


async def test_the_command_line(db: Database) -> None:
    await apply_all(db, business_month())
    live = await snapshot(db)
    code, out = await run_command("-m", "reports.rebuild")
    assert code == 0 and "swapped in" in out, out
    code, out = await run_command("-m", "reports.rebuild", "--compare")
    assert code == 0 and "differing rows" in out, out
    assert await snapshot(db) == live


async def test_events_arriving_during_the_replay_are_caught_up_before_the_swap(
    db: Database, api: httpx.AsyncClient
) -> None:
    month = business_month()
    early, late = month[:20], month[20:]
    await apply_all(db, early)
    await prepare_shadow(db)
    assert await replay(db, batch_size=5) == len(early)
    await apply_all(db, late)  # the live consumer keeps going while the replay runs
    assert await swap(db) == len(late)
    assert_month(await november(api))


async def test_only_one_rebuild_runs_at_a_time(db: Database) -> None:
    async with db.engine.connect() as other:
        await other.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
        with pytest.raises(RebuildRunning):
            await rebuild(db)
        await other.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
        await other.commit()
    assert (await rebuild(db)).swapped
