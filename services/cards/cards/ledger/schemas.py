"""Responses of the card ledger: the internal debit and credit, and ledger entries as listed."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from cards.common import ResponseModel
from cards.ledger.models import EntryKind
from shared.money import SignedMoney


class LedgerEntryBody(ResponseModel):
    """A debit or refund entry as the ledger's callers see it: amounts as positive decimal strings."""

    entry_id: int
    card_id: int
    card_no: str
    amount: SignedMoney
    red_packet_part: SignedMoney
    balance_part: SignedMoney
    balance_after: SignedMoney
    red_packet_after: SignedMoney


class LedgerEntryOut(ResponseModel):
    """A ledger entry as the admin and member views list it (signed parts: + in, - out)."""

    id: int
    kind: EntryKind
    kind_label: str
    amount: SignedMoney
    balance_part: SignedMoney
    red_packet_part: SignedMoney
    balance_after: SignedMoney
    red_packet_after: SignedMoney
    order_ref: str | None = Field(description="订单引用（消费/退款）")
    context: str
    member_id: int | None
    memo: str
    created_at: datetime
