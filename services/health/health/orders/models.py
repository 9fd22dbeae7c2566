"""Checkup orders (订单管理). Names and prices are copied at booking time: a later catalogue edit never
changes what a member paid or what the hospital is owed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Index,
    Numeric,
    Sequence,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from health.db import Base
from shared.db import TimestampMixin, VersionMixin

order_no_seq = Sequence("order_no_seq", metadata=Base.metadata)

# HO + the Shanghai booking date + a sequence number: unique, readable, made in the INSERT itself.
ORDER_NO_DEFAULT = text(
    "'HO' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('order_no_seq')::text, 8, '0')"
)


class Order(TimestampMixin, VersionMixin, Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    order_no: Mapped[str] = mapped_column(String(32), unique=True, server_default=ORDER_NO_DEFAULT)
    status: Mapped[str] = mapped_column(String(20), index=True)
    member_id: Mapped[int] = mapped_column(BigInteger, index=True)
    member_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    member_phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    examinee_name: Mapped[str] = mapped_column(String(50))
    examinee_phone: Mapped[str] = mapped_column(String(20))
    gender: Mapped[str] = mapped_column(String(8))
    card_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    card_no: Mapped[str] = mapped_column(String(32), default="", server_default="", index=True)
    package_id: Mapped[int] = mapped_column(BigInteger, index=True)
    package_name: Mapped[str] = mapped_column(String(200))
    hospital_id: Mapped[int] = mapped_column(BigInteger)
    hospital_name: Mapped[str] = mapped_column(String(100))
    brand_id: Mapped[int] = mapped_column(BigInteger, index=True)
    brand_name: Mapped[str] = mapped_column(String(100))
    day: Mapped[date] = mapped_column(Date)
    sale_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    settlement_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    use_red_packet: Mapped[bool] = mapped_column(default=True, server_default="true")
    payment_entry_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    red_packet_part: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    balance_part: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    refund_entry_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    refunded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancel_reason: Mapped[str] = mapped_column(String(255), default="", server_default="")
    cancelled_by: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # The member's Idempotency-Key: a retried booking finds its order instead of booking twice.
    client_key: Mapped[str | None] = mapped_column(String(255), nullable=True)

    __table_args__ = (
        Index("ix_orders_hospital_day", "hospital_id", "day"),
        UniqueConstraint("member_id", "client_key", name="uq_orders_member_client_key"),
        Index("ix_orders_pending", "created_at", postgresql_where=text("status IN ('pending_payment', 'cancelled')")),
        CheckConstraint("sale_amount >= 0 AND settlement_amount >= 0", name="amounts_non_negative"),
        CheckConstraint(
            "status IN ('pending_payment', 'booked', 'checked_in', 'completed', 'cancelled', 'refunded')",
            name="status_known",
        ),
    )

    # order_no and the timestamps come from the database; fetch them in the INSERT's RETURNING.
    __mapper_args__ = {"eager_defaults": True}
