"""Partner API keys: bound to one hospital or one escort; only a hash of the key is kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base
from shared.db import AuditMixin


class ApiKey(AuditMixin, Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    # The visible start of the key (shown in lists, used to find the row); the rest is secret.
    prefix: Mapped[str] = mapped_column(String(32), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    partner_type: Mapped[str] = mapped_column(String(16))  # hospital | escort
    partner_id: Mapped[int] = mapped_column(BigInteger)
    rate_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_by_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
