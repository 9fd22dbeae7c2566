"""Hospitals (医院管理, the stores of a brand), their staff (员工管理), districts (区县) and schedules (排班)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from health.db import Base
from shared.db import AuditMixin, TimestampMixin, VersionMixin


class District(Base):
    """区县 option list (ids from the seed)."""

    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    city: Mapped[str] = mapped_column(String(50), default="南昌市", server_default="南昌市")
    province: Mapped[str] = mapped_column(String(50), default="江西省", server_default="江西省")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Hospital(AuditMixin, VersionMixin, Base):
    __tablename__ = "hospitals"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    brand_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("brands.id", ondelete="RESTRICT"), index=True)
    channel: Mapped[str] = mapped_column(String(16), default="both", server_default="both")
    phone: Mapped[str] = mapped_column(String(32), default="", server_default="")
    business_hours: Mapped[str] = mapped_column(String(100), default="", server_default="")
    province: Mapped[str] = mapped_column(String(50), default="", server_default="")
    city: Mapped[str] = mapped_column(String(50), default="", server_default="")
    district: Mapped[str] = mapped_column(String(50), default="", server_default="")
    district_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("districts.id", ondelete="SET NULL"), nullable=True, index=True
    )
    address: Mapped[str] = mapped_column(String(255), default="", server_default="")
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")

    __table_args__ = (
        CheckConstraint("channel IN ('online', 'offline', 'both')", name="channel_known"),
        CheckConstraint("status IN ('active', 'disabled')", name="status_known"),
    )


class HospitalStaff(AuditMixin, VersionMixin, Base):
    __tablename__ = "hospital_staff"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hospital_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("hospitals.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(100), default="", server_default="")
    position: Mapped[str] = mapped_column(String(50), default="", server_default="")
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")

    __table_args__ = (
        UniqueConstraint("hospital_id", "phone", name="uq_hospital_staff_hospital_phone"),
        CheckConstraint("status IN ('active', 'disabled')", name="status_known"),
    )


class Schedule(TimestampMixin, Base):
    """One hospital's bookable capacity on one day; `booked` moves only through atomic conditional updates."""

    __tablename__ = "schedules"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hospital_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("hospitals.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    booked: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")

    __table_args__ = (
        UniqueConstraint("hospital_id", "day", name="uq_schedules_hospital_day"),
        CheckConstraint("capacity >= 0 AND booked >= 0 AND booked <= capacity", name="capacity_bounds"),
    )
