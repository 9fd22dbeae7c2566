"""订单管理: orders, their lines and every status move. Names and prices are copied when the order is
placed: a later catalogue edit never changes what a member paid or what a line settles for."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    Sequence,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from mall.db import Base
from shared.db import TimestampMixin, VersionMixin

order_no_seq = Sequence("mall_order_no_seq", metadata=Base.metadata)

# MO + the Shanghai date + a sequence number: unique, readable, made in the INSERT itself.
ORDER_NO_DEFAULT = text(
    "'MO' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') "
    "|| lpad(nextval('mall_order_no_seq')::text, 8, '0')"
)
STATUSES = "('pending_payment', 'to_ship', 'shipped', 'completed', 'cancelled', 'refunded')"


class Order(TimestampMixin, VersionMixin, Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    order_no: Mapped[str] = mapped_column(String(32), unique=True, server_default=ORDER_NO_DEFAULT)
    status: Mapped[str] = mapped_column(String(20), index=True)
    member_id: Mapped[int] = mapped_column(BigInteger, index=True)
    member_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    member_phone: Mapped[str] = mapped_column(String(20), default="", server_default="", index=True)
    card_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    card_no: Mapped[str] = mapped_column(String(32), default="", server_default="", index=True)
    consignee_name: Mapped[str] = mapped_column(String(50))
    consignee_phone: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(400))
    remark: Mapped[str] = mapped_column(String(255), default="", server_default="")
    quantity: Mapped[int] = mapped_column(Integer)
    sale_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    settlement_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    use_red_packet: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    payment_entry_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    red_packet_part: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    balance_part: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    carrier: Mapped[str] = mapped_column(String(32), default="", server_default="")
    tracking_no: Mapped[str] = mapped_column(String(64), default="", server_default="")
    refund_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    refund_entry_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    refunded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancel_reason: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # The cart rows this order was placed from: removed once it is paid.
    cart_item_ids: Mapped[list[int]] = mapped_column(JSONB, default=list, server_default=text("'[]'::jsonb"))
    # The member's Idempotency-Key: a retried order finds its order instead of ordering twice.
    client_key: Mapped[str | None] = mapped_column(String(255), nullable=True)

    __table_args__ = (
        UniqueConstraint("member_id", "client_key", name="uq_orders_member_client_key"),
        Index("ix_orders_created_at", "created_at"),
        Index("ix_orders_due", "shipped_at", postgresql_where=text("status = 'shipped'")),
        Index("ix_orders_unsettled", "created_at",
              postgresql_where=text("status = 'pending_payment' OR (status = 'cancelled' AND refunded_at IS NULL)")),
        CheckConstraint("sale_amount > 0 AND settlement_amount >= 0 AND quantity > 0", name="amounts_valid"),
        CheckConstraint("refund_amount IS NULL OR (refund_amount > 0 AND refund_amount <= sale_amount)",
                        name="refund_not_above_paid"),
        CheckConstraint(f"status IN {STATUSES}", name="status_known"),
    )
    __mapper_args__ = {"eager_defaults": True}


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    order_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    goods_id: Mapped[int] = mapped_column(BigInteger, index=True)
    sku_id: Mapped[int] = mapped_column(BigInteger)
    goods_name: Mapped[str] = mapped_column(String(100))
    specs: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    brand_id: Mapped[int] = mapped_column(BigInteger)
    brand_name: Mapped[str] = mapped_column(String(100))
    category_id: Mapped[int] = mapped_column(BigInteger)
    category_name: Mapped[str] = mapped_column(String(50))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    sale_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    settlement_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    # Units given back by completed after-sales requests: never more than were bought (docs/domains/mall.md).
    returned_quantity: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        CheckConstraint("returned_quantity >= 0 AND returned_quantity <= quantity", name="returned_within_bought"),
    )


class OrderTransition(Base):
    """One status move: from, to, who and when (the order's history)."""

    __tablename__ = "order_transitions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    order_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    actor_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    note: Mapped[str] = mapped_column(String(255), default="", server_default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
