"""A fresh, migrated cards database for a benchmark run.

Names follow SUITE_DB_PREFIX (`bench_`), but the database is `bench_cards_perf` rather than `bench_cards`:
other parts' benchmarks run a cards service on `bench_cards` at the same time, and this one drops and
recreates its database. Set CARDS_DATABASE_URL to choose another.
"""

from __future__ import annotations

import os
import subprocess
import sys


def configure() -> None:
    """Environment of a cards benchmark; call before any settings are read."""
    os.environ.setdefault("SUITE_DB_PREFIX", "bench_")
    os.environ.setdefault("SUITE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("SUITE_REDIS_URL", "redis://127.0.0.1:6379/13")
    os.environ.setdefault("SUITE_BUS_PREFIX", "bench-cards.")
    prefix = os.environ["SUITE_DB_PREFIX"]
    os.environ.setdefault("CARDS_DATABASE_URL", f"postgresql+asyncpg://postgres@127.0.0.1:5432/{prefix}cards_perf")
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def fresh_database() -> None:
    for command in ("drop-databases", "create-databases", "migrate"):
        subprocess.run([sys.executable, "-m", "shared.admin", command, "cards"], check=True, env=os.environ.copy(),
                       stdout=subprocess.DEVNULL)


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"
