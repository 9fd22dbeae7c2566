"""Requests and responses of the card ledger: the internal debit and credit, and ledger entries as listed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from cards.common import CardNo, Reason, ResponseModel
from cards.ledger.models import EntryKind
from shared.money import Money, SignedMoney
from shared.types import Flag, Id, Text

Context = Literal["health", "mall", "escort"]
OrderRef = Annotated[Text, StringConstraints(min_length=1, max_length=128)]


class DebitIn(BaseModel):
    card_no: CardNo | None = None
    card_id: Id | None = None
    amount: Money
    order_ref: OrderRef
    context: Context
    member_id: Id | None = None
    use_red_packet: Flag = True
    memo: Reason = ""

    @model_validator(mode="after")
    def _card_and_amount(self) -> DebitIn:
        if self.card_no is None and self.card_id is None:
            raise ValueError("card_no 与 card_id 至少填一个")
        if self.amount <= 0:
            raise ValueError("金额必须大于 0")
        return self


class CreditIn(BaseModel):
    order_ref: OrderRef  # the refund's own idempotency key
    amount: Money
    # The order_ref of the debit this refunds (part of); absent: the debit of the same order_ref. A later partial
    # refund of one debit has an order_ref of its own and names the debit here.
    debit_ref: OrderRef | None = None
    context: Context
    reason: Reason = ""

    @model_validator(mode="after")
    def _positive(self) -> CreditIn:
        if self.amount <= 0:
            raise ValueError("金额必须大于 0")
        return self


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
