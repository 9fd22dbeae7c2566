"""Fault drills: the suite's real processes (API and worker of crm, cards and reports, under the start command's
supervisor), the business flow of tests/e2e through their HTTP APIs, and one fault per test.

Helpers live in drillkit.py; the broker drill reuses the flaky TCP proxy of tests/platform/bus_testkit.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The tests import drillkit and bus_testkit by name (pytest runs with --import-mode=importlib).
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "platform"))
