"""Events the CRM publishes."""

from __future__ import annotations

from datetime import date, datetime

from shared.events.common import Actor
from shared.events.envelope import EventModel
from shared.money import Money


class CustomerSnapshot(EventModel):
    """What other services need to show and group a customer."""

    customer_id: int
    name: str
    level: str | None = None  # A/B/C/D
    industry: str | None = None
    owner_id: int | None = None  # None: in the public pool
    owner_name: str = ""
    dept_id: int | None = None
    dept_name: str = ""
    review_status: str = ""
    deleted: bool = False
    # Monotonic per customer so a consumer can ignore an older snapshot that arrives late.
    revision: int = 1


class CustomerCreated(CustomerSnapshot):
    """A new customer record, with its owner, department and review status."""

    event_name = "CustomerCreated"


class CustomerUpdated(CustomerSnapshot):
    """A customer's current record after a change: an edit, a review, a delete or a restore."""

    event_name = "CustomerUpdated"


class CustomerOwnerChanged(EventModel):
    """A customer moved to another owner, or to the public pool (new owner without id), with its open contracts."""

    event_name = "CustomerOwnerChanged"
    customer_id: int
    customer_name: str
    change_id: int | None = None  # the owner-change request, when one was reviewed
    old_owner: Actor = Actor()
    new_owner: Actor = Actor()  # id None: moved to the public pool
    new_dept_id: int | None = None
    new_dept_name: str = ""
    contract_ids: list[int] = []
    reason: str = ""
    approved_by: Actor = Actor()
    changed_at: datetime


class ContractApproved(EventModel):
    """Opens the contract's card entitlement in cards and feeds the sales report."""

    event_name = "ContractApproved"
    contract_id: int
    contract_no: str
    contract_name: str
    parent_id: int | None = None
    contract_type: str = "体检卡"
    customer_id: int
    customer_name: str
    owner_id: int | None = None
    owner_name: str = ""
    dept_id: int | None = None
    dept_name: str = ""
    amount: Money
    red_packet_amount: Money = 0  # type: ignore[assignment]
    total_cards: int
    card_type: str = ""
    # Activation plan defaults per card (cards may override them per activation).
    face_value_per_card: Money | None = None
    red_packet_per_card: Money | None = None
    start_date: date | None = None
    end_date: date | None = None
    signed_at: datetime | None = None
    approved_by: Actor = Actor()
    approved_at: datetime


class ContractClosed(EventModel):
    """Which contract, and why: what a rejection and a void both say."""

    contract_id: int
    contract_no: str
    contract_name: str
    customer_id: int
    customer_name: str
    owner_id: int | None = None
    reason: str = ""


class ContractRejected(ContractClosed):
    """A contract rejected at review (审核不通过), with the reason; it may be edited and resubmitted."""

    event_name = "ContractRejected"
    rejected_by: Actor = Actor()
    rejected_at: datetime


class ContractVoided(ContractClosed):
    """An approved contract voided (作废): cards may no longer be issued against it and it leaves the
    sales report. Only a contract without payments can be voided, so no money moves with it."""

    event_name = "ContractVoided"
    amount: Money
    voided_by: Actor = Actor()
    voided_at: datetime


class PaymentSnapshot(EventModel):
    """A payment's whole state; `revision` orders changes so late or duplicated events settle right."""

    payment_id: int
    revision: int
    contract_id: int
    contract_no: str = ""
    contract_name: str = ""
    customer_id: int
    customer_name: str = ""
    owner_id: int | None = None
    owner_name: str = ""
    dept_id: int | None = None
    dept_name: str = ""
    amount: Money
    method: str = ""  # 银行转账/现金/支付宝/其他
    received_at: datetime  # 到账时间
    changed_by: Actor = Actor()


class PaymentRecorded(PaymentSnapshot):
    """A payment received against an approved contract (回款)."""

    event_name = "PaymentRecorded"


class PaymentChanged(PaymentSnapshot):
    """A payment edited: its whole new state, at a higher revision."""

    event_name = "PaymentChanged"


class PaymentDeleted(PaymentSnapshot):
    """A payment deleted: its last state, at a higher revision, so reports take it back."""

    event_name = "PaymentDeleted"
