"""Benchmark: make 1,000,000 cards (goal <= 20 s, and >= 0.5x a raw COPY of the same rows, timed in the same run).

    python bench/cards/bench_make.py [--quantity 1000000]     (database bench_cards_perf, see benchdb.py)

"make" is the real approval path (cards.making.service: reserve the range under the allocator lock, commit,
then generate numbers, check digits, derived passwords and their HMACs, COPY, mark 已完成, emit CardsMade,
commit). "raw COPY" sends the very same rows, already built in memory, into an empty table with the same
columns and indexes (CREATE TABLE ... LIKE cards INCLUDING ALL), in one transaction.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from benchdb import configure, fresh_database, load_average
from sqlalchemy import select

from cards.making.generation import COPY_COLUMNS, card_records
from cards.making.models import PasswordSet
from cards.making.schemas import MakingBatchIn
from cards.making.service import create_batch, generate, review_batch
from cards.settings import CardsSettings
from shared.db import Database

ACTOR = {"id": 1, "name": "bench"}


async def main(quantity: int) -> None:
    settings = CardsSettings()
    fresh_database()
    before = load_average()
    db = Database(settings.database_url, pool_size=2)
    try:
        async with db.sessions() as session:
            request = MakingBatchIn(city="南昌", card_type="实体卡", quantity=quantity)
            batch = await create_batch(session, request, ACTOR)
            await session.commit()

        # make: the approval as the API runs it.
        started = time.perf_counter()
        async with db.sessions() as session:
            await review_batch(session, batch.id, True, "", ACTOR)
            await session.commit()
        done = await generate(db, batch.id, settings.password_key)
        make_seconds = time.perf_counter() - started
        assert done is not None and done.status == "done"

        # raw COPY: the same rows, built beforehand (not timed), into an identical empty table.
        async with db.sessions() as session:
            password_set = await session.scalar(select(PasswordSet).where(PasswordSet.making_batch_id == batch.id))
            assert password_set is not None
        build_started = time.perf_counter()
        rows = [
            record
            for chunk in card_records(start=done.seq_start, end=done.seq_end, batch_id=done.id,  # type: ignore[arg-type]
                                      password_set_id=password_set.id, secret=settings.password_key,
                                      seed=b"bench-seed", city=done.city, card_type=done.card_type)
            for record in chunk
        ]
        build_seconds = time.perf_counter() - build_started
        import asyncpg

        conn = await asyncpg.connect(db.asyncpg_dsn)
        try:
            await conn.execute("DROP TABLE IF EXISTS cards_raw_copy")
            await conn.execute("CREATE TABLE cards_raw_copy (LIKE cards INCLUDING ALL)")
            started = time.perf_counter()
            async with conn.transaction():
                await conn.copy_records_to_table("cards_raw_copy", records=rows, columns=COPY_COLUMNS)
            raw_seconds = time.perf_counter() - started
            count = await conn.fetchval("SELECT count(*) FROM cards WHERE making_batch_id = $1", done.id)
            await conn.execute("DROP TABLE cards_raw_copy")
        finally:
            await conn.close()
    finally:
        await db.dispose()

    print(f"cards made:            {count:,}")
    print(f"make (approval path):  {make_seconds:.2f} s  ({quantity / make_seconds:,.0f} cards/s)  goal <= 20 s")
    print(f"raw COPY, same rows:   {raw_seconds:.2f} s  (rows built beforehand in {build_seconds:.2f} s, not timed)")
    print(f"make speed vs raw COPY: {raw_seconds / make_seconds:.2f}x  goal >= 0.5x")
    print(f"before: {before}; after: {load_average()}")


if __name__ == "__main__":
    configure()
    parser = argparse.ArgumentParser()
    parser.add_argument("--quantity", type=int, default=1_000_000)
    asyncio.run(main(parser.parse_args().quantity))
