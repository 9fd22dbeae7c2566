"""A part's `db_plan_cache_mode` reaches every connection of its pool (sent with the startup packet, so no
request pays a round trip for it), and the default leaves PostgreSQL's own choice alone."""

from __future__ import annotations

from sqlalchemy import text

from mall.settings import get_settings
from shared.db import Database


async def _mode(database: Database) -> str:
    try:
        async with database.engine.connect() as conn:
            return str(await conn.scalar(text("SHOW plan_cache_mode")))
    finally:
        await database.dispose()


async def test_the_setting_reaches_the_connection() -> None:
    url = get_settings().database_url
    assert await _mode(Database(url, plan_cache_mode="force_generic_plan")) == "force_generic_plan"
    assert await _mode(Database(url)) == "auto"
