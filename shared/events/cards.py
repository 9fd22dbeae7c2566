"""Events the cards service publishes."""

from __future__ import annotations

from datetime import datetime

from shared.events.common import Actor, CardGroupTotals, CardRange
from shared.events.envelope import EventModel
from shared.money import Money


class CardsMade(EventModel):
    """A making batch finished (制卡): its whole number range is in stock (库存中)."""

    event_name = "CardsMade"
    batch_id: int
    batch_no: str
    city: str = ""
    card_type: str = ""
    quantity: int
    range: CardRange
    approved_by: Actor = Actor()
    made_at: datetime


class CardsIssued(EventModel):
    """An approved issue request (领卡): these ranges now belong to the customer, contract and owner (已领卡)."""

    event_name = "CardsIssued"
    issue_id: int
    contract_id: int
    contract_name: str = ""
    customer_id: int
    customer_name: str = ""
    owner_id: int | None = None
    owner_name: str = ""
    card_type: str = ""
    quantity: int
    ranges: list[CardRange]
    recycled_card_nos: list[str] = []
    approved_by: Actor = Actor()
    issued_at: datetime


class CardsCharged(EventModel):
    """An approved activation batch put face value and red packets on its cards (使用状态 -> 已充值)."""

    event_name = "CardsCharged"
    run_id: str
    groups: list[CardGroupTotals]
    charged_at: datetime


class CardsActivated(EventModel):
    """One activation run (a member's binding, or a scheduler run): ranges and totals, not one event per card."""

    event_name = "CardsActivated"
    run_id: str
    mode: str  # "manual" (bound by a member) | "auto" (scheduler)
    card_count: int
    groups: list[CardGroupTotals]
    activated_at: datetime


class CardsExpired(EventModel):
    """Cards whose validity ended, or red packets that lapsed, in one scheduler run."""

    event_name = "CardsExpired"
    run_id: str
    what: str  # "cards" | "red_packets"
    card_count: int
    groups: list[CardGroupTotals]  # balance_total / red_packet_total: what lapsed
    expired_at: datetime


class RedPacketsGranted(EventModel):
    """An approved red-packet grant (红包发放) put `amount` on each of these cards: totals per customer, contract
    and activation batch (red_packet_total; card_count = cards granted)."""

    event_name = "RedPacketsGranted"
    grant_id: int
    grant_no: str
    amount: Money  # per card
    card_count: int
    groups: list[CardGroupTotals]
    valid_to: datetime
    approved_by: Actor = Actor()
    granted_at: datetime


class RedPacketsRevoked(EventModel):
    """The unused part of a grant taken back (红包撤回), from all its cards or one: red_packet_total per group is
    what left the cards; used amounts stay spent."""

    event_name = "RedPacketsRevoked"
    grant_id: int
    grant_no: str
    card_count: int
    groups: list[CardGroupTotals]
    reason: str = ""
    revoked_by: Actor = Actor()
    revoked_at: datetime


class CardLedgerEvent(EventModel):
    card_id: int
    card_no: str
    order_ref: str
    entry_id: int
    amount: Money  # total moved: balance part + red packet part
    balance_part: Money
    red_packet_part: Money
    balance_after: Money
    red_packet_after: Money
    member_id: int | None = None
    customer_id: int | None = None
    contract_id: int | None = None
    activation_id: int | None = None
    activation_batch_no: str = ""
    context: str = ""  # "health" | "mall" | "escort": who spent or refunded
    occurred_at: datetime


class CardDebited(CardLedgerEvent):
    """An order paid from a card (消费), idempotent by order_ref; red packets go first unless the order says no."""

    event_name = "CardDebited"


class CardCredited(CardLedgerEvent):
    """A refund put back on a card (退款), idempotent by order_ref; at most the amount debited for that order."""

    event_name = "CardCredited"
