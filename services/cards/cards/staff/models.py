"""The cards service's copy of the staff directory."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from cards.db import Base


class StaffMember(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    dept_id: Mapped[int | None] = mapped_column(BigInteger)
    dept_name: Mapped[str] = mapped_column(String(64), server_default="")
    position: Mapped[str] = mapped_column(String(64), server_default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="true")
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
