"""Follow-up records (跟进记录)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base
from shared.db import AuditMixin, VersionMixin


class FollowUp(AuditMixin, VersionMixin, Base):
    __tablename__ = "crm_follow_ups"
    # Server-side timestamps come back with the INSERT/UPDATE (RETURNING), so rows never lazy-load.
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        Index("ix_crm_follow_ups_customer", "customer_id", "followed_at"),
        Index("ix_crm_follow_ups_next", "next_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("crm_customers.id"))
    method: Mapped[str] = mapped_column(String(16))
    followed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    next_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # 计划跟进时间
    next_plan: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # The owner when it was recorded (the list shows the customer's current owner as 当前跟进人).
    owner_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
