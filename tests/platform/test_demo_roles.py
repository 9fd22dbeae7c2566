"""The gateway's demo seed (gateway/gateway/demo.py) on a database it seeded earlier, against the real
PostgreSQL (the run's gateway database): the demo roles it owns are brought to the codes it declares now,
roles staff made are left alone, and a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from gateway.auth.passwords import Passwords
from gateway.demo import ROLES, SALES_CODES, load_demo
from gateway.settings import GatewaySettings
from shared.db import Database

# What an older seed gave the salesperson besides today's codes: exporting and approving.
OLD_SALES_EXTRAS = ["crm:contract:export", "crm:contract:review", "crm:customer:export", "crm:customer:review"]
STAFF_ROLE_CODES = sorted(["crm:customer:list", "crm:customer:export"])


@pytest.fixture
async def gateway_db() -> AsyncIterator[tuple[Database, Passwords]]:
    settings = GatewaySettings(argon2_time_cost=1, argon2_memory_cost=1024, argon2_parallelism=1)
    database = Database(settings.database_url, pool_size=2)
    passwords = Passwords(settings)
    async with database.sessions() as session:
        await load_demo(session, passwords, "admin123")  # a demo database made earlier (or just now)
    yield database, passwords
    async with database.engine.begin() as conn:
        await conn.execute(text("DELETE FROM roles WHERE code IN ('sales_team_b', 'finance_renamed')"))
        await conn.execute(text("UPDATE roles SET code = 'finance' WHERE id = 5"))
    async with database.sessions() as session:
        await load_demo(session, passwords, "admin123")
    await database.dispose()


async def roles_by_code(db: Database) -> dict[str, tuple[list[str], int, str]]:
    async with db.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT code, permissions, version, created_by_name FROM roles"))).all()
    return {code: (sorted(permissions), version, creator) for code, permissions, version, creator in rows}


async def test_an_existing_demo_database_gets_the_seeds_role_codes_and_staff_roles_stay(gateway_db) -> None:
    db, passwords = gateway_db
    declared = {code: codes for _, _, code, _, codes in ROLES}
    assert not set(OLD_SALES_EXTRAS) & set(SALES_CODES)  # the seed's salesperson neither exports nor approves
    async with db.engine.begin() as conn:  # as an older seed left it, and as staff changed things since
        await conn.execute(text("UPDATE roles SET permissions = :codes WHERE code = 'sales'"),
                           {"codes": sorted({*SALES_CODES, *OLD_SALES_EXTRAS})})
        await conn.execute(text("UPDATE roles SET permissions = :codes WHERE code = 'sales_manager'"),
                           {"codes": declared["sales_manager"][1:]})
        # A role staff made, and a demo role staff gave a code of their own: both theirs now.
        await conn.execute(text(
            "INSERT INTO roles (name, code, scope, permissions, created_by_name) "
            "VALUES ('销售二组', 'sales_team_b', 'self', :codes, '周经理')"), {"codes": STAFF_ROLE_CODES})
        await conn.execute(text("UPDATE roles SET code = 'finance_renamed', permissions = :codes WHERE id = 5"),
                           {"codes": STAFF_ROLE_CODES})
    before = await roles_by_code(db)

    async with db.sessions() as session:
        created = await load_demo(session, passwords, "admin123")
    after = await roles_by_code(db)
    assert created["roles_updated"] == 2 and created["roles"] == 0
    assert after["sales"][0] == declared["sales"] == sorted(set(SALES_CODES))
    assert after["sales_manager"][0] == declared["sales_manager"]
    for code in ("sales", "sales_manager"):  # a console edit opened on the old codes gets a conflict
        assert after[code][1] == before[code][1] + 1
    for code in ("admin", "ops", "sales_team_b", "finance_renamed"):
        assert after[code] == before[code]
    assert after["sales_team_b"][0] == after["finance_renamed"][0] == STAFF_ROLE_CODES

    async with db.sessions() as session:  # idempotent: nothing left to bring in line
        again = await load_demo(session, passwords, "admin123")
    assert again["roles_updated"] == 0 and await roles_by_code(db) == after
