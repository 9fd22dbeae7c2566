"""Responses of 红包管理 and the list's filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cards.common import ResponseModel
from cards.ledger.models import EntryKind
from shared.events.common import Actor
from shared.money import SignedMoney
from shared.types import ListPage, Option


class RedPacketState(StrEnum):
    WAITING = "waiting"  # granted, the card not yet activated
    AVAILABLE = "available"
    USED_UP = "used_up"
    EXPIRED = "expired"


RED_PACKET_STATE_LABELS = {
    RedPacketState.WAITING: "待激活",
    RedPacketState.AVAILABLE: "可使用",
    RedPacketState.USED_UP: "已用完",
    RedPacketState.EXPIRED: "已过期",
}


@dataclass(frozen=True)
class RedPacketFilters:
    card_no_from: str | None = None
    card_no_to: str | None = None
    customer_id: int | None = None
    activation_id: int | None = None
    state: RedPacketState | None = None


class RedPacketRow(ResponseModel):
    card_id: int
    card_no: str
    customer_id: int | None
    customer_name: str
    contract_name: str
    activation_batch_no: str
    owner: Actor
    red_packet_amount: SignedMoney
    red_packet_used: SignedMoney
    red_packet_balance: SignedMoney
    red_packet_expired: SignedMoney
    red_packet_expires_at: datetime | None
    state: RedPacketState
    state_label: str


class RedPacketEntry(ResponseModel):
    id: int
    kind: EntryKind
    kind_label: str
    red_packet_part: SignedMoney
    red_packet_after: SignedMoney
    order_ref: str | None
    context: str
    memo: str
    created_at: datetime


class RedPacketDetail(RedPacketRow):
    entries: list[RedPacketEntry]


class RedPacketPage(ListPage[RedPacketRow]):
    state_list: list[Option] | None = None
