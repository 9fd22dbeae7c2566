"""Escorts (陪诊师管理): the vetted people who serve orders, their certificates, the hospitals they serve,
and their earnings ledger (every change of the balance or of the held amount is one entry)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from escort.db import Base
from shared.db import AuditMixin, VersionMixin

ESCORT_STATUSES = {"pending": "待审核", "certified": "已认证", "rejected": "已驳回", "disabled": "停用"}
LEDGER_KINDS = {
    "earning": "服务收入",
    "withdrawal_hold": "提现冻结",
    "withdrawal_paid": "提现打款",
    "withdrawal_return": "提现驳回退回",
}

escort_hospitals = Table(
    "escort_hospitals",
    Base.metadata,
    Column("escort_id", BigInteger, ForeignKey("escorts.id", ondelete="CASCADE"), primary_key=True),
    Column("hospital_id", BigInteger, ForeignKey("hospitals.id", ondelete="RESTRICT"), primary_key=True,
           index=True),
)


class Escort(AuditMixin, VersionMixin, Base):
    __tablename__ = "escorts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    gender: Mapped[str] = mapped_column(String(8), default="", server_default="")
    city: Mapped[str] = mapped_column(String(50), default="南昌市", server_default="南昌市")
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending", index=True)
    reject_reason: Mapped[str] = mapped_column(String(255), default="", server_default="")
    reviewed_by_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rating_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    order_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Available earnings, and the part held by withdrawals under review (never negative either).
    balance: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"), server_default="0")
    held: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"), server_default="0")
    total_earned: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"), server_default="0")

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'certified', 'rejected', 'disabled')", name="status_known"),
        CheckConstraint("balance >= 0 AND held >= 0", name="balance_non_negative"),
    )


class Certificate(Base):
    __tablename__ = "escort_certificates"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    escort_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("escorts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    number: Mapped[str] = mapped_column(String(64), default="", server_default="")
    expires_on: Mapped[date] = mapped_column(Date)


class LedgerEntry(Base):
    """One change of an escort's money: `amount` moves the balance, `held_amount` the held part."""

    __tablename__ = "escort_ledger"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    escort_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("escorts.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(24))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    held_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"), server_default="0")
    balance_after: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    held_after: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    order_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    withdrawal_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    memo: Mapped[str] = mapped_column(String(255), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_escort_ledger_escort", "escort_id", "id"),
        # One earning per order, one entry of each withdrawal step: a replay cannot count twice.
        Index("uq_escort_ledger_order", "kind", "order_id", unique=True, postgresql_where=text("order_id IS NOT NULL")),
        Index("uq_escort_ledger_withdrawal", "kind", "withdrawal_id", unique=True,
              postgresql_where=text("withdrawal_id IS NOT NULL")),
        CheckConstraint(
            "kind IN ('earning', 'withdrawal_hold', 'withdrawal_paid', 'withdrawal_return')", name="kind_known"
        ),
    )
