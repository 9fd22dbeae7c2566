"""Requests and responses of the member's card routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from cards.cards.state import CardStatus, UseStatus
from cards.common import ResponseModel
from cards.ledger.schemas import LedgerEntryOut
from shared.money import SignedMoney
from shared.types import ListPage, Text


class BindIn(BaseModel):
    card_no: Annotated[Text, StringConstraints(min_length=1, max_length=32)]
    # Never logged, never echoed: only compared with the stored keyed hash.
    password: str = Field(..., min_length=1, max_length=32, repr=False)


class MemberCard(ResponseModel):
    id: int
    card_no: str
    card_type: str
    card_kind: str
    customer_name: str
    status: CardStatus
    use_status: UseStatus
    face_value: SignedMoney
    balance: SignedMoney
    red_packet_balance: SignedMoney
    red_packet_used: SignedMoney
    red_packet_expires_at: datetime | None
    activated_at: datetime | None
    valid_from: datetime | None
    effective_until: datetime | None
    bound_at: datetime | None


class MemberCards(ResponseModel):
    data_list: list[MemberCard]


class MemberLedgerPage(ListPage[LedgerEntryOut]):
    pass
