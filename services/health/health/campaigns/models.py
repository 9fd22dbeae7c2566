"""Campaigns (活动管理 / 爱尔活动管理) of a hospital brand and the members' sign-ups to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from health.db import Base
from shared.db import AuditMixin, TimestampMixin, VersionMixin


class Campaign(AuditMixin, VersionMixin, Base):
    """`taken` counts sign-ups: it only moves by a conditional UPDATE (`taken < quota`), so no race overfills."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    brand_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("brands.id", ondelete="RESTRICT"), index=True)
    # The brand's stores (hospitals) where the campaign runs; checked against hospitals when written.
    hospital_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger), default=list, server_default="{}")
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    quota: Mapped[int] = mapped_column(Integer)
    taken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Who may join: anyone, or the holders of an active card of the given customers (企业客户) or card kinds
    # (卡片种类); cards answers which cards a member holds (docs/domains/health.md).
    audience: Mapped[str] = mapped_column(String(16), default="any", server_default="any")
    customer_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger), default=list, server_default="{}")
    card_kinds: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list, server_default="{}")
    description: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    status: Mapped[str] = mapped_column(String(16), default="online", server_default="online")

    __table_args__ = (
        CheckConstraint("quota > 0", name="quota_positive"),
        CheckConstraint("taken >= 0 AND taken <= quota", name="taken_within_quota"),
        CheckConstraint("ends_at > starts_at", name="period_ordered"),
        CheckConstraint("audience IN ('any', 'customers')", name="audience_known"),
        CheckConstraint("status IN ('online', 'offline')", name="status_known"),
    )


class CampaignSignUp(TimestampMixin, Base):
    __tablename__ = "campaign_sign_ups"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("campaigns.id", ondelete="RESTRICT"), index=True)
    member_id: Mapped[int] = mapped_column(BigInteger)
    member_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    member_phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    hospital_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("hospitals.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="signed_up", server_default="signed_up")
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    __table_args__ = (
        UniqueConstraint("campaign_id", "member_id"),  # one sign-up per member per campaign
        CheckConstraint("status IN ('signed_up', 'checked')", name="status_known"),
    )
