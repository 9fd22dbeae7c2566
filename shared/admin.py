"""Operator commands the start and test scripts call: `python -m shared.admin <command>`.

  check-services       PostgreSQL, RabbitMQ and Redis reachable? Says which is not, where, and how to start it.
  ensure-keys          the gateway's Ed25519 identity key pair (dev keys under var/keys/ when missing)
  create-databases     one database per part, if missing (names follow SUITE_DB_PREFIX)
  drop-databases       drops them (test runs use this to start clean); refuses the unprefixed names the
                       running suite uses unless --i-mean-the-live-data is given
  migrate [PART ...]   Alembic upgrade head for each part (default: all)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

from shared.settings import REPO_ROOT, SERVICES, SuiteSettings, asyncpg_dsn

PARTS: tuple[str, ...] = ("gateway", *SERVICES)

HOW_TO_START = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "RabbitMQ": "rabbitmq-server -detached",
    "Redis": 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
}


def part_dir(part: str) -> Path:
    return REPO_ROOT / "gateway" if part == "gateway" else REPO_ROOT / "services" / part


def _database_url(suite: SuiteSettings, part: str) -> str:
    override = os.environ.get(f"{part.upper()}_DATABASE_URL")
    return override or suite.database_url(part)


async def _check_postgres(suite: SuiteSettings) -> str | None:
    import asyncpg

    url = asyncpg_dsn(suite.database_url_template.format(db="postgres"))
    try:
        conn = await asyncio.wait_for(asyncpg.connect(url), timeout=3)
        await conn.close()
        return None
    except Exception as exc:
        return f"{exc.__class__.__name__}: {exc}"


async def _check_rabbitmq(suite: SuiteSettings) -> str | None:
    import aio_pika

    try:
        conn = await asyncio.wait_for(aio_pika.connect(suite.amqp_url), timeout=3)
        await conn.close()
        return None
    except Exception as exc:
        return f"{exc.__class__.__name__}: {exc}"


async def _check_redis(suite: SuiteSettings) -> str | None:
    from redis.asyncio import Redis

    client = Redis.from_url(suite.redis_url, socket_connect_timeout=3)
    try:
        await client.ping()
        return None
    except Exception as exc:
        return f"{exc.__class__.__name__}: {exc}"
    finally:
        await client.aclose()


def _redact(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@")
    return url


async def check_services(suite: SuiteSettings) -> int:
    checks = {
        "PostgreSQL": (_check_postgres(suite), suite.database_url_template.format(db="postgres")),
        "RabbitMQ": (_check_rabbitmq(suite), suite.amqp_url),
        "Redis": (_check_redis(suite), suite.redis_url),
    }
    results = await asyncio.gather(*(c for c, _ in checks.values()))
    failed = 0
    for (name, (_, url)), error in zip(checks.items(), results, strict=True):
        if error:
            failed += 1
            print(f"✗ {name} is not reachable at {_redact(url)}\n    {error}\n    start it with: {HOW_TO_START[name]}")
    if not failed:
        print("✓ PostgreSQL, RabbitMQ and Redis are reachable")
    return 1 if failed else 0


def ensure_keys(suite: SuiteSettings) -> int:
    if suite.identity_private_key or suite.identity_private_key_file.exists():
        return 0
    from shared.identity import new_identity_key_pair

    private, public = new_identity_key_pair()
    suite.identity_private_key_file.parent.mkdir(parents=True, exist_ok=True)
    suite.identity_private_key_file.write_text(private)
    suite.identity_private_key_file.chmod(0o600)
    suite.identity_public_key_file.write_text(public)
    print(f"generated a dev identity key pair in {suite.identity_private_key_file.parent}")
    return 0


async def _admin_connection(suite: SuiteSettings):  # type: ignore[no-untyped-def]
    import asyncpg

    return await asyncpg.connect(asyncpg_dsn(suite.database_url_template.format(db="postgres")))


async def create_databases(suite: SuiteSettings, parts: tuple[str, ...] = PARTS) -> int:
    conn = await _admin_connection(suite)
    try:
        for part in parts:
            name = urlparse(asyncpg_dsn(_database_url(suite, part))).path.lstrip("/")
            exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            if not exists:
                await conn.execute(f'CREATE DATABASE "{name}"')
                print(f"created database {name}")
    finally:
        await conn.close()
    return 0


async def drop_databases(suite: SuiteSettings, parts: tuple[str, ...] = PARTS) -> int:
    conn = await _admin_connection(suite)
    try:
        for part in parts:
            name = urlparse(asyncpg_dsn(_database_url(suite, part))).path.lstrip("/")
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
    return 0


def migrate(suite: SuiteSettings, parts: tuple[str, ...]) -> int:
    from shared.migrations import upgrade

    for part in parts:
        upgrade(part_dir(part), _database_url(suite, part))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.admin", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check-services", "ensure-keys", "create-databases", "drop-databases",
                                            "migrate"])
    parser.add_argument("parts", nargs="*", help="parts to act on (default: all)")
    parser.add_argument("--i-mean-the-live-data", action="store_true", dest="live",
                        help="let drop-databases drop databases without a SUITE_DB_PREFIX")
    args = parser.parse_args(argv)
    suite = SuiteSettings()
    parts = tuple(args.parts) or PARTS
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    if args.command == "check-services":
        return asyncio.run(check_services(suite))
    if args.command == "ensure-keys":
        return ensure_keys(suite)
    if args.command == "create-databases":
        return asyncio.run(create_databases(suite, parts))
    if args.command == "drop-databases":
        if not suite.db_prefix and not args.live:
            print("refusing to drop the suite's own databases (SUITE_DB_PREFIX is empty); "
                  "pass --i-mean-the-live-data if that is really what you want", file=sys.stderr)
            return 2
        return asyncio.run(drop_databases(suite, parts))
    return migrate(suite, parts)


if __name__ == "__main__":
    sys.exit(main())
