"""Requests and responses of the member's card routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from cards.cards.state import CardStatus, UseStatus
from cards.common import ResponseModel
from cards.ledger.schemas import LedgerEntryOut
from shared.money import SignedMoney
from shared.types import Id, ListPage, Text


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


class HolderIn(BaseModel):
    member_id: Id


class HeldCard(ResponseModel):
    card_id: int
    card_no: str
    customer_id: int | None
    customer_name: str
    card_kind: str  # 卡片种类: the contract's card type
    card_type: str  # 卡片类型: 实体卡 / 电子卡
    effective_until: datetime | None


class HeldCards(ResponseModel):
    """A member's active cards (已激活, 已充值, within validity): whose customer and which card kind each is."""

    member_id: int
    data_list: list[HeldCard]
