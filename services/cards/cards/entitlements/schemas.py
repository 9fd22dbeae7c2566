"""Responses of 合同额度 and the list's filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from cards.common import ResponseModel
from shared.events.common import Actor
from shared.money import SignedMoney
from shared.types import ListPage, Option

EntitlementStatus = Literal["approved", "voided"]


@dataclass(frozen=True)
class EntitlementFilters:
    keyword: str | None = None
    customer_id: int | None = None
    contract_id: int | None = None
    owner_id: int | None = None
    dept_id: int | None = None
    status: EntitlementStatus | None = None


class EntitlementOut(ResponseModel):
    contract_id: int
    contract_no: str
    contract_name: str
    parent_id: int | None
    contract_type: str
    customer_id: int
    customer_name: str
    owner: Actor
    dept_id: int | None
    dept_name: str
    card_type: str
    total_cards: int
    issued_cards: int
    remaining_cards: int
    amount: SignedMoney
    red_packet_amount: SignedMoney
    face_value_per_card: SignedMoney | None
    red_packet_per_card: SignedMoney | None
    start_date: date | None
    end_date: date | None
    approved_at: datetime
    approved_by_name: str
    status: EntitlementStatus
    voided_at: datetime | None
    void_reason: str


class EntitlementPage(ListPage[EntitlementOut]):
    customer_list: list[Option] | None = None
    status_list: list[Option] | None = None
