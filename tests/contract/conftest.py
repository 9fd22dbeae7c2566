"""Contract tests over the gateway's merged OpenAPI. They run only with SUITE_CONTRACT_TESTS=1 until every
router declares its responses (issue 15); the schemathesis run starts the whole suite (drillkit's supervisor).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The schemathesis test imports drillkit by name: the root pyproject.toml lists tests/faults in pytest's pythonpath.


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("SUITE_CONTRACT_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="contract tests run with SUITE_CONTRACT_TESTS=1 (issue 15)")
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)
