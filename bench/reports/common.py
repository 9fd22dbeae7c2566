"""Benchmark plumbing: a database of its own (prefix `bench_`), fresh and migrated, and timing helpers."""

from __future__ import annotations

import os
import subprocess
import sys

# Before anything reads settings: the benchmarks never touch the suite's or the tests' databases.
os.environ.setdefault("SUITE_DB_PREFIX", "bench_")
os.environ.setdefault("SUITE_BUS_PREFIX", "bench.")
os.environ.setdefault("SUITE_LOG_LEVEL", "WARNING")


def admin(*command: str) -> None:
    subprocess.run([sys.executable, "-m", "shared.admin", *command], check=True, env=os.environ.copy())


def fresh_database() -> None:
    """Drops, recreates and migrates `bench_reports`."""
    for command in (("drop-databases", "reports"), ("create-databases", "reports"), ("migrate", "reports")):
        admin(*command)


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]
