"""The card state machine (docs/domains/cards.md) in one place.

卡片状态: 库存中 -> 已领卡 -> 已激活 -> 已过期 (by date); 作废 from 库存中 or 已领卡; every other move is refused.
使用状态: 未充值 -> 已充值 (an approved activation batch); 冻结 from 未充值/已充值, 解冻 back to what it was.

Every operation, whether one card over HTTP or a set-based UPDATE over 100,000 rows, asks this module
which states it may start from (`sources`) and where it leads (`target`), so no code path has its own idea.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.problems import Problem
from shared.states import LabelledEnum


class CardStatus(LabelledEnum):
    IN_STOCK = "in_stock", "库存中"
    ISSUED = "issued", "已领卡"
    ACTIVATED = "activated", "已激活"
    EXPIRED = "expired", "已过期"
    VOIDED = "voided", "已作废"


STATUS_LABELS = CardStatus.labels()


class UseStatus(LabelledEnum):
    UNCHARGED = "uncharged", "未充值"
    CHARGED = "charged", "已充值"
    FROZEN = "frozen", "已冻结"


USE_STATUS_LABELS = UseStatus.labels()


class CardAction(LabelledEnum):
    ISSUE = "issue", "领卡"  # 领卡审核通过
    ACTIVATE = "activate", "激活"  # member binding or the scheduler
    EXPIRE = "expire", "过期"  # the scheduler, when the validity ends
    VOID = "void", "作废"
    EXTEND = "extend", "延期"  # stays 已激活, the validity end moves
    CHARGE = "charge", "充值"  # 激活批次审核通过: face value and red packets on the card
    FREEZE = "freeze", "冻结"
    UNFREEZE = "unfreeze", "解冻"


ACTION_LABELS = CardAction.labels()


# The only moves of 卡片状态: (from, to) -> the action that makes it.
STATUS_MOVES: dict[tuple[CardStatus, CardStatus], CardAction] = {
    (CardStatus.IN_STOCK, CardStatus.ISSUED): CardAction.ISSUE,
    (CardStatus.ISSUED, CardStatus.ACTIVATED): CardAction.ACTIVATE,
    (CardStatus.ACTIVATED, CardStatus.EXPIRED): CardAction.EXPIRE,
    (CardStatus.IN_STOCK, CardStatus.VOIDED): CardAction.VOID,
    (CardStatus.ISSUED, CardStatus.VOIDED): CardAction.VOID,
}


@dataclass(frozen=True)
class Rule:
    """Where an action may start (card status and use status) and the card status it leaves behind."""

    statuses: frozenset[CardStatus]
    use_statuses: frozenset[UseStatus]
    target: CardStatus | None  # None: the card status stays as it is


_ANY_USE = frozenset(UseStatus)

RULES: dict[CardAction, Rule] = {
    CardAction.ISSUE: Rule(frozenset({CardStatus.IN_STOCK}), frozenset({UseStatus.UNCHARGED}), CardStatus.ISSUED),
    # Only a charged card can be activated: a frozen or uncharged one waits.
    CardAction.ACTIVATE: Rule(frozenset({CardStatus.ISSUED}), frozenset({UseStatus.CHARGED}), CardStatus.ACTIVATED),
    CardAction.EXPIRE: Rule(frozenset({CardStatus.ACTIVATED}), _ANY_USE, CardStatus.EXPIRED),
    CardAction.VOID: Rule(frozenset({CardStatus.IN_STOCK, CardStatus.ISSUED}), _ANY_USE, CardStatus.VOIDED),
    CardAction.EXTEND: Rule(frozenset({CardStatus.ACTIVATED}), _ANY_USE, None),
    CardAction.CHARGE: Rule(frozenset({CardStatus.ISSUED}), frozenset({UseStatus.UNCHARGED}), None),
    CardAction.FREEZE: Rule(
        frozenset({CardStatus.ISSUED, CardStatus.ACTIVATED}),
        frozenset({UseStatus.UNCHARGED, UseStatus.CHARGED}),
        None,
    ),
    CardAction.UNFREEZE: Rule(
        frozenset({CardStatus.ISSUED, CardStatus.ACTIVATED}), frozenset({UseStatus.FROZEN}), None
    ),
}

# Every action that changes 卡片状态 must be one of the listed moves (checked at import, and by the tests).
for _action, _rule in RULES.items():
    if _rule.target is not None:
        for _source in _rule.statuses:
            if STATUS_MOVES.get((_source, _rule.target)) is not _action:
                raise RuntimeError(f"{_action}: {_source} -> {_rule.target} is not a move of the state machine")


def can_move(source: CardStatus, target: CardStatus) -> bool:
    return (source, target) in STATUS_MOVES


def sources(action: CardAction) -> list[str]:
    """Card statuses `action` may start from, for `status = ANY(:sources)` in set-based SQL."""
    return sorted(s.value for s in RULES[action].statuses)


def use_sources(action: CardAction) -> list[str]:
    return sorted(s.value for s in RULES[action].use_statuses)


def allowed(action: CardAction, status: str, use_status: str) -> bool:
    rule = RULES[action]
    return CardStatus(status) in rule.statuses and UseStatus(use_status) in rule.use_statuses


def check(action: CardAction, status: str, use_status: str) -> None:
    """Refuses `action` on a card in (status, use_status) with a 409 that names both."""
    if not allowed(action, status, use_status):
        raise Problem(
            409,
            "invalid_state_transition",
            f"卡片当前为「{STATUS_LABELS[CardStatus(status)]}/{USE_STATUS_LABELS[UseStatus(use_status)]}」，"
            f"不能{ACTION_LABELS[action]}",
            action=action.value,
            card_status=status,
            use_status=use_status,
        )
