"""Owner-change requests (跟进人管理): one customer, or every customer of a departing salesperson."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base
from shared.db import AuditMixin


class OwnerChange(AuditMixin, Base):
    __tablename__ = "crm_owner_changes"
    # Server-side timestamps come back with the INSERT/UPDATE (RETURNING), so rows never lazy-load.
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        # At most one pending request per customer.
        Index(
            "uq_crm_owner_changes_pending",
            "customer_id",
            unique=True,
            postgresql_where=text("status = 'pending' AND customer_id IS NOT NULL AND deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="customer")  # customer / all_of_owner
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("crm_customers.id"), nullable=True)
    customer_name: Mapped[str] = mapped_column(String(128), default="")
    from_owner_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    from_owner_name: Mapped[str] = mapped_column(String(64), default="")
    from_dept_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    to_owner_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # None: to the public pool
    to_owner_name: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    note: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reviewer_name: Mapped[str] = mapped_column(String(64), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    review_reason: Mapped[str] = mapped_column(Text, default="")
    moved_count: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
