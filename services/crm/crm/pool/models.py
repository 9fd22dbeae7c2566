"""Public-pool rules and the claim ledger the daily claim limit counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Identity, Index, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base
from shared.db import TimestampMixin, VersionMixin

GLOBAL_RULE = "ALL"  # the rule for every level that has no enabled rule of its own


class PoolRule(TimestampMixin, VersionMixin, Base):
    __tablename__ = "crm_pool_rules"
    # Server-side timestamps come back with the INSERT/UPDATE (RETURNING), so rows never lazy-load.
    __mapper_args__ = {"eager_defaults": True}

    scope_key: Mapped[str] = mapped_column(String(8), primary_key=True)  # ALL / A / B / C / D
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    no_follow_up_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    no_deal_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exempt_dealt: Mapped[bool] = mapped_column(Boolean, default=True)
    hold_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cap_counts_dealt: Mapped[bool] = mapped_column(Boolean, default=False)
    daily_claim_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cooldown_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    remind_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_by_name: Mapped[str] = mapped_column(String(64), default="")


class PoolClaim(Base):
    """One row per claim or assignment: who took which customer when (daily limit, manager's review)."""

    __tablename__ = "crm_pool_claims"
    __table_args__ = (Index("ix_crm_pool_claims_staff_day", "staff_id", "claimed_at"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    customer_id: Mapped[int] = mapped_column(BigInteger, index=True)
    staff_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(8))  # claim / assign
    by_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    by_name: Mapped[str] = mapped_column(String(64), default="")
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
