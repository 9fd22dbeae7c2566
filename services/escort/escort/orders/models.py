"""Escort orders (订单管理), their transition records and the members' reviews. Product, hospital and price
are copied at booking time: a later catalogue edit never changes what a member paid or an escort earns."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    Sequence,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from escort.db import Base
from shared.db import TimestampMixin, VersionMixin

order_no_seq = Sequence("escort_order_no_seq", metadata=Base.metadata)

# PZ + the Shanghai booking date + a sequence number: unique, readable, made in the INSERT itself.
ORDER_NO_DEFAULT = text(
    "'PZ' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') "
    "|| lpad(nextval('escort_order_no_seq')::text, 8, '0')"
)
STATUS_CHECK = (
    "status IN ('pending_payment', 'waiting', 'accepted', 'in_service', 'completed', 'cancelled', 'refunded')"
)


class Order(TimestampMixin, VersionMixin, Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    order_no: Mapped[str] = mapped_column(String(32), unique=True, server_default=ORDER_NO_DEFAULT)
    status: Mapped[str] = mapped_column(String(20))
    member_id: Mapped[int] = mapped_column(BigInteger, index=True)
    member_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    member_phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    card_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    card_no: Mapped[str] = mapped_column(String(32), default="", server_default="")
    product_id: Mapped[int] = mapped_column(BigInteger, index=True)
    product_name: Mapped[str] = mapped_column(String(100))
    service_type: Mapped[str] = mapped_column(String(16))
    hospital_id: Mapped[int] = mapped_column(BigInteger)
    hospital_name: Mapped[str] = mapped_column(String(100))
    department: Mapped[str] = mapped_column(String(50), default="", server_default="")
    appointment_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    patient_name: Mapped[str] = mapped_column(String(50))
    patient_phone: Mapped[str] = mapped_column(String(20))
    patient_id_number: Mapped[str] = mapped_column(String(18))
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    sale_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    escort_share: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    platform_share: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    # The code the member shows the escort (核销码): the service starts only with it.
    service_code: Mapped[str] = mapped_column(String(6))
    escort_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("escorts.id"), nullable=True, index=True)
    escort_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    use_red_packet: Mapped[bool] = mapped_column(default=True, server_default="true")
    payment_entry_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    refund_entry_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    taken_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    refunded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancel_reason: Mapped[str] = mapped_column(String(255), default="", server_default="")
    cancelled_by: Mapped[str] = mapped_column(String(16), default="", server_default="")
    rating: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    # The member's Idempotency-Key: a retried booking finds its order instead of booking twice.
    client_key: Mapped[str | None] = mapped_column(String(255), nullable=True)

    __table_args__ = (
        UniqueConstraint("member_id", "client_key", name="uq_orders_member_client_key"),
        Index("ix_orders_status_hospital", "status", "hospital_id", "appointment_at"),
        CheckConstraint("sale_amount > 0 AND escort_share >= 0 AND platform_share >= 0", name="amounts_valid"),
        CheckConstraint("escort_share + platform_share = sale_amount", name="shares_add_up"),
        CheckConstraint(STATUS_CHECK, name="status_known"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
    )

    # order_no and the timestamps come from the database; fetch them in the INSERT's RETURNING.
    __mapper_args__ = {"eager_defaults": True}


class OrderTransition(Base):
    """Every status move of an order, by whom and why (the order's history)."""

    __tablename__ = "order_transitions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    order_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_kind: Mapped[str] = mapped_column(String(16))  # member | escort | staff | system
    actor_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    actor_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    reason: Mapped[str] = mapped_column(String(255), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    order_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("orders.id", ondelete="CASCADE"), unique=True)
    escort_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("escorts.id"), index=True)
    member_id: Mapped[int] = mapped_column(BigInteger)
    rating: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)
