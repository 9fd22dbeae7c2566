"""What an approved contract allows (合同额度) and who owns it, kept from the CRM's contract and owner events."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Date, DateTime, Integer, Numeric, String, func
from sqlalchemy.orm import Mapped, mapped_column

from cards.db import Base

MONEY = Numeric(14, 2)


class Entitlement(Base):
    __tablename__ = "entitlements"

    contract_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    contract_no: Mapped[str] = mapped_column(String(64), server_default="")
    contract_name: Mapped[str] = mapped_column(String(128), server_default="")
    parent_id: Mapped[int | None] = mapped_column(BigInteger)
    contract_type: Mapped[str] = mapped_column(String(32), server_default="")
    customer_id: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    customer_name: Mapped[str] = mapped_column(String(128), server_default="")
    owner_id: Mapped[int | None] = mapped_column(BigInteger)
    owner_name: Mapped[str] = mapped_column(String(64), server_default="")
    dept_id: Mapped[int | None] = mapped_column(BigInteger)
    dept_name: Mapped[str] = mapped_column(String(64), server_default="")
    card_type: Mapped[str] = mapped_column(String(32), server_default="")
    total_cards: Mapped[int] = mapped_column(Integer, nullable=False)
    # Cards issued under the contract so far (kept with the issue approval, under the row lock).
    issued_cards: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    red_packet_amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")
    face_value_per_card: Mapped[Decimal | None] = mapped_column(MONEY)
    red_packet_per_card: Mapped[Decimal | None] = mapped_column(MONEY)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    approved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    approved_by_name: Mapped[str] = mapped_column(String(64), server_default="")
    # Set by crm.ContractVoided: nothing more may be issued or activated against the contract.
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    void_reason: Mapped[str] = mapped_column(String(255), server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ContractOwnerMove(Base):
    """The newest owner move of a contract (crm.CustomerOwnerChanged), kept apart from the entitlement so a
    move that arrives before the contract's approval still wins over the older owner the approval names."""

    __tablename__ = "contract_owner_moves"

    contract_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    owner_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    owner_name: Mapped[str] = mapped_column(String(64), server_default="")
    dept_id: Mapped[int | None] = mapped_column(BigInteger)
    dept_name: Mapped[str] = mapped_column(String(64), server_default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
