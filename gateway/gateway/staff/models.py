"""员工: back-office staff accounts, their department and roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Column, DateTime, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.db import Base
from gateway.roles.models import Role
from shared.db import AuditMixin, VersionMixin

staff_roles = Table(
    "staff_roles",
    Base.metadata,
    Column("staff_id", BigInteger, ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", BigInteger, ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Staff(AuditMixin, VersionMixin, Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(32), default="", server_default="")
    email: Mapped[str] = mapped_column(String(128), default="", server_default="")
    position: Mapped[str] = mapped_column(String(64), default="", server_default="")
    dept_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("departments.id"), nullable=True, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    superuser: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    password_hash: Mapped[str] = mapped_column(String(255))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_login_ip: Mapped[str] = mapped_column(String(64), default="", server_default="")
    remark: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # Bumped with every gateway.StaffChanged so consumers can drop a late, older copy.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    roles: Mapped[list[Role]] = relationship(Role, secondary=staff_roles, lazy="selectin", order_by=Role.id)
