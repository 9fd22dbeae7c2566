"""售后 (退货/退款): a member's request on some lines and quantities of a completed order, and how it was
handled. Several requests may follow one another on one order (one open at a time); what they return and
refund is counted on the order's lines (`returned_quantity`) and the order (`refund_amount`), each capped by
a check constraint, so together they never exceed the order."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from mall.db import Base
from shared.db import TimestampMixin, VersionMixin

AFTER_SALE_STATUSES = "('pending', 'returning', 'completed', 'rejected')"


class AfterSale(TimestampMixin, VersionMixin, Base):
    __tablename__ = "after_sales"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    order_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("orders.id", ondelete="RESTRICT"), index=True)
    member_id: Mapped[int] = mapped_column(BigInteger, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(String(500), default="", server_default="")
    refund_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    # What was paid for the asked lines and quantities: the refund's ceiling (NULL on requests made before
    # partial returns, which covered the whole order).
    paid_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    restore_stock: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    reject_reason: Mapped[str] = mapped_column(String(255), default="", server_default="")
    handled_by_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    handled_by_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    rejected_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    __table_args__ = (
        # One open request per order at a time, held by the database.
        Index("uq_after_sales_open", "order_id", unique=True,
              postgresql_where=text("status IN ('pending', 'returning')")),
        CheckConstraint(f"status IN {AFTER_SALE_STATUSES}", name="status_known"),
        CheckConstraint("refund_amount IS NULL OR refund_amount > 0", name="refund_positive"),
        CheckConstraint("refund_amount IS NULL OR paid_amount IS NULL OR refund_amount <= paid_amount",
                        name="refund_not_above_lines_paid"),
    )


class AfterSaleLine(Base):
    """One order line of a request and how many of its units go back, with what was paid for them."""

    __tablename__ = "after_sale_lines"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    after_sale_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("after_sales.id", ondelete="CASCADE"),
                                               index=True)
    order_line_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("order_lines.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(Integer)
    paid_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    __table_args__ = (
        UniqueConstraint("after_sale_id", "order_line_id", name="uq_after_sale_lines_line"),
        CheckConstraint("quantity > 0 AND paid_amount >= 0", name="line_valid"),
    )
