"""The staff directory: a copy of the gateway's staff, kept from `gateway.StaffChanged` events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base


class Staff(Base):
    __tablename__ = "crm_staff"
    # Server-side timestamps come back with the INSERT/UPDATE (RETURNING), so rows never lazy-load.
    __mapper_args__ = {"eager_defaults": True}

    staff_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    username: Mapped[str] = mapped_column(String(64), default="")
    name: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    dept_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dept_name: Mapped[str] = mapped_column(String(64), default="")
    position: Mapped[str] = mapped_column(String(64), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
