"""What members choose from: service products (产品管理), hospitals (医院管理) with their districts, and the
questions and answers (问答管理) the member app shows."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from escort.db import Base
from shared.db import AuditMixin, VersionMixin

SERVICE_TYPES = {
    "full": "全程陪诊",
    "half": "半程陪诊",
    "report": "代取报告",
    "consult": "代问诊",
}
SHARE_MODES = {"rate": "按比例", "fixed": "固定金额"}
HOSPITAL_LEVELS = ("三甲", "三乙", "二甲", "二乙", "一级", "其他")


class District(Base):
    """区县 option list (the seed's 南昌 districts keep their ids)."""

    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    city: Mapped[str] = mapped_column(String(50), default="南昌市", server_default="南昌市")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Hospital(AuditMixin, VersionMixin, Base):
    __tablename__ = "hospitals"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    level: Mapped[str] = mapped_column(String(16))
    city: Mapped[str] = mapped_column(String(50), default="南昌市", server_default="南昌市")
    district_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("districts.id", ondelete="SET NULL"), nullable=True, index=True
    )
    address: Mapped[str] = mapped_column(String(255), default="", server_default="")
    departments: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list, server_default="{}")
    shown: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Product(AuditMixin, VersionMixin, Base):
    """A service sold to members. The escort's share is a rate of the price or a fixed amount."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    service_type: Mapped[str] = mapped_column(String(16))
    price: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    share_mode: Mapped[str] = mapped_column(String(8))
    share_value: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    cities: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list, server_default="{}")
    on_shelf: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("service_type IN ('full', 'half', 'report', 'consult')", name="service_type_known"),
        CheckConstraint(
            "(share_mode = 'rate' AND share_value >= 0 AND share_value <= 1) "
            "OR (share_mode = 'fixed' AND share_value >= 0 AND share_value <= price)",
            name="share_within_price",
        ),
    )


class Question(AuditMixin, VersionMixin, Base):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    group_name: Mapped[str] = mapped_column(String(50), index=True)
    question: Mapped[str] = mapped_column(String(255))
    answer: Mapped[str] = mapped_column(Text)
    shown: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
