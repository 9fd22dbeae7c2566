"""用户 (members): card holders who use the member app."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base
from shared.db import TimestampMixin


class Member(TimestampMixin, Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Moved by one atomic UPDATE per successful login, so concurrent logins each count once.
    login_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set by an admin's password reset, cleared when the member sets a password of their own.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
