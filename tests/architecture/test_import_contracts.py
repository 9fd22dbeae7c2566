"""The architecture rules of .importlinter hold for the code as it is, and each rule would catch a breach.

The first test is the check itself (the same as `.venv/bin/lint-imports`): no part imports another, shared
imports no part, and domain folders keep their layers (router -> service -> models). The second adds one
forbidden import per rule to the real import graph and expects that rule to break, so a contract that
matches nothing (a misspelt package, a container wildcard that finds no domain folder) cannot pass silently.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

import grimp
import pytest
from importlinter.api import read_configuration  # the public API; importing it configures import-linter
from importlinter.application.use_cases import SUCCESS, lint_imports
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.independence import IndependenceContract
from importlinter.contracts.layers import LayersContract
from importlinter.domain.contract import Contract

CONFIG = Path(__file__).resolve().parents[2] / ".importlinter"
CONTRACT_TYPES: dict[str, type[Contract]] = {
    "independence": IndependenceContract,
    "forbidden": ForbiddenContract,
    "layers": LayersContract,
}


def test_the_code_keeps_every_architecture_contract() -> None:
    # The report (which contract broke, through which import chain) is printed: pytest shows it on failure.
    assert lint_imports(config_filename=str(CONFIG), cache_dir=None, no_logo=True) == SUCCESS


@pytest.fixture(scope="module")
def contracts() -> dict[str, tuple[type[Contract], dict[str, Any], dict[str, Any]]]:
    configuration = read_configuration(str(CONFIG))
    return {
        contract["id"]: (CONTRACT_TYPES[contract["type"]], configuration["session_options"], contract)
        for contract in configuration["contracts_options"]
    }


@pytest.fixture(scope="module")
def graph(contracts: dict[str, Any]) -> grimp.ImportGraph:
    _, session_options, _ = next(iter(contracts.values()))
    return grimp.build_graph(*session_options["root_packages"], cache_dir=None)


@pytest.mark.parametrize(
    ("contract_id", "importer", "imported"),
    [
        ("parts-are-independent", "crm.handlers", "cards.main"),
        ("parts-are-independent", "gateway.main", "reports.main"),
        ("shared-imports-no-part", "shared.db", "health.main"),
        ("domain-layers", "crm.customers.service", "crm.customers.router"),
        ("domain-layers", "gateway.staff.models", "gateway.staff.service"),
        ("domain-layers", "health.orders.models", "health.orders.router"),
    ],
)
def test_each_contract_breaks_on_a_forbidden_import(
    contracts: dict[str, tuple[type[Contract], dict[str, Any], dict[str, Any]]],
    graph: grimp.ImportGraph,
    contract_id: str,
    importer: str,
    imported: str,
) -> None:
    contract_class, session_options, contract_options = contracts[contract_id]
    breached = deepcopy(graph)
    breached.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
    contract = contract_class(
        name=contract_options["name"], session_options=session_options, contract_options=contract_options
    )
    assert contract.check(deepcopy(graph), verbose=False).kept
    assert not contract.check(breached, verbose=False).kept
