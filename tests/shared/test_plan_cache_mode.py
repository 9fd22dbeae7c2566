"""A part's `db_plan_cache_mode` reaches every connection of its pool (sent with the startup packet, so no
request pays a round trip for it), and the default leaves PostgreSQL's own choice alone."""

from __future__ import annotations

from sqlalchemy import text

from mall.settings import MallSettings, get_settings
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


def test_mall_plans_its_order_statements_once() -> None:
    # The order path's two large statements re-planned on every call cost PostgreSQL about 0.3 ms each
    # (bench/README.md); mall's other statements are small, fixed and fine with a generic plan.
    assert MallSettings().db_plan_cache_mode == "force_generic_plan"
