"""Statuses given as data: each with its label, the moves that exist, the WHERE of a conditional move, the 409 of
a refused one.

A status enum names every member's label beside its value (`LabelledEnum`), so no separate label table can miss
a member. Each ordering service (health, mall, escort) declares its statuses and transitions in its
`orders/states.py` and gets the three operations from `StatusMachine`; cards labels its card statuses, use
statuses and actions the same way. The domain pages in docs/domains/ draw the machines.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Generic, Self, TypeVar

from shared.problems import Problem


class LabelledEnum(StrEnum):
    """A StrEnum whose members are written `BOOKED = "booked", "已预约"`: the value, then what a person reads."""

    _value_: str
    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def labels(cls, *hidden: Self) -> dict[str, str]:
        """Value -> label of every member but the `hidden` ones (the lookups, and the option lists of a page)."""
        return {member: member.label for member in cls if member not in hidden}


Status = TypeVar("Status", bound=LabelledEnum)


class StatusMachine(Generic[Status]):
    def __init__(self, transitions: Mapping[Status, frozenset[Status]]) -> None:
        self.transitions = transitions
        # Plain strings become members before a lookup, so an unknown status fails loudly instead of matching nothing.
        self._status = type(next(iter(transitions)))
        self.labels = self._status.labels()

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
