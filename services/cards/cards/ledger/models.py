"""The card ledger: one row per balance change; the card row holds the running balances."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import BigInteger, DateTime, Index, Numeric, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from cards.db import Base

MONEY = Numeric(14, 2)


class EntryKind(StrEnum):
    RECHARGE = "recharge"  # face value put on the card (activation approved)
    RED_PACKET_GRANT = "red_packet_grant"
    DEBIT = "debit"  # an order paid (balance and/or red packet part)
    REFUND = "refund"  # an order refunded
    RED_PACKET_EXPIRY = "red_packet_expiry"
    CARD_EXPIRY = "card_expiry"  # the card's validity ended: what was left lapses
    VOID = "void"  # the card was voided with money on it
    RED_PACKET_REVOKE = "red_packet_revoke"  # the unused part of a granted red packet taken back


ENTRY_KIND_LABELS = {
    EntryKind.RECHARGE: "充值",
    EntryKind.RED_PACKET_GRANT: "红包发放",
    EntryKind.DEBIT: "消费",
    EntryKind.REFUND: "退款",
    EntryKind.RED_PACKET_EXPIRY: "红包过期",
    EntryKind.CARD_EXPIRY: "卡片过期",
    EntryKind.VOID: "作废清零",
    EntryKind.RED_PACKET_REVOKE: "红包撤回",
}


class LedgerEntry(Base):
    """`balance_part` and `red_packet_part` are signed; per card they sum to the card's balances."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    card_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)  # balance_part + red_packet_part
    balance_part: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    red_packet_part: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    balance_after: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    red_packet_after: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    order_ref: Mapped[str | None] = mapped_column(String(128))
    context: Mapped[str] = mapped_column(String(16), server_default="")
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    activation_id: Mapped[int | None] = mapped_column(BigInteger)
    memo: Mapped[str] = mapped_column(String(255), server_default="")
    # A refund: the debit it gives (part of) back. Several partial refunds may name one debit; together they
    # never exceed it (checked under the card's lock).
    debit_entry_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_ledger_entries_card_id", "card_id", "id"),
        # One debit and one refund per order reference: the idempotency of the internal API, held by the database.
        Index("uq_ledger_debit_order_ref", "order_ref", unique=True, postgresql_where=text("kind = 'debit'")),
        Index("uq_ledger_refund_order_ref", "order_ref", unique=True, postgresql_where=text("kind = 'refund'")),
        Index("ix_ledger_entries_debit_entry_id", "debit_entry_id", postgresql_where=text("kind = 'refund'")),
    )


class RedPacketRefill(Base):
    """How much a refund (its ledger entry) put back into each granted packet that paid its debit, so a later
    refund of the same debit refills each packet only with what that packet paid and has not had back."""

    __tablename__ = "red_packet_refills"

    entry_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    packet_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
