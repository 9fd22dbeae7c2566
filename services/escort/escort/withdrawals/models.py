"""Withdrawal methods (提现项管理) and withdrawals (提现管理). The amount is held from the escort's balance
when asked for; paying releases the hold, rejecting returns it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from escort.db import Base
from shared.db import AuditMixin, TimestampMixin, VersionMixin

WITHDRAWAL_METHODS = {"bank": "银行卡", "alipay": "支付宝", "wechat": "微信"}
WITHDRAWAL_STATUSES = {"pending": "待审核", "approved": "已审核", "paid": "已打款", "rejected": "已驳回"}


class WithdrawalItem(AuditMixin, VersionMixin, Base):
    __tablename__ = "withdrawal_items"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    method: Mapped[str] = mapped_column(String(16))
    min_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    # The fee: a rate of the amount plus a fixed part (either may be zero).
    fee_rate: Mapped[Decimal] = mapped_column(Numeric(6, 4), default=Decimal("0"), server_default="0")
    fee_fixed: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"), server_default="0")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        CheckConstraint("method IN ('bank', 'alipay', 'wechat')", name="method_known"),
        CheckConstraint("min_amount > 0 AND fee_rate >= 0 AND fee_rate < 1 AND fee_fixed >= 0", name="rule_valid"),
    )


class Withdrawal(TimestampMixin, VersionMixin, Base):
    __tablename__ = "withdrawals"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    escort_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("escorts.id", ondelete="RESTRICT"))
    escort_name: Mapped[str] = mapped_column(String(50))
    item_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("withdrawal_items.id", ondelete="RESTRICT"))
    item_name: Mapped[str] = mapped_column(String(50))
    method: Mapped[str] = mapped_column(String(16))
    account_name: Mapped[str] = mapped_column(String(50))
    account_no: Mapped[str] = mapped_column(String(64))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    fee: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    net_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    reject_reason: Mapped[str] = mapped_column(String(255), default="", server_default="")
    reviewed_by_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    paid_reference: Mapped[str] = mapped_column(String(64), default="", server_default="")
    paid_by_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The escort's Idempotency-Key: a retried request finds its withdrawal instead of holding twice.
    client_key: Mapped[str | None] = mapped_column(String(255), nullable=True)

    __table_args__ = (
        Index("ix_withdrawals_escort", "escort_id", "id"),
        Index("uq_withdrawals_escort_client_key", "escort_id", "client_key", unique=True),
        CheckConstraint("status IN ('pending', 'approved', 'paid', 'rejected')", name="status_known"),
        CheckConstraint("amount > 0 AND fee >= 0 AND net_amount = amount - fee AND net_amount > 0",
                        name="amounts_valid"),
    )
