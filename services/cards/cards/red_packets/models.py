"""红包发放: a grant request (one card, a card-number range or an activation batch) and the packets it put on
cards, one per grant and card (docs/domains/cards.md)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, Integer, Numeric, String, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from cards.common import ReviewMixin
from cards.db import Base
from shared.db import AuditMixin

MONEY = Numeric(14, 2)


class RedPacketGrant(AuditMixin, ReviewMixin, Base):
    """A request to put `amount` on every card of a target; review approves (grants) or rejects it."""

    __tablename__ = "red_packet_grants"
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    grant_no: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)  # 发放单号
    target: Mapped[str] = mapped_column(String(16), nullable=False)  # card | range | activation
    card_no_from: Mapped[str] = mapped_column(String(16), server_default="")
    card_no_to: Mapped[str] = mapped_column(String(16), server_default="")
    activation_id: Mapped[int | None] = mapped_column(BigInteger)
    activation_batch_no: Mapped[str] = mapped_column(String(32), server_default="")
    customer_id: Mapped[int | None] = mapped_column(BigInteger)  # only when the target is one customer's batch
    customer_name: Mapped[str] = mapped_column(String(128), server_default="")
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)  # per card
    valid_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # None: from approval
    valid_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # None: valid_days after start
    valid_days: Mapped[int | None] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)  # cards of the target when requested
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default="pending")
    remark: Mapped[str] = mapped_column(String(255), server_default="")
    created_by_dept_id: Mapped[int | None] = mapped_column(BigInteger)  # the data scope of the request
    # What the approval did: cards granted, and the cards it could not grant with the reason for each.
    granted_count: Mapped[int] = mapped_column(Integer, server_default="0", nullable=False)
    refused_count: Mapped[int] = mapped_column(Integer, server_default="0", nullable=False)
    refused: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default="[]", nullable=False)
    revoked_total: Mapped[Decimal] = mapped_column(MONEY, server_default="0", nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoke_reason: Mapped[str] = mapped_column(String(255), server_default="")

    __table_args__ = (
        Index("ix_red_packet_grants_activation_id", "activation_id",
              postgresql_where=text("activation_id IS NOT NULL")),
    )


class RedPacket(Base):
    """One granted packet on one card. amount = used + revoked + expired + balance, always.

    The card row keeps the totals (red_packet_balance includes every packet's balance, and
    granted_red_packet_balance the part of it these rows hold), so the debit spends packets under the card's
    row lock and the unique (grant_id, card_id) makes a repeated approval grant nothing twice."""

    __tablename__ = "red_packets"
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    grant_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    card_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    used: Mapped[Decimal] = mapped_column(MONEY, server_default="0", nullable=False)
    revoked: Mapped[Decimal] = mapped_column(MONEY, server_default="0", nullable=False)
    expired: Mapped[Decimal] = mapped_column(MONEY, server_default="0", nullable=False)
    balance: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    valid_to: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))

    __table_args__ = (
        UniqueConstraint("grant_id", "card_id", name="uq_red_packets_grant_card"),
        # What a debit and the expiry job look for: the packets that still hold money.
        Index("ix_red_packets_card_live", "card_id", postgresql_where=text("balance > 0")),
        Index("ix_red_packets_due", "valid_to", postgresql_where=text("balance > 0")),
        Index("ix_red_packets_card_id", "card_id"),
    )


class RedPacketSpend(Base):
    """How much of a debit (its ledger entry) each granted packet paid, so a refund refills the packets it came
    from (while they are live) and never the card's own red packet with a grant's money."""

    __tablename__ = "red_packet_spends"

    entry_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    packet_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
