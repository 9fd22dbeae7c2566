"""The order status machine (pure): the moves that exist and the ones refused."""

from __future__ import annotations

import pytest

from health.orders.states import STATUS_LABELS, TRANSITIONS, OrderStatus, can_move, refuse_move, sources_of
from shared.problems import Problem


def test_every_status_has_a_label_and_a_row() -> None:
    assert set(TRANSITIONS) == set(OrderStatus)
    assert [STATUS_LABELS[s] for s in OrderStatus] == ["待支付", "已预约", "已到检", "已完成", "已取消", "已退款"]


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("pending_payment", "booked", True),
        ("booked", "checked_in", True),
        ("checked_in", "completed", True),
        ("booked", "cancelled", True),
        ("cancelled", "refunded", True),
        ("booked", "completed", False),  # no completion without a check-in
        ("checked_in", "cancelled", False),  # checked in: the checkup is under way
        ("completed", "cancelled", False),
        ("refunded", "booked", False),
        ("cancelled", "booked", False),
        ("pending_payment", "checked_in", False),
    ],
)
def test_moves(current: str, target: str, allowed: bool) -> None:
    assert can_move(current, target) is allowed


def test_terminal_statuses_and_sources() -> None:
    assert TRANSITIONS[OrderStatus.COMPLETED] == frozenset() and TRANSITIONS[OrderStatus.REFUNDED] == frozenset()
    assert sources_of(OrderStatus.REFUNDED) == ["pending_payment", "cancelled"]
    problem = refuse_move("completed", OrderStatus.CANCELLED)
    assert isinstance(problem, Problem) and problem.status == 409 and "已完成" in problem.detail
