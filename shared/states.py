"""A status machine given as data: the moves that exist, the WHERE of a conditional move, the 409 of a refused one.

Each ordering service (health, mall, escort) declares its statuses, labels and transitions in its
`orders/states.py` and gets the three operations from here; the domain pages in docs/domains/ draw them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from shared.problems import Problem

Status = TypeVar("Status", bound=StrEnum)


class StatusMachine(Generic[Status]):
    def __init__(self, transitions: Mapping[Status, frozenset[Status]], labels: Mapping[str, str]) -> None:
        self.transitions = transitions
        self.labels = labels
        # Plain strings become members before a lookup, so an unknown status fails loudly instead of matching nothing.
        self._status = type(next(iter(transitions)))

    def can_move(self, current: str, target: str) -> bool:
        return self._status(target) in self.transitions[self._status(current)]

    def sources_of(self, target: Status) -> list[str]:
        """Statuses from which `target` may be reached: the WHERE of a conditional status update."""
        return [s.value for s, targets in self.transitions.items() if target in targets]

    def refuse_move(self, current: str, target: Status) -> Problem:
        return Problem(
            409,
            "invalid_status_transition",
            f"订单状态为{self.labels.get(current, current)}，不能变为{self.labels[target]}",
            current_status=current,
        )
