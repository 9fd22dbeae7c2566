"""Payments received (回款) against approved contracts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base
from shared.db import AuditMixin, VersionMixin


class Payment(AuditMixin, VersionMixin, Base):
    __tablename__ = "crm_payments"
    # Server-side timestamps come back with the INSERT/UPDATE (RETURNING), so rows never lazy-load.
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        Index("ix_crm_payments_contract", "contract_id"),
        Index("ix_crm_payments_owner", "owner_id", "id"),
        Index("ix_crm_payments_dept", "dept_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("crm_contracts.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("crm_customers.id"))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    method: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    owner_name: Mapped[str] = mapped_column(String(64), default="")
    dept_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dept_name: Mapped[str] = mapped_column(String(64), default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
