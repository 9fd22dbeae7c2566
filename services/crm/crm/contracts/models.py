"""Contracts (合同), sub-contracts, attachments and payment plans (回款计划)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Identity, Index, Integer, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base
from shared.db import AuditMixin, VersionMixin


class Contract(AuditMixin, VersionMixin, Base):
    __tablename__ = "crm_contracts"
    # Server-side timestamps come back with the INSERT/UPDATE (RETURNING), so rows never lazy-load.
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        Index("uq_crm_contracts_no", "contract_no", unique=True),
        Index("ix_crm_contracts_customer", "customer_id"),
        Index("ix_crm_contracts_owner", "owner_id", "id"),
        Index("ix_crm_contracts_dept", "dept_id", "id"),
        Index("ix_crm_contracts_parent", "parent_id", postgresql_where=text("parent_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("crm_contracts.id"), nullable=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("crm_customers.id"))
    customer_name: Mapped[str] = mapped_column(String(128), default="")
    name: Mapped[str] = mapped_column(String(128))
    contract_no: Mapped[str] = mapped_column(String(64))
    contract_type: Mapped[str] = mapped_column(String(16), default="体检卡")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    red_packet_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    # 已回款, named as in the sales report (the column keeps its first name).
    payment_amount: Mapped[Decimal] = mapped_column(
        "paid_total", Numeric(14, 2), default=Decimal("0"), server_default="0"
    )
    total_cards: Mapped[int] = mapped_column(Integer, default=0)
    card_type: Mapped[str] = mapped_column(String(32), default="")
    face_value_per_card: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    red_packet_per_card: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    owner_name: Mapped[str] = mapped_column(String(64), default="")
    dept_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dept_name: Mapped[str] = mapped_column(String(64), default="")
    reviewer_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reviewer_name: Mapped[str] = mapped_column(String(64), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    review_reason: Mapped[str] = mapped_column(Text, default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Attachment(AuditMixin, Base):
    __tablename__ = "crm_contract_attachments"
    # Server-side timestamps come back with the INSERT/UPDATE (RETURNING), so rows never lazy-load.
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("crm_contracts.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(BigInteger)
    storage_key: Mapped[str] = mapped_column(String(255))


class PaymentPlan(AuditMixin, Base):
    """One instalment of a contract's payment plan; its status is derived from the payments."""

    __tablename__ = "crm_payment_plans"
    # Server-side timestamps come back with the INSERT/UPDATE (RETURNING), so rows never lazy-load.
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("crm_contracts.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    note: Mapped[str] = mapped_column(Text, default="")
