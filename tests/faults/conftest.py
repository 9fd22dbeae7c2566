"""Fault drills: the suite's real processes (API and worker of crm, cards and reports, under the start command's
supervisor), the business flow of tests/e2e through their HTTP APIs, and one fault per test.

Helpers live in drillkit.py; the broker drill reuses the flaky TCP proxy of tests/platform/bus_testkit.py.
"""

from __future__ import annotations

# The tests import drillkit and bus_testkit by name: the root pyproject.toml lists this folder and
# tests/platform in pytest's pythonpath.
