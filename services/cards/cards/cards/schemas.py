"""Requests and responses of 卡片管理, and the list's filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from cards.cards.state import CardAction, CardStatus, UseStatus
from cards.common import Reason, ResponseModel
from cards.ledger.schemas import LedgerEntryOut
from shared.events.common import Actor
from shared.money import SignedMoney
from shared.types import Integer, ListPage, Option


class ReasonIn(BaseModel):
    reason: Reason = Field("", description="原因（记入操作记录）")


class ExtendIn(BaseModel):
    days: Integer | None = Field(None, ge=1, le=3650, description="延长天数")
    effective_until: AwareDatetime | None = Field(None, description="或：新的有效结束时间")
    reason: Reason = ""

    @model_validator(mode="after")
    def _one_of(self) -> ExtendIn:
        if (self.days is None) == (self.effective_until is None):
            raise ValueError("days 与 effective_until 须且只须填一个")
        return self


@dataclass(frozen=True)
class CardFilters:
    """The list's and the export's filters (built from the query by the router)."""

    card_no_from: str | None = None
    card_no_to: str | None = None
    status: CardStatus | None = None
    use_status: UseStatus | None = None
    customer_id: int | None = None
    contract_id: int | None = None
    owner_id: int | None = None
    making_batch_id: int | None = None
    activation_id: int | None = None
    activation_batch_no: str | None = None
    city: str | None = None
    card_type: str | None = None
    card_kind: str | None = None
    member_id: int | None = None
    member_phone: str | None = None
    keyword: str | None = None


class CardRow(ResponseModel):
    """A card as lists show it: never the password hash, the member's phone masked."""

    id: int
    card_no: str
    card_type: str
    card_kind: str
    making_batch_id: int
    activation_id: int | None
    activation_batch_no: str
    city: str
    member_id: int | None
    member_phone: str
    customer_id: int | None
    customer_name: str
    contract_id: int | None
    contract_name: str
    owner: Actor
    face_value: SignedMoney
    balance: SignedMoney
    red_packet_amount: SignedMoney
    red_packet_used: SignedMoney
    red_packet_balance: SignedMoney
    status: CardStatus
    status_label: str
    use_status: UseStatus
    use_status_label: str
    valid_from: datetime | None
    valid_until: datetime | None
    effective_until: datetime | None
    latest_activation_at: datetime | None
    auto_activate_at: datetime | None
    activated_at: datetime | None
    activation_mode: str
    red_packet_expires_at: datetime | None
    issued_at: datetime | None
    created_at: datetime
    updated_at: datetime


class OperationOut(ResponseModel):
    id: int
    action: CardAction
    action_label: str
    from_status: str
    to_status: str
    from_use_status: str
    to_use_status: str
    detail: dict[str, Any]
    reason: str
    created_by: Actor
    created_at: datetime


class CardDetail(CardRow):
    operations: list[OperationOut]


class CardOperated(CardRow):
    """The card after an operation, with the operation's record."""

    operation: OperationOut


class CardPage(ListPage[CardRow]):
    status_list: list[Option] | None = None
    use_status_list: list[Option] | None = None
    card_type_list: list[Option] | None = None
    city_list: list[Option] | None = None
    customer_list: list[Option] | None = None
    owner_list: list[Option] | None = None
    making_batch_list: list[Option] | None = None
    activation_list: list[Option] | None = None


class LedgerPage(ListPage[LedgerEntryOut]):
    kind_list: list[Option] | None = None
